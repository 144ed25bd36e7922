"""Actors stage (placeholder: named entities grouped by surface form; see issue 3)."""

from __future__ import annotations

from spacy.tokens import Doc

from .document import Actor
from .knowledge import Knowledge
from .mentions import ActorIndex, Mention

_KIND = {"PERSON": "person", "ORG": "other", "NORP": "state", "GPE": "state"}


def extract(doc: Doc, kb: Knowledge, published: str | None = None) -> ActorIndex:
    index = ActorIndex()
    by_text: dict[str, Actor] = {}
    for ent in doc.ents:
        if ent.label_ not in _KIND:
            continue
        key = ent.text.lower()
        actor = by_text.get(key)
        if actor is None:
            entry = kb.actors.lookup(ent.text, published)
            actor = Actor(id=f"a{len(by_text) + 1}", name=ent.text, canonical=entry.canonical if entry else None,
                          kind=entry.kind if entry else _KIND[ent.label_], country=entry.country if entry else None)
            by_text[key] = actor
            index.actors.append(actor)
        actor.mentions.append(ent.text)
        index.mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor.id))
    return index
