"""Relations stage (placeholder: "X, part of Y"; see issue 3)."""

from __future__ import annotations

from spacy.tokens import Doc

from .document import Relation
from .mentions import ActorIndex


def extract(doc: Doc, actors: ActorIndex) -> list[Relation]:
    out: list[Relation] = []
    for sent in doc.sents:
        low = sent.text.lower()
        if " part of " not in low and " member of " not in low:
            continue
        ids = []
        for m in actors.mentions:
            if sent.start_char <= m.start < sent.end_char and m.ref not in ids:
                ids.append(m.ref)
        if len(ids) >= 2:
            out.append(Relation(type="member_of", subject=ids[0], object=ids[1], sentence=sent.text))
    return out
