"""The event lexicon (placeholder: a handful of verbs; see issue 7)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LexEntry:
    type: str
    mode: str | None = None
    cameo: str | None = None


_VERBS = {"strike": LexEntry("ASSAULT", "aerial", "195"), "kill": LexEntry("ASSAULT", None, "18"),
          "condemn": LexEntry("ACCUSE", None, "111"), "accuse": LexEntry("ACCUSE", None, "112"),
          "demand": LexEntry("REQUEST", None, "10"), "urge": LexEntry("REQUEST", None, "10"),
          "meet": LexEntry("CONSULT", None, "036"), "protest": LexEntry("PROTEST", None, "14")}


class EventLexicon:
    def verb(self, lemma: str) -> LexEntry | None:
        return _VERBS.get(lemma)


def load_lexicon() -> EventLexicon:
    return EventLexicon()
