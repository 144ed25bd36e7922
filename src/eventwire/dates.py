"""Dates stage (placeholder: spaCy DATE entities through dateparser; see issue 5)."""

from __future__ import annotations

from datetime import datetime

from spacy.tokens import Doc

from .document import DateInfo
from .mentions import TimeExpr


def extract(doc: Doc, published: str | None) -> list[TimeExpr]:
    import dateparser

    out: list[TimeExpr] = []
    if not published:
        return out
    base = datetime.fromisoformat(published)
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        d = dateparser.parse(ent.text, languages=["en"],
                             settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
        if d:
            day = d.date().isoformat()
            out.append(TimeExpr(ent.start_char, ent.end_char, ent.text,
                                DateInfo(start=day, end=day, precision="day", text=ent.text)))
    return out


def publication(published: str | None) -> DateInfo:
    if not published:
        return DateInfo(precision="unknown")
    return DateInfo(start=published, end=published, precision="publication", text=None)


def event_date(doc: Doc, start: int, end: int, times: list[TimeExpr], published: str | None,
               carried: DateInfo | None = None) -> DateInfo:
    """The date of an event whose trigger is at chars [start, end): the expression governing its
    clause, else one carried from the previous sentence of the same episode, else the publication."""
    span = doc.char_span(start, end, alignment_mode="expand")
    s0, s1 = (span.sent.start_char, span.sent.end_char) if span is not None else (start, end)
    inside = [t for t in times if s0 <= t.start < s1]
    if inside:
        return min(inside, key=lambda t: abs(t.start - start)).date
    return carried or publication(published)
