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
