"""Places stage: toponyms -> gazetteer candidates -> one choice each, in the article's context.

The work is split by step: ``place_mentions`` finds the toponyms (entities, the dateline, demonyms,
names inside organisations' names, buildings and streets), ``place_resolve`` picks each one's
gazetteer entry in the article's context (containers, division and town wording, priors, country
evidence, in two passes), and this module turns the choices into the article's ``PlaceIndex``.
``locate()`` (``place_locate``) then gives an event its place: the toponym of its clause or
sentence, else the dateline, else the article's main country, with ACLED's geo_precision.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from .document import Place
from .knowledge import Knowledge
from .knowledge.gazetteer import GazEntry, Gazetteer, fold
from .mentions import ActorIndex, Mention, PlaceIndex, doc_text
from .place_locate import locate
from .place_mentions import Toponym, collect, context_toponyms, dateline_match, link, toponym
from .place_resolve import resolve_all

__all__ = ["Toponym", "extract", "locate", "resolve_spans"]


def extract(doc: Doc, kb: Knowledge, actors: ActorIndex | None = None) -> PlaceIndex:
    gaz: Gazetteer = kb.gazetteer
    topos = _not_in_names(collect(doc, gaz), actors)
    link(doc_text(doc), topos, gaz)  # after the drop: a link is an index into this list
    resolve_all(topos, gaz)
    return _index(topos, gaz)


def _not_in_names(topos: list[Toponym], actors: ActorIndex | None) -> list[Toponym]:
    """A place name inside a person's name is no place ('police officer Abdullahi Hassan', 'Paris Hilton'):
    the actors stage has already read the whole name as a person."""
    if actors is None:
        return topos
    kinds = {a.id: a.kind for a in actors.actors}
    people = [(m.start, m.end) for m in actors.mentions if kinds.get(m.ref) == "person"]
    return [t for t in topos if not any(s < t.end and t.start < e and (s, e) != (t.start, t.end) for s, e in people)]


def resolve_spans(text: str, spans: list[tuple[int, int]], gaz: Gazetteer, doc: Doc | None = None) -> list[Toponym]:
    """Resolve given toponym spans (gold spans, in evaluation) with the same rules as ``extract``. With
    the article's parse, the other toponyms the recogniser finds in it serve as context (as they would in
    ``extract``) but are not returned."""
    topos = [t for s, e in spans if (t := toponym(text, s, e)) is not None]
    m = dateline_match(text)
    for t in topos:
        t.dateline = bool(m) and t.start == m.start(1)
    if doc is not None:
        topos = sorted(topos + context_toponyms(doc, gaz, spans), key=lambda t: t.start)
    link(text, topos, gaz)  # over the given and the context names together
    resolve_all(topos, gaz)
    return [t for t in topos if not t.context_only]


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
