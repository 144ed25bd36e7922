"""Numbered, actionable errors: a stable code, what was wrong, and what to do about it."""

from __future__ import annotations


class EventwireError(Exception):
    code = "E000"

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" {self.hint}" if self.hint else "")


class InputError(EventwireError):
    """An input that cannot be read as an article (missing, empty, binary, too large, ...)."""

    code = "E100"


class NotEnglishError(InputError):
    code = "E101"


class ModelError(EventwireError):
    code = "E200"


class KnowledgeError(EventwireError):
    code = "E300"


class StoreError(EventwireError):
    code = "E400"
