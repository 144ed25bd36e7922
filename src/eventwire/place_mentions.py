"""Toponym recognition for the places stage: which spans of an article name places.

Toponyms are the model's GPE/LOC entities (the gazetteer's entity ruler fixes names it misses), the
dateline ("MOGADISHU —"), ORG/FAC entities that are unambiguous places or buildings and streets,
demonyms (evidence for a country, never a place of their own) and names embedded in an
organisation's name. The wording around a name says what kind of place it asks for ("X Province",
"the city of X") and which other toponym contains it ("X, Y", "X in Y", "X, La.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .knowledge.gazetteer import GazEntry, Gazetteer, fold
from .mentions import doc_text

_DATELINE = re.compile(
    r"\s*([A-Z][A-Za-z.'’\- ]{1,40}[A-Z.])(?:\s*,\s*([A-Z][A-Za-z.'’\- ]{1,30}?))?\s*"
    r"(?:\([A-Za-z.&/ ]{1,25}\)\s*)?(?:—|–|--|-|:|\x97)\s")
_DIVISION = {"province", "governorate", "state", "region", "oblast", "prefecture", "district", "department",
             "county", "parish", "emirate", "territory", "krai", "canton", "voivodeship", "wilaya", "division"}
_CITY_BEFORE = re.compile(r"(?:city|town|village|port|capital|suburb)\s+of\s+$", re.I)
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "dame"}
_BEING_IN = {"in", "near", "outside", "around", "inside", "into", "at"}  # prepositions of being somewhere
LOCATIVE = {"in", "at", "near", "outside", "into", "around", "across", "inside", "from", "on", "to", "toward", "towards"}
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
    context_only: bool = False  # found by the recogniser beside given spans: context, not output


def collect(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """The article's toponyms in text order, not yet linked: the caller drops some first (names inside
    persons' names, spans given elsewhere) and then calls ``link`` once over what is left."""
    text = doc_text(doc)  # Doc.text joins every token: read it once
    topos = _dateline_toponyms(text, gaz)
    taken = [(t.start, t.end) for t in topos]
    for ent in doc.ents:
        if not any(s < ent.end_char and ent.start_char < e for s, e in taken):
            topos += _entity_toponyms(text, ent, gaz)
    topos += _propagate(doc, text, topos, gaz)
    topos += _untagged(doc, topos, gaz)
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    # one sense per article: after "Narendra Modi", a bare "Modi" is the man, not the town in Israel
    topos = [t for t in topos if t.text not in surnames or t.dateline or gaz.country_of(t.query)]
    topos.sort(key=lambda t: t.start)
    return topos


def _dateline_toponyms(text: str, gaz: Gazetteer) -> list[Toponym]:
    m = dateline_match(text)
    if not (m and (gaz.country_of(m.group(1)) or gaz.lookup(m.group(1).title()))):
        return []
    topos = [Toponym(m.start(1), m.end(1), m.group(1), m.group(1).title(), dateline=True)]
    if m.group(2):
        topos.append(Toponym(m.start(2), m.end(2), m.group(2), m.group(2)))  # link() puts X in Y
        topos[0].state = gaz.state_abbrev.get(fold(m.group(2)))
    return topos


def _entity_toponyms(text: str, ent: Span, gaz: Gazetteer) -> list[Toponym]:
    before = ent.doc[ent.start - 1].lower_ if ent.start else ""
    if ent[0].lower_.rstrip(".") in _HONORIFICS or before.rstrip(".") in _HONORIFICS:
        return []  # "Ms Izevbekhai", "Mr. Pawlenty": the model's place is a person
    prep = prep_before(text, ent.start_char)
    if ent.label_ in ("PERSON", "PRODUCT", "NORP", "WORK_OF_ART") and len(ent) == 1 and prep in LOCATIVE \
            and fold(ent.text) not in gaz.demonyms:
        t = toponym(text, ent.start_char, ent.end_char)  # "moved into Beledweyne", "fighting in Kursk"
        inside = ent.label_ == "PERSON" and prep in _BEING_IN - {"at"}
        if t is not None and _sure_place(t, gaz, 10_000, inside):  # (PRODUCT: a submarine), "in Omdurman" (NORP)
            return [t]
    if ent.label_ == "NORP":  # "Iraqi", "Americans": the country, never a place of their own
        if fold(ent.text) in gaz.demonyms or fold(ent.text) in gaz.regions:
            return [Toponym(ent.start_char, ent.end_char, ent.text, ent.text, adjectival=True)]
        return []
    last = ent[-1]
    if ent.label_ == "PERSON" and len(ent) > 1 and last.is_upper and len(last) > 1 and gaz.country_of(last.text):
        # "By Henry Lazenby US-based ...", "Obama US envoy": a country code the model glued to a name
        return [Toponym(last.idx, last.idx + len(last), last.text, last.text)]
    if ent.label_ == "PERSON" and len(ent) == 1 and gaz.big_town(ent.text):
        # "Abuja", "Kharkiv" are no one's name (a surname after the full name is dropped in collect())
        return [Toponym(ent.start_char, ent.end_char, ent.text, ent.text)]
    if ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
        if ent.label_ in ("PERSON", "EVENT", "WORK_OF_ART", "LAW", "NORP") and len(ent) > 1:
            return _embedded(text, ent, gaz)
        return []
    out = []
    for start, end in _parts(text, ent.start_char, ent.end_char):
        t = toponym(text, start, end)
        if t is None:
            continue
        if ent.label_ in ("GPE", "LOC") or _sure_place(t, gaz):
            t.optional = _doubtful(t, ent, gaz)
            out.append(t)
        elif ent.label_ == "FAC" or is_site(t.query, _ORG_SITE_WORDS):
            t.optional = True  # a building or street: kept only when it can be placed
            out.append(t)
        elif _sure_place(t, gaz, 1):
            t.optional = t.weak = True  # a small town the model took for an organisation: kept only
            out.append(t)  # when the article's other places vouch for it (same division, nearby)
    if not out and len(ent) > 1:
        return _embedded(text, ent, gaz)
    return out


