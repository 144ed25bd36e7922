"""One mention of an event in the text, before mentions of the same event are merged."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..document import ActorRef
from ..knowledge.lexicon import LexEntry


@dataclass
class EventMention:
    trigger: Token
    entry: LexEntry
    kind: str  # "verb" | "noun"
    actor: ActorRef | None = None
    recipient: ActorRef | None = None
    status: str = "asserted"
    fatalities: int | None = None
    confidence: float = 0.6
    anaphoric: bool = False  # 'the attack': a back-reference that only adds evidence to an earlier event
    note: str | None = None
    actor_weak: bool = False  # the actor comes from blame, not from the text's own assertion
    content_of: Token | None = None  # the trigger of the request / threat whose content this is
    trigger_text: str = ""
    evidence: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.entry.type

    @property
    def sent(self):
        return self.trigger.sent


def tokens(doc: Doc) -> list[Token]:
    """The doc's tokens, made once per article: every rule scans them, and spaCy builds a new Token
    object on each iteration of the Doc."""
    cached = doc.user_data.get("eventwire_tokens")
    if cached is None or len(cached) != len(doc):
        cached = doc.user_data["eventwire_tokens"] = list(doc)
    return cached


def sentence_number(tok: Token) -> int:
    """Index of the token's sentence in the article (cached per article)."""
    doc = tok.doc
    starts = doc.user_data.get("eventwire_sent_starts")
    if starts is None:
        starts = doc.user_data["eventwire_sent_starts"] = [s.start for s in doc.sents]
    from bisect import bisect_right

    return bisect_right(starts, tok.i) - 1
