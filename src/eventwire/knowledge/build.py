"""Compile the knowledge that is derived from installed packages (run once, by setup.sh).

Each builder is registered here with a name; ``eventwire knowledge build`` runs them all and prints
what each produced. Builders must be idempotent and skip work whose output is already current.
"""

from __future__ import annotations

from collections.abc import Callable

BUILDERS: dict[str, Callable[[bool], str]] = {}


def builder(name: str) -> Callable[[Callable[[bool], str]], Callable[[bool], str]]:
    def register(fn: Callable[[bool], str]) -> Callable[[bool], str]:
        BUILDERS[name] = fn
        return fn

    return register


def build_all(force: bool = False) -> dict[str, str]:
    """Run every registered builder; returns name -> a one-line summary of what it did."""
    from . import actors, gazetteer, lexicon  # noqa: F401 - importing registers their builders

    return {name: fn(force) for name, fn in BUILDERS.items()}
