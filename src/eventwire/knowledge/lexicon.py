"""The event lexicon: verb and noun triggers -> CAMEO code -> PLOVER type, mode, context; ACLED types.

Data files (``data/lexicon``, ``data/mappings``; rebuilt or edited without code changes):
- ``verbs.json``: verb forms and their patterns from Phoenix CAMEO.2.0.txt (MIT), by scripts/build_lexicon.py
- ``verb_overrides.tsv``, ``nouns.tsv``, ``agents.tsv``: eventwire's own corrections and extensions
- ``cameo2plover.tsv``: CAMEO2PLOVER-2021 (PLOVER, CC BY-SA 4.0); ``plover2acled.tsv``, ``assault_modes.tsv``
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

DATA = Path(__file__).parent / "data"
# CAMEO roots that CAMEO2PLOVER does not list: statements are no event, appeals are REQUEST.
_ROOTS = {"02": ("REQUEST", "", "")}
# PLOVER 2.x modes where the 2021 draft table says something coarser.
_MODE_FIX = {"195": "aerial", "183": "explosives", "1831": "suicide-attack", "1832": "explosives",
             "1833": "explosives"}


@dataclass(frozen=True)
class LexEntry:
    type: str
    mode: str | None = None
    cameo: str | None = None
    context: tuple[str, ...] = ()


@dataclass
class Pattern:
    code: str
    prt: str | None = None
    obj: str | None = None
    prep: str | None = None
    pobj: str | None = None

    @property
    def size(self) -> int:
        return sum(x is not None for x in (self.prt, self.obj, self.prep, self.pobj))


def _tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        rows.append(line.split("\t"))
    return rows[1:]  # the header


@dataclass
class EventLexicon:
    verbs: dict[str, str | None] = field(default_factory=dict)  # lemma -> default CAMEO code
    blocks: dict[str, str] = field(default_factory=dict)  # lemma -> pattern block
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)  # block -> patterns
    nouns: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    plover: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    acled: list[list[str]] = field(default_factory=list)
    assault_modes: dict[str, tuple[str, str]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)  # never an event, whatever the CAMEO patterns say

    def entry(self, cameo: str | None, mode: str | None = None) -> LexEntry | None:
        """CAMEO code -> PLOVER entry, falling back to the code's parent (0234 -> 023 -> 02)."""
        if not cameo or cameo == "-":
            return None
        code = cameo
        while code and code not in self.plover and code[:2] not in _ROOTS:
            code = code[:-1] if len(code) > 2 else ""
        row = self.plover.get(code) or _ROOTS.get(code[:2]) if code else None
        if row is None:
            return None
        typ, m, ctx = row
        mode = mode or _MODE_FIX.get(cameo) or (m or None)
        return LexEntry(typ, mode, cameo, tuple(c for c in ctx.split(";") if c))

    @cached_property
    def _verb_heads(self) -> frozenset[str]:
        return frozenset(k.split(" ", 1)[0] for k in self.verbs) | frozenset(self.blocks)

    def knows_verb(self, lemma: str) -> bool:
        """Whether any entry or pattern starts with this verb: most verbs of an article are in none, and
        this answers before their objects and prepositions are read."""
        return lemma in self._verb_heads and lemma not in self.blocked

    def verb(self, lemma: str, prt: str | None = None, objs: tuple[str, ...] = (),
             preps: tuple[tuple[str, str | None], ...] = ()) -> LexEntry | None:
        """The entry for a verb with its particle, object heads and (preposition, object head) pairs."""
        if lemma in self.blocked:
            return None
        phrasal = f"{lemma} {prt}" if prt else None
        if phrasal and phrasal in self.verbs:
            return self.entry(self.verbs[phrasal])
        for prep, _ in preps:  # 'call for', 'ask for'
            if f"{lemma} {prep}" in self.verbs:
                return self.entry(self.verbs[f"{lemma} {prep}"])
        best: Pattern | None = None
        for p in self.patterns.get(self.blocks.get(lemma, ""), ()):
            if p.prt and p.prt != prt:
                continue
            if p.obj and p.obj not in objs:
                continue
            if p.prep and not any(p.prep == pr and (p.pobj is None or p.pobj == po) for pr, po in preps):
                continue
            if best is None or p.size > best.size:
                best = p
        if best is not None and best.obj or best is not None and best.pobj:
            return None if best.code == "---" else self.entry(best.code)
        return self.entry(self.verbs.get(lemma))

    @cached_property
    def _noun_heads(self) -> frozenset[str]:
        return frozenset(k.rsplit(" ", 1)[-1] for k in self.nouns)

    def knows_noun(self, lemma: str) -> bool:
        """Whether any noun entry ends with this word ('strike', 'air strike')."""
        return lemma in self._noun_heads

    def noun(self, lemma: str, compound: str | None = None) -> LexEntry | None:
        for key in ((f"{compound} {lemma}" if compound else None), lemma):
            if key and key in self.nouns:
                code, mode = self.nouns[key]
                return self.entry(code, mode)
        return None

    def is_noun(self, lemma: str) -> bool:
        return lemma in self.nouns and self.nouns[lemma][0] != "-"

    def acled_types(self, typ: str, mode: str | None, recipient_kind: str | None) -> tuple[str | None, str | None]:
        for t, m, k, et, st in self.acled:
            if t == typ and m in ("*", mode) and k in ("*", recipient_kind):
                return et, st
        return None, None


def load_lexicon(data: Path = DATA) -> EventLexicon:
    raw = json.loads((data / "lexicon/verbs.json").read_text(encoding="utf-8"))
    lex = EventLexicon()
    for lemma, v in raw["verbs"].items():
        lex.verbs[lemma] = v["code"]
        lex.blocks.setdefault(lemma.split()[0], v["block"])
    for block, pats in raw["blocks"].items():
        lex.patterns[block] = [Pattern(**p) for p in pats]
    for lemma, code, *_ in _tsv(data / "lexicon/verb_overrides.tsv"):
        lex.verbs[lemma] = None if code in ("-", "!") else code
        if code == "!":
            lex.blocked.add(lemma)
    for noun, code, *mode in _tsv(data / "lexicon/nouns.tsv"):
        lex.nouns[noun] = (code, (mode[0] or None) if mode else None)
    lex.agents = {n: k for n, k in _tsv(data / "lexicon/agents.tsv")}
    lex.plover = {c: (t, m, ctx) for c, t, m, ctx in _tsv(data / "mappings/cameo2plover.tsv")}
    lex.acled = _tsv(data / "mappings/plover2acled.tsv")
    lex.assault_modes = {w: (m, c) for w, m, c in _tsv(data / "mappings/assault_modes.tsv")}
    return lex
