"""Quote-attribution knowledge: speech-cue verbs and the head nouns of unnamed speakers.

Data files (``data/quotes``, edited without code changes):
- ``cues.tsv``: lemmas of verbs that introduce a quote; ``short`` marks verbs whose one- to three-word
  quoted argument is still a quote ("called the measures 'unacceptable'"), not a scare quote;
  ``object`` marks nouns that make the verb governing them a cue ("issued a statement", "paid tribute").
- ``speakers.tsv``: head noun of an unnamed speaker ("official", "ministry") -> actor kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "quotes"


def _rows(path: Path) -> list[list[str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return rows[1:]  # the header


@dataclass(frozen=True)
class QuoteLexicon:
    cues: frozenset[str]  # verb lemmas that introduce a quote
    short_cues: frozenset[str]  # ... and may take a one- to three-word quoted argument
    cue_objects: frozenset[str]  # nouns that make the verb governing them a cue ("issued a statement")
    speaker_kinds: dict[str, str]  # head noun of an unnamed speaker -> actor kind


@lru_cache(maxsize=1)
def load_quote_lexicon(data: Path = DATA) -> QuoteLexicon:
    cues = _rows(data / "cues.tsv")
    return QuoteLexicon(
        cues=frozenset(r[0].strip() for r in cues if len(r) < 2 or r[1].strip() != "object"),
        cue_objects=frozenset(r[0].strip() for r in cues if len(r) > 1 and r[1].strip() == "object"),
        short_cues=frozenset(r[0].strip() for r in cues if len(r) > 1 and r[1].strip() == "short"),
        speaker_kinds={r[0].strip(): r[1].strip() for r in _rows(data / "speakers.tsv") if len(r) > 1},
    )