def _doubtful(t: Toponym, ent: Span, gaz: Gazetteer) -> bool:
    """A place the model names that is kept only if the gazetteer places it: a brand's or a code's shape
    ("IoTX", "UConn", "ICON"), or one unknown word the model elsewhere calls a person or a company
    ("Guhdar", "Coincheck")."""
    if re.search(r"[a-z][A-Z]", t.text) or t.text.isupper() and len(t.text) > 2:
        return not _sure_place(t, gaz)
    return " " not in t.query and not gaz.candidates(t.query) and \
        any(e.text == ent.text and e.label_ in ("PERSON", "ORG", "PRODUCT") for e in ent.doc.ents)


def dateline_match(text: str) -> re.Match | None:
    """'MOGADISHU —' / 'HAMMOND, Ind. (AP) —' at the start of the text, or of the body after a title line."""
    starts = [0] + [m.end() for m in re.finditer(r"\n+|\.\s+", text[:300])][:2]
    for s in starts:
        m = _DATELINE.match(text, s, s + 120)
        if m and len(m.group(1).split()) <= 4:
            letters = [c for c in m.group(1) if c.isalpha()]
            if sum(c.isupper() for c in letters) >= 0.7 * len(letters):
                return m
    return None


def _embedded(text: str, ent: Span, gaz: Gazetteer) -> list[Toponym]:
    """Toponyms inside an organisation's or event's name ("Education Minnesota", "the Texas Fire
    Service"): countries, divisions and large towns only, marked so that no event is placed there."""
    out = []
    toks = [t for t in ent if t.is_title or t.is_upper]
    for n in (3, 2, 1):
        for i in range(len(ent) - n + 1):
            span = ent[i:i + n]
            if not all(t in toks for t in span) or any(o.start < span.end_char and span.start_char < o.end for o in out):
                continue
            t = toponym(text, span.start_char, span.end_char)
            if t is None or len(t.query) < 3:
                continue
            if fold(t.query) in _GENERIC:
                continue
            # in a person's name only a country ("Mary Smith", "George met Pawlenty": Mary, Turkmenistan and
            # George, South Africa are no one's place there)
            if gaz.country_of(t.query) or ent.label_ != "PERSON" and any(
                    c.level == 0 and c.primary and (c.entry.feature == "admin1" or c.entry.population >= 100_000)
                    for c in gaz.candidates(t.query)):
                t.embedded = True
                out.append(t)
    return out


def context_toponyms(doc: Doc, gaz: Gazetteer, spans: list[tuple[int, int]]) -> list[Toponym]:
    """The toponyms the recogniser finds beside given spans, as context only: names that are surely
    places (countries, divisions, big towns), so that a stray first name ("Kristina") never votes."""
    out = [t for t in collect(doc, gaz) if not any(s < t.end and t.start < e for s, e in spans)
           and t.text[:1].isupper() and _sure_place(t, gaz, 100_000)]
    for t in out:
        t.context_only = True
    return out


