"""Places stage: toponyms -> gazetteer candidates -> one choice each, in the article's context.

Toponyms are the model's GPE/LOC entities (the gazetteer's entity ruler fixes names it misses), the
dateline ("MOGADISHU —") and ORG/FAC entities that are unambiguous places. Each is resolved on its
own, so a name that fails stays in the output unresolved and never removes the others:
- country names, aliases and demonyms are always the country (never a town or building that shares
  the name); demonyms are evidence for the article's countries but not places themselves;
- "X Province" / "X Governorate" / "X region" ask for a division, "the city of X" for a town;
- "X, Y" and "X in Y" (and "Alexandria, La.") put X inside Y when Y is a country or division;
- otherwise the candidates are scored by match quality, population, capital status and how well
  their country and division agree with the rest of the article (named countries, the dateline,
  the other toponyms' best readings), in two passes.
``locate()`` then gives an event its place: the toponym of its clause or sentence, else the
dateline, else the article's main country, with ACLED's geo_precision.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .document import Place, PlaceRef
from .knowledge import Knowledge
from .knowledge.gazetteer import Candidate, GazEntry, Gazetteer, fold, keys
from .mentions import ActorIndex, Mention, PlaceIndex

log = logging.getLogger(__name__)

_DATELINE = re.compile(
    r"\s*([A-Z][A-Za-z.'’\- ]{1,40}[A-Z.])(?:\s*,\s*([A-Z][A-Za-z.'’\- ]{1,30}?))?\s*"
    r"(?:\([A-Za-z.&/ ]{1,25}\)\s*)?(?:—|–|--|-|:|\x97)\s")
_DIVISION = {"province", "governorate", "state", "region", "oblast", "prefecture", "district", "department",
             "county", "parish", "emirate", "territory", "krai", "canton", "voivodeship", "wilaya", "division"}
_CITY_BEFORE = re.compile(r"(?:city|town|village|port|capital|suburb)\s+of\s+$", re.I)
_LOCATIVE = {"in", "at", "near", "outside", "into", "around", "across", "inside", "from", "on", "to", "toward", "towards"}
_NEAR = {"near", "outside", "around", "north", "south", "east", "west", "northeast", "northwest", "southeast",
         "southwest", "northern", "southern", "eastern", "western", "central"}
_SITE_WORDS = {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "square", "plaza",
               "church", "cathedral", "mosque", "temple", "hospital", "clinic", "school", "high", "academy", "college",
               "university", "court", "courthouse", "centre", "center", "hall", "house", "tower", "building", "complex",
               "stadium", "arena", "park", "library", "museum", "hotel", "station", "airport", "market", "mall",
               "estate", "embassy", "office", "club", "prison", "jail", "base", "bridge", "campus", "theater", "theatre"}
_ORG_SITE_WORDS = {"street", "avenue", "road", "boulevard", "square", "plaza", "church", "cathedral", "mosque",
                   "temple", "hospital", "library", "stadium", "arena", "park", "bridge", "tower", "building",
                   "estate", "airport"}
# division names that are also plain words ("Central" is a Ugandan region): never taken from an ORG name
_GENERIC = {"central", "western", "eastern", "northern", "southern", "north", "south", "east", "west", "capital",
            "national", "coast", "upper", "lower", "greater", "new", "federal", "centre", "center", "north east",
            "north west", "south east", "south west", "northeast", "northwest", "southeast", "southwest", "interior"}
_DIVISION_AFTER = {"province", "governorate", "oblast", "prefecture", "region", "district", "county", "parish",
                   "emirate", "wilaya", "voivodeship"}
_MATCH_COST = (0.0, 0.7, 2.0)  # folded name, normalised, skeleton
# weights of the candidate score, tuned on the dev halves of GeoWebNews and LGL (benchmarks/geo_eval.py)
W = {"alternate": 0.8, "population": 0.45, "capital": 0.8, "admin1": 0.6, "eponym": 0.9, "share": 3.0,
     "admin1_ctx": 1.2, "dateline": 0.8, "inside": 4.0, "outside": 1.5, "admin2": 1.0, "near": 1.0}
MIN_SCORE = 1.0  # below this the name stays unresolved: unknown beats wrong


@dataclass
class Toponym:
    start: int
    end: int
    text: str  # the raw text, as the article writes it
    query: str  # the name looked up (suffix and "the" removed)
    want: str | None = None  # "admin1" | "city" when the wording asks for one
    dateline: bool = False
    container: int | None = None  # index of the toponym this one lies in ("X, Y", "X in Y")
    state: str | None = None  # GeoNames admin1 code from an abbreviation ("La." -> "US.LA")
    country: str | None = None  # ISO3 when this is a country name
    entry: GazEntry | None = None
    confidence: float = 0.0
    failed: bool = False
    ambiguous: bool = False  # a country name that is also a division elsewhere ("Georgia")
    adjectival: bool = False  # a demonym: evidence for its country, never an event's place
    embedded: bool = False  # inside an organisation's name: a mention, never an event's place
    optional: bool = False  # a building or street from an ORG/FAC entity: dropped when it cannot be placed
    weak: bool = False  # an ORG entity that names a small town: kept only with support from the context


@dataclass
class _Context:
    countries: Counter = field(default_factory=Counter)  # ISO3 -> weight of evidence
    admin1s: set[str] = field(default_factory=set)
    dateline_country: str | None = None
    points: list[tuple[float, float, str]] = field(default_factory=list)  # towns read in pass 1 (lat, lon, text)

    def share(self, iso3: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries[iso3] / total if iso3 and total else 0.0


def extract(doc: Doc, kb: Knowledge, actors: ActorIndex | None = None) -> PlaceIndex:
    gaz: Gazetteer = kb.gazetteer
    topos = _collect(doc, gaz)
    _resolve_all(topos, gaz)
    return _index(topos, gaz)


def resolve_spans(text: str, spans: list[tuple[int, int]], gaz: Gazetteer) -> list[Toponym]:
    """Resolve given toponym spans (gold spans, in evaluation) with the same rules as ``extract``."""
    topos = [t for s, e in spans if (t := _toponym(text, s, e)) is not None]
    m = _dateline(text)
    for t in topos:
        t.dateline = bool(m) and t.start == m.start(1)
    _link(text, topos, gaz)
    _resolve_all(topos, gaz)
    return topos


def _resolve_all(topos: list[Toponym], gaz: Gazetteer) -> None:
    ctx = _Context()
    for t in topos:
        t.country = gaz.country_of(t.query) if t.want != "admin1" or t.query == t.text else None
        if t.country:
            t.adjectival = fold(t.query) in gaz.demonyms and fold(t.query) not in gaz.country_names
            ctx.countries[t.country] += 0.5 if t.adjectival else 1.0
    for final in (False, True):  # first pass gathers context from the easy names, second uses it
        if final:
            ctx = _evidence(topos)
        for t in topos:
            try:
                _resolve(t, topos, gaz, ctx, final)
            except Exception:  # noqa: BLE001 - one bad name must not lose the others
                log.exception("could not resolve the toponym %r", t.text)
                t.entry, t.failed = None, True


# -- finding toponyms -----------------------------------------------------------------------------
def _collect(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    text = doc.text  # Doc.text joins every token: read it once
    topos: list[Toponym] = []
    m = _dateline(text)
    if m and (gaz.country_of(m.group(1)) or gaz.lookup(m.group(1).title())):
        topos.append(Toponym(m.start(1), m.end(1), m.group(1), m.group(1).title(), dateline=True))
        if m.group(2):
            topos.append(Toponym(m.start(2), m.end(2), m.group(2), m.group(2)))
            topos[0].container = 1
            topos[0].state = gaz.state_abbrev.get(fold(m.group(2)))
    taken = [(t.start, t.end) for t in topos]
    for ent in doc.ents:
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        if ent.label_ == "NORP":  # "Iraqi", "Americans": the country, never a place of their own
            if fold(ent.text) in gaz.demonyms or fold(ent.text) in gaz.regions:
                topos.append(Toponym(ent.start_char, ent.end_char, ent.text, ent.text, adjectival=True))
            continue
        if ent.label_ == "PERSON" and len(ent) == 1 and _prep_before(text, ent.start_char) in _LOCATIVE:
            t = _toponym(text, ent.start_char, ent.end_char)  # "moved into Beledweyne": an unknown name
            if t is not None and _sure_place(t, gaz, 10_000):
                topos.append(t)
            continue
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
            if ent.label_ in ("PERSON", "EVENT", "WORK_OF_ART", "LAW", "NORP") and len(ent) > 1:
                topos += _embedded(text, ent, gaz)
            continue
        before = len(topos)
        for start, end in _parts(text, ent.start_char, ent.end_char):
            t = _toponym(text, start, end)
            if t is None:
                continue
            if ent.label_ in ("GPE", "LOC") or _sure_place(t, gaz):
                topos.append(t)
            elif ent.label_ == "FAC" or _is_site(t.query, _ORG_SITE_WORDS):
                t.optional = True  # a building or street: kept only when it can be placed
                topos.append(t)
            elif _sure_place(t, gaz, 1):
                t.optional = t.weak = True  # a small town the model took for an organisation: kept only
                topos.append(t)  # when the article's other places vouch for it (same division, nearby)
        if len(topos) == before and len(ent) > 1:
            topos += _embedded(text, ent, gaz)
    topos += _propagate(doc, text, topos)
    topos.sort(key=lambda t: t.start)
    _link(text, topos, gaz)
    return topos


def _dateline(text: str) -> re.Match | None:
    """'MOGADISHU —' / 'HAMMOND, Ind. (AP) —' at the start of the text, or of the body after a title line."""
    starts = [0] + [m.end() for m in re.finditer(r"\n+|\.\s+", text[:300])][:2]
    for s in starts:
        m = _DATELINE.match(text, s, s + 120)
        if m and len(m.group(1).split()) <= 4:
            letters = [c for c in m.group(1) if c.isalpha()]
            if sum(c.isupper() for c in letters) >= 0.7 * len(letters):
                return m
    return None


def _embedded(text: str, ent, gaz: Gazetteer) -> list[Toponym]:
    """Toponyms inside an organisation's or event's name ("Education Minnesota", "the Texas Fire
    Service"): countries, divisions and large towns only, marked so that no event is placed there."""
    out = []
    toks = [t for t in ent if t.is_title or t.is_upper]
    for n in (3, 2, 1):
        for i in range(len(ent) - n + 1):
            span = ent[i:i + n]
            if not all(t in toks for t in span) or any(o.start < span.end_char and span.start_char < o.end for o in out):
                continue
            t = _toponym(text, span.start_char, span.end_char)
            if t is None or len(t.query) < 3:
                continue
            if fold(t.query) in _GENERIC:
                continue
            if gaz.country_of(t.query) or any(c.level == 0 and c.primary and (c.entry.feature == "admin1" or
                                              c.entry.population >= 100_000) for c in gaz.candidates(t.query)):
                t.embedded = True
                out.append(t)
    return out


def _propagate(doc: Doc, full: str, topos: list[Toponym]) -> list[Toponym]:
    """One sense per article: other occurrences of a toponym's exact text are the same toponym, unless
    they sit inside a longer person's name ("Andrew Jackson")."""
    taken = [(t.start, t.end) for t in topos]
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    out = []
    for text in {t.text for t in topos if not (t.embedded or t.optional) and len(t.text) > 3}:
        for m in re.finditer(rf"(?<![\w-]){re.escape(text)}(?![\w-])", full):
            a, b = m.span()
            if any(s < b and a < e for s, e in taken + persons):
                continue
            out.append(_toponym(full, a, b))
            taken.append((a, b))
    return [t for t in out if t is not None]


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'Musayib, Babil' as one entity is two toponyms."""
    out, s = [], start
    for m in re.finditer(r",\s*", text[start:end]):
        out.append((s, start + m.start()))
        s = start + m.end()
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


def _toponym(full: str, start: int, end: int) -> Toponym | None:
    text = full[start:end]
    query = re.sub(r"^(?:the|The)\s+|['’]s$", "", text).strip()
    want = None
    words = query.split()
    if len(words) > 1 and words[-1].lower() in _DIVISION:
        query, want = " ".join(words[:-1]), "admin1"
    elif len(words) > 2 and words[0].lower() in _DIVISION and words[1].lower() == "of":
        query, want = " ".join(words[2:]), "admin1"
    else:
        after = re.match(r"\s+(\w+)", full[end:end + 20])
        if after and after.group(1).lower() in _DIVISION_AFTER:
            want = "admin1"
        elif _CITY_BEFORE.search(full[max(0, start - 20):start]) or (after and after.group(1) == "city"):
            want = "city"
    if not query or not any(c.isalpha() for c in query):
        return None
    return Toponym(start, end, text, query, want)


def _sure_place(t: Toponym, gaz: Gazetteer, min_pop: int = 50_000) -> bool:
    """An ORG/FAC entity counts as a toponym only when it is a country, a division or a large town."""
    if gaz.country_of(t.query):
        return True
    if fold(t.query) in _GENERIC:
        return False
    return any(c.level < 2 and c.primary and (c.entry.feature == "admin1" or c.entry.population >= min_pop)
               for c in gaz.candidates(t.query))  # primary names only: "Hamas" is an alternate name of Hamm


def _link(text: str, topos: list[Toponym], gaz: Gazetteer) -> None:
    """'X, Y', 'X in Y', 'X (Y)' and 'X, La.': X lies in Y."""
    for i, t in enumerate(topos):
        tail = text[t.end:t.end + 12]
        st = re.match(r"\s*,\s*([A-Z][A-Za-z]{0,4}\.(?:[A-Z]\.)?)", tail)
        if st and fold(st.group(1)) in gaz.state_abbrev:
            t.state = gaz.state_abbrev[fold(st.group(1))]
        if i + 1 < len(topos) and t.container is None:
            gap = text[t.end:topos[i + 1].start]
            if re.fullmatch(r"\s*(?:,|\(|,?\s+in)\s*(?:the\s+)?", gap):
                t.container = i + 1


# -- resolving ------------------------------------------------------------------------------------
def _resolve(t: Toponym, topos: list[Toponym], gaz: Gazetteer, ctx: _Context, final: bool) -> None:
    code = gaz.state_abbrev.get(fold(t.query))
    if code in gaz.admin1 and (t.want is None or t.text.endswith(".")):
        t.entry, t.confidence = gaz.admin1[code], 0.9  # "La." after a town, or on its own
        return
    inner = _division_of_inner(t, topos, gaz)
    if inner is not None:
        t.entry, t.confidence = inner, 0.9
        return
    if t.country and not _state_not_country(t, gaz, ctx):
        t.entry, t.confidence = gaz.countries.get(t.country), 0.99
        return
    region = gaz.regions.get(fold(t.query))
    if region is not None and t.want is None:
        t.entry, t.confidence = region, 0.8
        return
    cands = gaz.candidates(t.query)
    if _is_site(t.query):
        t.entry, t.confidence = _site(t, topos, gaz), 0.3
        if t.entry is not None or not cands:
            return
    if t.want == "admin1":
        cands = [c for c in cands if c.entry.feature in ("admin1", "admin2")] or cands
    if not cands:
        t.entry, t.confidence = None, 0.0
        return
    box = topos[t.container] if t.container is not None else None
    scored = sorted(((_score(c, t, box, ctx, cands, gaz), c) for c in cands), key=lambda x: -x[0])
    best, runner = scored[0][0], (scored[1][0] if len(scored) > 1 else MIN_SCORE - 1.0)
    if best < MIN_SCORE:
        t.entry, t.confidence = None, 0.0
        return
    t.entry = scored[0][1].entry
    if t.weak and not (t.entry.a1code in ctx.admin1s or _near(t.entry, fold(t.query), ctx)):
        t.entry, t.confidence = None, 0.0
        return
    t.confidence = round(1 / (1 + math.exp(-(best - runner))) * (1.0 if scored[0][1].level < 2 else 0.7), 3)


def _is_site(name: str, heads: set[str] | None = None) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1].lower().rstrip(".") in (heads or _SITE_WORDS)


def _site(t: Toponym, topos: list[Toponym], gaz: Gazetteer) -> GazEntry | None:
    """A street or building lies in the town its name holds ("Seoul Central District Court"), else in
    the article's most mentioned town (a street named in local news is in that town); it gets the
    town's point, as feature "site", or stays unresolved when the article names no town."""
    words = t.query.split()
    for n in range(len(words) - 1, 0, -1):  # longest inner name first
        for i in range(len(words) - n + 1):
            inner = " ".join(words[i:i + n])
            if inner[:1].isupper() and not _is_site(inner):
                towns = [c for c in gaz.candidates(inner) if c.level == 0 and c.primary and c.entry.feature == "city"
                         and c.entry.population >= 50_000]
                if towns:
                    return _as_site(max(towns, key=lambda c: c.entry.population).entry)
    focus = Counter((o.entry.geonames_id, o.entry.name) for o in topos
                    if o is not t and o.entry is not None and o.entry.feature == "city")
    if not focus:
        return None
    (gid, _name), _n = focus.most_common(1)[0]
    town = next(o.entry for o in topos if o.entry is not None and o.entry.geonames_id == gid)
    return _as_site(town)


def _as_site(town: GazEntry) -> GazEntry:
    return GazEntry(f"near {town.name}", "site", town.country, town.admin1, town.lat, town.lon, None,
                    0, town.a1code)


def _division_of_inner(t: Toponym, topos: list[Toponym], gaz: Gazetteer) -> GazEntry | None:
    """'Atlanta, Georgia': a name that contains a resolved town and names that town's division is the
    division, even when it is also a country's name."""
    me = topos.index(t)
    k = keys(t.query)[1]
    for o in topos:
        if o.container == me and o.entry is not None and o.entry.feature == "city" and o.entry.a1code:
            a1 = gaz.admin1.get(o.entry.a1code)
            if a1 is not None and keys(a1.name)[1] == k:
                return a1
    return None


def _in_box(e: GazEntry, box: Toponym, gaz: Gazetteer) -> bool:
    if e.a1code and box.query and (a1 := gaz.admin1.get(e.a1code)) is not None and keys(a1.name)[1] == keys(box.query)[1]:
        return True
    if box.entry is None:
        return False
    return e.country == box.entry.country and (box.entry.feature != "admin1" or e.a1code == box.entry.a1code)


def _state_not_country(t: Toponym, gaz: Gazetteer, ctx: _Context) -> bool:
    """'Georgia' in an article about the United States is the state: a country name yields only to a
    division of the same name in the article's dominant country, never to a town."""
    divs = {c.entry.country for c in gaz.candidates(t.query)
            if c.level == 0 and c.entry.feature == "admin1" and c.entry.country != t.country}
    t.ambiguous = bool(divs)
    if not divs:
        return False
    lead = [(k, v) for k, v in ctx.countries.most_common() if k != t.country or not t.ambiguous][:1]
    return bool(lead) and lead[0][0] in divs and ctx.share(lead[0][0]) >= 0.5


def _score(c: Candidate, t: Toponym, box: Toponym | None, ctx: _Context, cands: list[Candidate],
           gaz: Gazetteer) -> float:
    e = c.entry
    s = -_MATCH_COST[c.level] - (0.0 if c.primary else W["alternate"])
    s += W["population"] * math.log10(e.population + 1) + (W["capital"] if e.capital and c.primary else 0.0)
    if e.feature == "admin2":
        s += 3.0 if t.want == "admin1" else -W["admin2"]
    elif e.feature == "admin1":
        s += W["admin1"] if t.want != "city" else -2.0
        s += 3.0 if t.want == "admin1" else 0.0
    elif t.want == "admin1":
        s -= 3.0
    elif any(o.entry.feature == "admin1" and o.entry.a1code == e.a1code for o in cands):
        s += W["eponym"]  # the town that names its division: "Karbala", "Kyiv" are the towns
    if t.state:
        s += 4.0 if e.a1code == t.state else -2.0
    if box is not None and (box.entry is not None or box.country):
        s += W["inside"] if _in_box(e, box, gaz) else -W["outside"]
    s += W["share"] * ctx.share(e.country)
    if e.a1code in ctx.admin1s and e.feature != "admin1":
        s += W["admin1_ctx"]
    if ctx.dateline_country and e.country == ctx.dateline_country:
        s += W["dateline"]
    if W["near"] and _near(e, fold(t.query), ctx):
        s += W["near"]  # local news names towns near each other: Athens beside Tyler is Athens, Texas
    return s


def _near(e: GazEntry, q: str, ctx: _Context) -> bool:
    return e.lat is not None and e.feature in ("city", "admin2") and \
        any(k != q and abs(la - e.lat) < 1.5 and abs(lo - e.lon) < 1.5 for la, lo, k in ctx.points)


def _evidence(topos: list[Toponym]) -> _Context:
    """Context for the second pass: countries of every first-pass reading, weighted by confidence."""
    out = _Context()
    for t in topos:
        if t.entry is None or t.ambiguous:
            continue
        w = (0.5 if t.adjectival else 1.0) if t.entry.feature == "country" else t.confidence
        out.countries[t.entry.country] += w * (2.0 if t.dateline else 1.0)
        if t.entry.feature == "admin1" and t.entry.a1code:
            out.admin1s.add(t.entry.a1code)
        if t.dateline:
            out.dateline_country = t.entry.country
        if t.entry.feature in ("city", "admin2") and t.confidence >= 0.6 and t.entry.lat is not None:
            out.points.append((t.entry.lat, t.entry.lon, fold(t.query)))
    out.countries.pop(None, None)
    return out


# -- output ---------------------------------------------------------------------------------------
def _index(topos: list[Toponym], gaz: Gazetteer) -> PlaceIndex:
    index = PlaceIndex()
    by_key: dict[object, Place] = {}
    adjectival: set[tuple[int, int]] = set()
    for t in topos:
        e = t.entry
        if e is None and t.optional:
            continue
        key = (e.geonames_id or e.name, e.feature) if e and e.feature != "site" else ("?", fold(t.query))
        place = by_key.get(key)
        if place is None:
            place = _place(f"p{len(by_key) + 1}", e.name if t.adjectival and e else t.text, e, t.confidence)
            by_key[key] = place
            index.places.append(place)
        elif place.name.isupper() and len(place.name) > 4 and not t.text.isupper() and not t.adjectival:
            place.name = t.text  # "MOGADISHU" from the dateline reads better as "Mogadishu"
        if t.adjectival or t.embedded:
            adjectival.add((t.start, t.end))
        if t.text not in place.mentions:
            place.mentions.append(t.text)
        place.confidence = max(place.confidence, t.confidence)
        index.mentions.append(Mention(t.start, t.end, t.text, place.id))
        if t.dateline and index.dateline is None:
            index.dateline = place.id
    counts = Counter()
    for t in topos:
        if t.entry is not None and t.entry.country:
            counts[t.entry.country] += (1.0 if t.entry.feature == "country" else t.confidence) * (2 if t.dateline else 1)
    if counts:
        index.main_country = counts.most_common(1)[0][0]
    if index.main_country:
        _country_place(index, gaz, index.main_country)  # locate() falls back to it
    index.adjectival = adjectival
    return index


def _place(pid: str, name: str, e: GazEntry | None, confidence: float) -> Place:
    if e is None:
        return Place(id=pid, name=name, confidence=0.0)
    canonical = None if e.feature == "site" else e.name  # a building is placed at its town, not named
    return Place(id=pid, name=name, canonical=canonical, feature=e.feature, country=e.country, admin1=e.admin1,
                 lat=e.lat, lon=e.lon, geonames_id=e.geonames_id, confidence=confidence)


def _country_place(index: PlaceIndex, gaz: Gazetteer, iso3: str) -> str | None:
    """The id of the country's place, added (with no mention) when the article names only its towns."""
    p = next((p for p in index.places if p.feature == "country" and p.country == iso3), None)
    if p is not None:
        return p.id
    e = gaz.countries.get(iso3)
    if e is None:
        return None
    place = _place(f"p{len(index.places) + 1}", e.name, e, 0.5)
    index.places.append(place)
    return place.id


# -- event location -------------------------------------------------------------------------------
def locate(doc: Doc, index: PlaceIndex, start: int, end: int) -> PlaceRef | None:
    """Where an event whose trigger is at chars [start, end) happened: the place of its clause or
    sentence, else the dateline, else the article's main country (geo_precision 1 / 2 / 3 as ACLED)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        sent = span.sent
        skip = set(index.adjectival)
        if index.dateline:  # the dateline says where the story was filed, not what the clause says
            skip |= {(m.start, m.end) for m in index.mentions if m.ref == index.dateline and m.start < 60}
        best, best_score = None, -1e9
        stext, off = sent.text, sent.start_char  # the sentence's text only: Doc.text costs the whole article
        for m in index.mentions:
            if not (sent.start_char <= m.start < sent.end_char) or (m.start, m.end) in skip:
                continue
            p = index.get(m.ref)
            if p is None or p.lat is None or _modifier(doc, m):
                continue
            sc = _place_score(doc, span, m, p, _prep_before(stext, m.start - off))
            if sc > best_score:
                best, best_score = m, sc
        if best is not None:
            p = index.get(best.ref)
            prec = _precision(p.feature if p else None, _prep_before(stext, best.start - off) in _NEAR)
            return index.ref(best.ref, prec)
    if index.dateline and (p := index.get(index.dateline)) is not None and p.lat is not None:
        return index.ref(index.dateline, max(_precision(p.feature, False), 2))
    if index.main_country:
        p = next((p for p in index.places if p.feature == "country" and p.country == index.main_country), None)
        if p is not None:
            return index.ref(p.id, 3)
    return None


def _modifier(doc: Doc, m: Mention) -> bool:
    """'attacks on U.S. troops', 'Iraqi militia': a place name that modifies a noun says whose, not where."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
        and root.head.i >= span.end


def _precision(feature: str | None, near: bool) -> int:
    if feature == "country":
        return 3
    if feature in ("admin1", "admin2", "region", "site") or near:
        return 2
    return 1


def _prep_before(text: str, char: int) -> str:
    m = re.search(r"(\w+)\s+(?:the\s+)?(?:(?:city|town|village|province|region)\s+of\s+)?$", text[max(0, char - 40):char])
    return m.group(1).lower() if m else ""


def _place_score(doc: Doc, trigger, m: Mention, p: Place, prep: str) -> float:
    """Prefer the place in the trigger's own clause, introduced by a locative preposition, and the
    most precise one: 'strikes on Musayib in Babil, Iraq' -> Musayib."""
    score = -abs(m.start - trigger.start_char) / 200.0
    if prep in _LOCATIVE:
        score += 2.0
    score += {"city": 1.0, "site": 1.0, "admin2": 0.7, "admin1": 0.5, "region": 0.3}.get(p.feature or "", 0.0)
    tok = doc.char_span(m.start, m.end, alignment_mode="expand")
    if tok is not None:
        head = tok.root
        while head.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj") and head.head is not head:
            head = head.head
        if head == trigger.root or head in trigger.root.ancestors or trigger.root in head.subtree:
            score += 1.5
    return score
