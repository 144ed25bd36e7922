"""One mention of an event in the text, before mentions of the same event are merged."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

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