def _untagged(doc: Doc, topos: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """Words the model left untagged that are surely places: a demonym ('the Danish government', 'a
    Salvadoran migrant', 'European'; evidence for its country or region, never a place of its own), a
    region ('Pacific') or a national capital ('the Abuja government')."""
    taken = [(t.start, t.end) for t in topos]
    out = []
    for w in doc:
        if w.ent_type_ or not w.is_title or any(s < w.idx + len(w) and w.idx < e for s, e in taken):
            continue
        region = gaz.regions.get(fold(w.text))
        if fold(w.text) in gaz.demonyms or (region is not None and fold(region.name) != fold(w.text)):
            out.append(Toponym(w.idx, w.idx + len(w), w.text, w.text, adjectival=True))  # "European"
        elif region is not None:
            out.append(Toponym(w.idx, w.idx + len(w), w.text, w.text))  # "Pacific"
        elif gaz.big_town(w.text, capitals_only=True):  # untagged "Nice", "Reading" are words, not towns
            out.append(Toponym(w.idx, w.idx + len(w), w.text, w.text))
        elif w.pos_ == "PROPN" and w.i > 0 and w.nbor(-1).lower_ in _BEING_IN and \
                _sure_place(t := Toponym(w.idx, w.idx + len(w), w.text, w.text), gaz, 10_000):
            out.append(t)  # "fighting in Donetsk", untagged: a proper noun where a place goes
    return out


def _code(t: Toponym, gaz: Gazetteer) -> bool:
    """'UAE', 'UK', 'EU': a short capitalised code of a country or region repeats as itself."""
    return t.text.isupper() and len(t.text) > 1 and (gaz.country_of(t.text) is not None or fold(t.text) in gaz.regions)


def _propagate(doc: Doc, full: str, topos: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """One sense per article: other occurrences of a toponym's exact text are the same toponym, unless
    they sit inside a longer person's name ("Andrew Jackson")."""
    taken = [(t.start, t.end) for t in topos]
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")]
    out = []
    # sorted: which repeat a name claims must not depend on the hash seed
    for text in sorted({t.text for t in topos if not (t.embedded or t.optional) and (len(t.text) > 3 or _code(t, gaz))}):
        # a wire dateline further down ("COLUMBUS, Ohio (AP) —") repeats the name in capitals
        forms = [text] + ([text.upper()] if len(text) > 3 and not text.isupper() else [])
        for m in re.finditer(rf"(?<![\w-])(?:{'|'.join(map(re.escape, forms))})(?![\w-])", full):
            a, b = m.span()
            if any(s < b and a < e for s, e in taken + persons):
                continue
            t = toponym(full, a, b)
            if t is not None:
                # a repeat inside an organisation's name ("the UAE Central Bank") is a mention, not a venue
                t.embedded = any(s <= a and b <= e for s, e in orgs)
                out.append(t)
            taken.append((a, b))
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'Musayib, Babil' as one entity is two toponyms."""
    out, s = [], start
    for m in re.finditer(r",\s*", text[start:end]):
        out.append((s, start + m.start()))
        s = start + m.end()
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


def toponym(full: str, start: int, end: int) -> Toponym | None:
    text = full[start:end]
    query = re.sub(r"^(?:the|The)\s+|['’]s$", "", text).strip()
    want = None
    words = query.split()
    weak = False
    if len(words) > 1 and words[-1].lower() in ("township", "borough"):
        # "Jackson Township": GeoNames' townships are not in the gazetteer; the town of that name counts
        # only where the story's other places vouch for it, never the biggest Jackson
        query, want, weak = " ".join(words[:-1]), "city", True
    elif len(words) > 1 and words[-1].lower() in _DIVISION:
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
    return Toponym(start, end, text, query, want, weak=weak)


def _sure_place(t: Toponym, gaz: Gazetteer, min_pop: int = 50_000, alternates: bool = False) -> bool:
    """An ORG/FAC entity counts as a toponym only when it is a country, a region ("EU"), a division or a
    large town."""
    if gaz.country_of(t.query) or fold(t.query) in gaz.regions:
        return True
    if fold(t.query) in _GENERIC:
        return False
    # primary names only ("Hamas" is an alternate name of Hamm), unless asked: a word the model calls a
    # person but the sentence puts somewhere ("fighting in Avdiivka", GeoNames' Avdiyivka)
    return any(c.level < 2 and (c.primary or alternates and c.level == 0)
               and (c.entry.feature == "admin1" or c.entry.population >= min_pop) for c in gaz.candidates(t.query))


def link(text: str, topos: list[Toponym], gaz: Gazetteer) -> None:
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


def is_generic(name: str) -> bool:
    """'West', 'North West', 'West Coast': a name made only of compass and plain geographic words, which
    a dozen countries use for a division."""
    words = fold(name).replace("-", " ").split()
    return bool(words) and all(w in _GENERIC or w in ("the", "coast", "region", "province") for w in words)


def is_site(name: str, heads: set[str] | None = None) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1].lower().rstrip(".") in (heads or _SITE_WORDS)


def prep_before(text: str, char: int) -> str:
    m = re.search(r"(\w+)\s+(?:the\s+)?(?:(?:city|town|village|province|region)\s+of\s+)?$", text[max(0, char - 40):char])
    return m.group(1).lower() if m else ""

