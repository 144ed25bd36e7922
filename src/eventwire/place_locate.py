"""Event location for the places stage: which of the article's places an event happened at."""

from __future__ import annotations

from spacy.tokens import Doc

from .document import Place, PlaceRef
from .mentions import Mention, PlaceIndex, span_text
from .place_mentions import LOCATIVE, prep_before

_NEAR = {"near", "outside", "around", "north", "south", "east", "west", "northeast", "northwest", "southeast",
         "southwest", "northern", "southern", "eastern", "western", "central"}


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
        stext, off = span_text(sent), sent.start_char
        for m in index.mentions:
            if not (sent.start_char <= m.start < sent.end_char) or (m.start, m.end) in skip:
                continue
            p = index.get(m.ref)
            if p is None or p.lat is None or _modifier(doc, m):
                continue
            sc = _place_score(doc, span, m, p, prep_before(stext, m.start - off))
            if sc > best_score:
                best, best_score = m, sc
        if best is not None:
            p = index.get(best.ref)
            prec = _precision(p.feature if p else None, prep_before(stext, best.start - off) in _NEAR)
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


def _place_score(doc: Doc, trigger, m: Mention, p: Place, prep: str) -> float:
    """Prefer the place in the trigger's own clause, introduced by a locative preposition, and the
    most precise one: 'strikes on Musayib in Babil, Iraq' -> Musayib."""
    score = -abs(m.start - trigger.start_char) / 200.0
    if prep in LOCATIVE:
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
