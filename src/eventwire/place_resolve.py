"""Candidate choice for the places stage: one gazetteer entry per toponym, in the article's context.

Each toponym is resolved on its own, so a name that fails stays unresolved and never removes the others:
- country names, aliases and demonyms are the country (never a building that shares the name; a town
  only where the story places that town and says nothing else of the country: "Palestine, Texas");
- "X Province" / "X Governorate" / "X region" ask for a division, "the city of X" for a town;
- "X, Y" and "X in Y" (and "Alexandria, La.") put X inside Y when Y is a country or division;
- otherwise the candidates are scored by match quality, population, capital status and how well
  their country and division agree with the rest of the article (named countries, the dateline,
  the other toponyms' best readings), in two passes.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .knowledge.gazetteer import Candidate, GazEntry, Gazetteer, fold, keys
from .place_mentions import Toponym, is_generic, is_site

log = logging.getLogger(__name__)

_MATCH_COST = (0.0, 0.7, 2.0)  # folded name, normalised, skeleton
# weights of the candidate score, tuned on the dev halves of GeoWebNews and LGL (benchmarks/geo_eval.py)
W = {"alternate": 0.8, "population": 0.55, "capital": 1.2, "admin1": 0.6, "eponym": 0.9, "share": 2.5,
     "admin1_ctx": 0.8, "dateline": 0.8, "inside": 4.0, "outside": 1.5, "admin2": 1.0, "near": 1.0,
     "pair": 1.0, "cohesion": 1.0, "full_name": 2.0, "dateline_town": 1.5,
     "capital_alone": 0.0}  # the capital bonus's factor where a big namesake's country holds the story
NEAR_DEG = 0.5  # readings of two names this close (in latitude and longitude) lie together
TOWN_SUPPORT = 1.0  # other names' belief a country-named town needs to be that town ("a Palestine man")
SEAT_POP = 1000  # people assumed for a town GeoNames gives no population
MIN_SCORE = 1.0  # below this the name stays unresolved: unknown beats wrong


@dataclass
class _Context:
    countries: Counter = field(default_factory=Counter)  # ISO3 -> weight of evidence
    admin1s: Counter = field(default_factory=Counter)  # GeoNames admin1 code -> mentions
    dateline_country: str | None = None
    points: list[tuple[float, float, str]] = field(default_factory=list)  # towns read in pass 1 (lat, lon, text)
    own: dict[str, Counter] = field(default_factory=dict)  # folded name -> the evidence its own readings gave
    pairs: set[tuple[float, float, str]] = field(default_factory=set)  # (lat, lon, feature) of named counties, towns
    named: set[str] = field(default_factory=set)  # countries the article names (name, alias or demonym)
    # folded name -> its first-pass readings with their probability: [(entry, p)]
    beliefs: dict[str, list[tuple[GazEntry, float]]] = field(default_factory=dict)

    def share(self, iso3: str | None, name: str = "") -> float:
        """Share of the evidence for iso3, leaving out what the name's own first-pass readings gave: a
        name is not its own context (five 'St. Louis' read as Senegal's must not vote for Senegal)."""
        own = self.own.get(name) or Counter()
        total = sum(self.countries.values()) - sum(own.values())
        return (self.countries[iso3] - own[iso3]) / total if iso3 and total > 1e-9 else 0.0


def resolve_all(topos: list[Toponym], gaz: Gazetteer) -> None:
    ctx = _Context()
    for t in topos:
        t.country = gaz.country_of(t.query) if t.want != "admin1" or t.query == t.text else None
        if t.country:
            t.adjectival = fold(t.query) in gaz.demonyms and fold(t.query) not in gaz.country_names
            ctx.countries[t.country] += 0.5 if t.adjectival else 1.0
    for final in (False, True):  # first pass gathers context from the easy names, second uses it
        if final:
            beliefs = ctx.beliefs
            ctx = _evidence(topos, gaz)
            ctx.beliefs = beliefs
            ctx.named = {t.country for t in topos if t.country}
            ctx.pairs = _county_town_points(topos, gaz) if W["pair"] else set()
        for t in topos:
            try:
                _resolve(t, topos, gaz, ctx, final)
            except Exception:  # noqa: BLE001 - one bad name must not lose the others
                log.exception("could not resolve the toponym %r", t.text)
                t.entry, t.failed = None, True


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
        town = _town_not_country(t, topos, gaz, ctx) if final else None
        t.entry, t.confidence = (town, 0.6) if town is not None else (gaz.countries.get(t.country), 0.99)
        return
    region = gaz.regions.get(fold(t.query))
    if region is not None and t.want is None:
        t.entry, t.confidence = region, 0.8
        return
    # a spelling skeleton may meet an old or foreign alternate name ("Fire Island" ~ "Fryslan"): only
    # a place's own name is trusted that loosely
    cands = [c for c in gaz.candidates(t.query) if c.level < 2 or c.primary]
    if re.fullmatch(r"[A-Z]{1,3}", t.query.replace(".", "")):
        cands = []  # codes are not gazetteer names (IATA codes are left out): "SA" met the town Saa by spelling
    if is_generic(t.query):  # "West Coast", "North West": only in a country the article is about
        cands = [c for c in cands if c.entry.feature == "admin1"
                 and (c.entry.country in ctx.named or ctx.share(c.entry.country) >= 0.3)]
    if is_site(t.query):
        t.entry, t.confidence = _site(t, topos, gaz, ctx), 0.3
        if t.entry is not None or not cands:
            return
    if not cands and final and len(t.query.split()) > 1:
        t.entry, t.confidence = _site(t, topos, gaz, ctx, inner_only=True) or _water(t, gaz, ctx), 0.3
        return
    if t.want == "admin1":
        cands = [c for c in cands if c.entry.feature in ("admin1", "admin2")] or cands
    if not cands:
        t.entry, t.confidence = None, 0.0
        return
    box = topos[t.container] if t.container is not None else None
    scored = sorted(((_score(c, t, box, ctx, cands, gaz), c) for c in cands), key=lambda x: -x[0])
    if not final and W["cohesion"]:
        z = [math.exp(sc - scored[0][0]) for sc, _ in scored]
        total = sum(z)
        ctx.beliefs[fold(t.query)] = [(c.entry, w / total) for (_, c), w in zip(scored, z, strict=True)
                                      if w / total >= 0.02 and c.entry.lat is not None]
    best, runner = scored[0][0], (scored[1][0] if len(scored) > 1 else MIN_SCORE - 1.0)
    if best < MIN_SCORE:
        t.entry, t.confidence = None, 0.0
        return
    t.entry = scored[0][1].entry
    if t.weak and not (t.entry.a1code in ctx.admin1s or _near(t.entry, fold(t.query), ctx)):
        t.entry, t.confidence = None, 0.0
        return
    t.confidence = round(1 / (1 + math.exp(-(best - runner))) * (1.0 if scored[0][1].level < 2 else 0.7), 3)


def _site(t: Toponym, topos: list[Toponym], gaz: Gazetteer, ctx: _Context, inner_only: bool = False) -> GazEntry | None:
    """A street or building lies in the town its name holds ("Seoul Central District Court"), else in
    the article's most mentioned town (a street named in local news is in that town); it gets the
    town's point, as feature "site", or stays unresolved when the article names no town. With
    ``inner_only`` (a name the gazetteer lacks: "Liverpool FC", "St. Louis Hills") only the town or
    country inside the name is taken."""
    words = t.query.split()
    if inner_only:  # "Nazi Germany", "South Venezuela": a country under its own name; else a town that
        # opens the name ("Liverpool FC", "St. Louis Hills"), never a plain word inside it ("Nile Delta")
        for w in range(len(words) - 1, 0, -1):
            for i in range(len(words) - w + 1):
                iso3 = gaz.country_names.get(fold(" ".join(words[i:i + w])))
                if iso3 and fold(gaz.countries[iso3].name) == fold(" ".join(words[i:i + w])):
                    return gaz.countries[iso3]
        words = words[:-1]
    for n in range(len(words) - 1 + inner_only, 0, -1):  # longest inner name first
        for i in range(1 if inner_only else len(words) - n + 1):
            inner = " ".join(words[i:i + n])
            if inner[:1].isupper() and not is_site(inner):
                towns = [c for c in gaz.candidates(inner) if c.level == 0 and c.primary and c.entry.feature == "city"
                         and c.entry.population >= 50_000]
                if towns:  # the Santa Clara of a Californian story, not Cuba's bigger one
                    return _as_site(max(towns, key=lambda c: _score(c, t, None, ctx, towns, gaz)).entry)
    if inner_only:
        return None
    focus = Counter((o.entry.geonames_id, o.entry.name) for o in topos
                    if o is not t and o.entry is not None and o.entry.feature == "city")
    if not focus:
        return None
    (gid, _name), _n = focus.most_common(1)[0]
    town = next(o.entry for o in topos if o.entry is not None and o.entry.geonames_id == gid)
    return _as_site(town)


_WATER = re.compile(r"^(?:(?:River|Lake|Mount|Mt\.)\s+(?P<a>.+)|(?P<b>.+?)\s+(?:River|Lake|Creek|Bay|Reservoir|Mountains?))$")


def _water(t: Toponym, gaz: Gazetteer, ctx: _Context) -> GazEntry | None:
    """A river, lake or mountain the gazetteer lacks lies by the town or county of its name, when the
    story's other places put that town in its region ('Neches River' beside Palestine and Anderson
    County; 'Naugatuck River' in a Connecticut story). It gets the town's point, as a site."""
    m = _WATER.match(t.query)
    if m is None:
        return None
    name = m.group("a") or m.group("b")
    towns = [c for c in gaz.candidates(name) if c.level == 0 and c.primary and c.entry.feature in ("city", "admin2")
             and c.entry.lat is not None]
    placed = [c for c in towns if c.entry.a1code in ctx.admin1s or _near(c.entry, fold(t.query), ctx)
              or _support(c.entry, fold(t.query), ctx) >= 0.5]
    if not placed:
        return None
    return _as_site(max(placed, key=lambda c: _score(c, t, None, ctx, placed, gaz)).entry)


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


def _town_not_country(t: Toponym, topos: list[Toponym], gaz: Gazetteer, ctx: _Context) -> GazEntry | None:
    """'Palestine, Texas', or 'a Palestine man' in a story whose other places are Anderson County and
    Crockett: a country's name is a town only where the story places that town (in its written state,
    or beside two of its other names, within half a degree) and nothing else in the story speaks of
    the country (no demonym, town or other name of it)."""
    if t.adjectival or fold(t.query) in gaz.demonyms:
        return None
    q = fold(t.query)
    if any(o.entry is not None and o.entry.country == t.country and fold(o.query) != q for o in topos if o is not t):
        return None
    box = topos[t.container] if t.container is not None else None
    towns = [c.entry for c in gaz.candidates(t.query) if c.level == 0 and c.primary and c.entry.feature == "city"
             and c.entry.country != t.country and c.entry.lat is not None]
    for e in towns:
        if t.state and e.a1code == t.state or \
                box is not None and box.entry is not None and box.entry.feature == "admin1" and _in_box(e, box, gaz):
            return e
    support, town = max(((_support(e, q, ctx), e) for e in towns), key=lambda x: x[0], default=(0.0, None))
    return town if support >= TOWN_SUPPORT else None


def _score(c: Candidate, t: Toponym, box: Toponym | None, ctx: _Context, cands: list[Candidate],
           gaz: Gazetteer) -> float:
    e = c.entry
    s = -_MATCH_COST[c.level] - (0.0 if c.primary else W["alternate"])
    # GeoNames lists a town of unknown size only as a division's seat ("Tal Afar"): not a hamlet
    pop = e.population or (SEAT_POP if e.feature == "city" else 0)
    s += W["population"] * math.log10(pop + 1)
    if e.capital and c.primary:
        # a capital's fame yields to a big namesake in a story whose evidence all lies in the namesake's
        # country ("London" beside Canada and Toronto is London, Ontario; beside Ohio towns, still London)
        alone = ctx.share(e.country, fold(t.query)) == 0.0 and any(
            o.entry.country != e.country and o.entry.population >= 100_000 and ctx.share(o.entry.country) > 0
            for o in cands)
        s += W["capital"] * (W["capital_alone"] if alone else 1.0)
    if e.feature == "admin2":
        s += 3.0 if t.want == "admin1" else -W["admin2"]
    elif e.feature == "admin1":
        s += W["admin1"] if t.want != "city" else -2.0
        s += 3.0 if t.want == "admin1" else 0.0
    elif t.want == "admin1":
        s -= 3.0
    elif any(o.entry.feature == "admin1" and o.entry.a1code == e.a1code for o in cands):
        s += W["eponym"]  # the town that names its division: "Karbala", "Kyiv" are the towns
    if t.dateline and e.feature in ("admin1", "admin2"):
        s -= W["dateline_town"]  # a dateline names the town the story was filed from: WASHINGTON is D.C.
    if t.query != t.text and fold(e.name) == fold(t.text):
        s += W["full_name"]  # "Suffolk County" written out is Suffolk County, New York, not the City of Suffolk
    if t.state:
        s += 4.0 if e.a1code == t.state else -2.0
    if box is not None and (box.entry is not None or box.country):
        s += W["inside"] if _in_box(e, box, gaz) else -W["outside"]
    s += W["share"] * ctx.share(e.country, fold(t.query))
    if e.a1code in ctx.admin1s and e.feature != "admin1":
        # the division the story keeps naming counts more than one named in passing
        s += W["admin1_ctx"] * ctx.admin1s[e.a1code] / max(ctx.admin1s.values())
    if ctx.dateline_country and e.country == ctx.dateline_country:
        s += W["dateline"]
    if ctx.pairs and e.feature in ("city", "admin2") and e.lat is not None and \
            any(k != e.feature and abs(la - e.lat) < 0.4 and abs(lo - e.lon) < 0.4 for la, lo, k in ctx.pairs):
        s += W["pair"]  # 'Paris' and 'Henry County' in one story: the Paris inside a Henry County
    if W["cohesion"] and ctx.beliefs and e.feature in ("city", "admin2", "admin1") and e.lat is not None:
        # only a doubtful name is moved, by its own doubt: Louisville beside small namesakes' towns
        # stays Kentucky's
        doubt = 1.0 - max((p for _, p in ctx.beliefs.get(fold(t.query), [])), default=0.0)
        s += W["cohesion"] * _support(e, fold(t.query), ctx) * doubt
    if W["near"] and _near(e, fold(t.query), ctx):
        s += W["near"]  # local news names towns near each other: Athens beside Tyler is Athens, Texas
    return s


def _support(e: GazEntry, q: str, ctx: _Context) -> float:
    """How much the other names' first-pass beliefs lie with this reading: for each other name, the
    probability of its likeliest reading within half a degree or, for a division, containing it. Names
    in one local story lie together (Rogersville beside Springfield and Greene County is Missouri's)."""
    total = 0.0
    for name, dist in ctx.beliefs.items():
        if name == q:
            continue
        if e.feature == "admin1":
            total += max((p for o, p in dist if o.feature != "admin1" and o.a1code == e.a1code), default=0.0)
            continue
        total += max((p for o, p in dist if o.feature in ("city", "admin2")
                      and abs(o.lat - e.lat) < NEAR_DEG and abs(o.lon - e.lon) < NEAR_DEG),
                     default=0.0)
    return min(total, 2.0)


def _near(e: GazEntry, q: str, ctx: _Context) -> bool:
    return e.lat is not None and e.feature in ("city", "admin2") and \
        any(k != q and abs(la - e.lat) < 1.5 and abs(lo - e.lon) < 1.5 for la, lo, k in ctx.points)


def _county_town_points(topos: list[Toponym], gaz: Gazetteer) -> set[tuple[float, float, str]]:
    """Candidate points of every county the article names ('Henry County') and of its other town names,
    so that a town and a county of the same story can be read as the pair that lie together."""
    counties = [t for t in topos if fold(t.text).endswith((" county", " parish"))]
    if not counties:
        return set()
    out = set()
    for t in topos:
        cands = gaz.candidates(t.query)
        if len(cands) > 60:
            continue
        want = "admin2" if t in counties else "city"
        out |= {(c.entry.lat, c.entry.lon, want) for c in cands
                if c.entry.feature == want and c.entry.lat is not None and c.level == 0}
    return out


def _evidence(topos: list[Toponym], gaz: Gazetteer) -> _Context:
    """Context for the second pass: countries of every first-pass reading, weighted by confidence; a
    country name that is a division of the story's country ("Georgia Bureau of Investigation" beside
    American towns) names that division."""
    out = _Context()
    for t in topos:
        if t.entry is None or t.ambiguous:
            continue
        w = (0.5 if t.adjectival else 1.0) if t.entry.feature == "country" else t.confidence
        out.countries[t.entry.country] += w * (2.0 if t.dateline else 1.0)
        if t.entry.feature != "country":
            out.own.setdefault(fold(t.query), Counter())[t.entry.country] += w * (2.0 if t.dateline else 1.0)
        if t.entry.feature == "admin1" and t.entry.a1code:
            out.admin1s[t.entry.a1code] += 1
        if t.dateline:
            out.dateline_country = t.entry.country
        if t.entry.feature in ("city", "admin2") and t.confidence >= 0.6 and t.entry.lat is not None:
            out.points.append((t.entry.lat, t.entry.lon, fold(t.query)))
    out.countries.pop(None, None)
    for t in topos:
        if t.ambiguous and t.country and _state_not_country(t, gaz, out):
            lead = out.countries.most_common(1)[0][0]
            for c in gaz.candidates(t.query):
                if c.level == 0 and c.entry.feature == "admin1" and c.entry.country == lead and c.entry.a1code:
                    out.admin1s[c.entry.a1code] += 1
    return out
