"""Events stage (placeholder: verb lexicon, subject/object roles; see issue 7)."""

from __future__ import annotations

from spacy.tokens import Doc

from . import dates as dates_stage
from . import places as places_stage
from .document import Codes, Event, Quote
from .knowledge import Knowledge
from .mentions import ActorIndex, PlaceIndex, TimeExpr


def extract(doc: Doc, kb: Knowledge, actors: ActorIndex, places: PlaceIndex, times: list[TimeExpr],
            quotes: list[Quote], published: str | None = None) -> list[Event]:
    out: list[Event] = []
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        lex = kb.lexicon.verb(tok.lemma_)
        if lex is None:
            continue
        sent = tok.sent
        actor = recipient = None
        for child in tok.children:
            span = doc[child.left_edge.i: child.right_edge.i + 1]
            aid = actors.at(span.start_char, span.end_char)
            if aid and child.dep_ in ("nsubj", "agent"):
                actor = actors.ref(aid)
            elif aid and child.dep_ in ("dobj", "nsubjpass"):
                recipient = actors.ref(aid)
        place = places_stage.locate(doc, places, tok.idx, tok.idx + len(tok))
        when = dates_stage.event_date(doc, tok.idx, tok.idx + len(tok), times, published)
        out.append(Event(id=f"e{len(out) + 1}", type=lex.type, mode=lex.mode, actor=actor, recipient=recipient,
                         place=place, date=when, sentence=sent.text,
                         span=(sent.start_char, sent.end_char), trigger=tok.text,
                         codes=Codes(cameo=lex.cameo)))
    return out
