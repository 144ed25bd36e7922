"""Places stage (placeholder: GPE/LOC entities looked up by exact name; see issue 4)."""

from __future__ import annotations

from spacy.tokens import Doc

from .document import Place, PlaceRef
from .knowledge import Knowledge
from .mentions import ActorIndex, Mention, PlaceIndex


def extract(doc: Doc, kb: Knowledge, actors: ActorIndex | None = None) -> PlaceIndex:
    index = PlaceIndex()
    by_key: dict[int | str, Place] = {}
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        g = kb.gazetteer.lookup(ent.text)
        if g is None:
            continue
        key = g.geonames_id or g.name
        place = by_key.get(key)
        if place is None:
            place = Place(id=f"p{len(by_key) + 1}", name=ent.text, canonical=g.name, feature=g.feature,
                          country=g.country, admin1=g.admin1, lat=g.lat, lon=g.lon, geonames_id=g.geonames_id)
            by_key[key] = place
            index.places.append(place)
        place.mentions.append(ent.text)
        index.mentions.append(Mention(ent.start_char, ent.end_char, ent.text, place.id))
    return index


def locate(doc: Doc, index: PlaceIndex, start: int, end: int) -> PlaceRef | None:
    """Where an event at chars [start, end) happened: a place in its sentence, else the dateline,
    else the article's main country (geo_precision 1 / 2 / 3 as ACLED)."""
    sent = doc.char_span(start, end, alignment_mode="expand")
    s0, s1 = (sent.sent.start_char, sent.sent.end_char) if sent is not None else (start, end)
    pid = next((m.ref for m in index.mentions if s0 <= m.start < s1), None)
    if pid:
        return index.ref(pid)
    if index.dateline:
        return index.ref(index.dateline)
    return None
