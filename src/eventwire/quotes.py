"""Quotes stage (placeholder: text in double quotes, speaker = first actor after it; see issue 6)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .document import Quote
from .mentions import ActorIndex

_QUOTE = re.compile(r"[\"“]([^\"“”]{20,})[\"”]")


def extract(doc: Doc, actors: ActorIndex) -> list[Quote]:
    out: list[Quote] = []
    for m in _QUOTE.finditer(doc.text):
        speaker = None
        after = [am for am in actors.mentions if am.start >= m.end() and am.start < m.end() + 120]
        if after:
            speaker = actors.ref(after[0].ref, after[0].text)
        out.append(Quote(id=f"q{len(out) + 1}", text=m.group(1), speaker=speaker, span=(m.start(1), m.end(1))))
    return out
