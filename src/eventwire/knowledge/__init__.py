"""Knowledge: the data eventwire codes with (actor dictionary, gazetteer, event lexicon, mappings).

Each kind of knowledge has one loader module here and its data files under ``data/``. Loading is
lazy and cached per process: the first article pays for it, the rest do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..settings import Settings


@dataclass
class Knowledge:
    settings: Settings

    @cached_property
    def actors(self):  # -> knowledge.actors.ActorDictionary
        from .actors import load_actor_dictionary

        return load_actor_dictionary(self.settings.actors)

    @cached_property
    def gazetteer(self):  # -> knowledge.gazetteer.Gazetteer
        from .gazetteer import load_gazetteer

        return load_gazetteer()

    @cached_property
    def lexicon(self):  # -> knowledge.lexicon.EventLexicon
        from .lexicon import load_lexicon

        return load_lexicon()

    def ruler_patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns that correct the small model's labels (actors first, then places)."""
        return self.actors.ruler_patterns() + self.gazetteer.ruler_patterns()


_CACHE: dict[tuple, Knowledge] = {}


def load_knowledge(settings: Settings) -> Knowledge:
    key = tuple(str(p) for p in settings.actors)
    if key not in _CACHE:
        _CACHE[key] = Knowledge(settings)
    return _CACHE[key]
