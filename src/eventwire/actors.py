"""Actors stage: actor mentions -> in-document identity -> dictionary resolution.

1. Mentions (``actor_mentions``): named entities (PERSON, ORG, NORP, GPE acting as an actor, not as a
   place) and generic agents ("protesters", "U.S. forces", "a U.S. defense official"). A mention's span
   covers the actor noun phrase as a whole, so ``ActorIndex.at()`` finds one actor for "U.S. forces".
2. Identity (``actor_identity``): one actor per real-world entity: dictionary canonical names, acronyms
   defined in the text ("Popular Mobilization Forces (PMF)"), "X, also known as Y", surnames ("Asadi"),
   capitals and seats ("Pyongyang", "the Kremlin") as the country. Different names that share words
   never merge.
3. Resolution (``actor_identity``): canonical, kind, country (demonyms and possessives give country and
   sector) and affiliations; unknown actors keep ``canonical: None``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .actor_identity import build_index, late_mentions, merge
from .actor_mentions import (
    ACTOR_LABELS,
    Cand,
    agent_head,
    agent_mention,
    entity_mention,
    opponent_mentions,
    tok_range,
)
from .knowledge import Knowledge
from .mentions import ActorIndex

# agent_head was public here before the split; other code may still reach it through this module
__all__ = ["agent_head", "extract"]


def extract(doc: Doc, kb: Knowledge, published: str | None = None) -> ActorIndex:
    dic = kb.actors
    cands: list[Cand] = []
    taken: set[int] = set()  # token indices already inside a mention
    for tok in doc:
        if tok.i in taken:
            continue
        c = agent_mention(doc, tok, dic, published)
        if c is not None:
            cands.append(c)
            taken.update(range(*tok_range(doc, c)))
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS and not any(t.i in taken for t in ent):
            c = entity_mention(doc, ent, dic, published, _gazetteer(kb))
            if c is not None:
                cands.append(c)
                taken.update(range(*tok_range(doc, c)))
                cands += opponent_mentions(doc, ent, dic, published)
    cands.sort(key=lambda c: c.start)
    cands += late_mentions(doc, cands, taken, dic)
    cands.sort(key=lambda c: c.start)
    return build_index(cands, merge(doc, cands), dic, published)


def _gazetteer(kb: Knowledge):
    try:
        return kb.gazetteer
    except Exception:  # noqa: BLE001 - without a gazetteer, ORG-labelled places stay actors
        return None
