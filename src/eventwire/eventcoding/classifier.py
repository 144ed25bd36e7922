"""A small linear sentence classifier (bag of words) that backs the rules where they cannot decide.

The artefact is plain JSON (``knowledge/data/models/event_classifier.json``): per label an intercept and
weights for the words that matter, built by ``scripts/train_event_classifier.py`` with scikit-learn's
logistic regression. The shipped file is trained on the PLOVER gold standard records only (CC BY-SA 4.0,
Open Event Data Alliance; see models/NOTICE.md); ``load(path)`` reads a locally built one instead.
Scoring needs no scikit-learn: a dot product over the sentence's words.
Labels: CAMEO pentaclass (0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict), the scheme of the ConfliBERT CAMEO benchmark.
"""

from __future__ import annotations

import json
import math
import random
import re
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeError

MODEL = Path(__file__).resolve().parents[1] / "knowledge/data/models/event_classifier.json"
_WORD = re.compile(r"[a-z][a-z'\-]+|\d+")
HELD_OUT_SEED = 13
HELD_OUT_SHARE = 0.2

# PLOVER type -> pentaclass when no CAMEO code decides (REQUEST: CAMEO 02 appeal, verbal cooperation;
# a demand, CAMEO 10, is coded with its code). CAMEO roots as in penta_of_cameo: 02-05 verbal cooperation,
# 06-08 material cooperation, 09-13 verbal conflict, 14-20 material conflict (SANCTION = 16).
PENTA = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
         "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4,
         "COERCE": 4, "ASSAULT": 4}


def penta_of_cameo(code: str | None, plover: str | None = None) -> int:
    """CAMEO code -> pentaclass; the PLOVER type decides when the code is missing."""
    if code and code[:2].isdigit():
        root = int(code[:2])
        return 0 if root == 1 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
    return PENTA.get(plover or "", 0)


def features(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def held_out_split(rows: list[tuple[str, int]]) -> tuple[list[int], list[int]]:
    """Fixed, stratified split of the ConfliBERT train file: (train indices, held-out indices)."""
    rng = random.Random(HELD_OUT_SEED)
    train, test = [], []
    for label in sorted({r[1] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r[1] == label]
        rng.shuffle(idx)
        k = round(len(idx) * HELD_OUT_SHARE)
        test += idx[:k]
        train += idx[k:]
    return sorted(train), sorted(test)


def read_conflibert(path: Path) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if label.strip().isdigit() and text:
            rows.append((text.strip().strip('"'), int(label)))
    return rows


class LinearModel:
    def __init__(self, data: dict) -> None:
        self.labels: list = data["labels"]
        self.intercept: list[float] = data["intercept"]
        self.weights: dict[str, list[float]] = data["weights"]

    def proba(self, text: str) -> dict:
        z = list(self.intercept)
        for f in set(features(text)):
            w = self.weights.get(f)
            if w:
                z = [a + b for a, b in zip(z, w, strict=False)]
        top = max(z)
        ex = [math.exp(v - top) for v in z]
        s = sum(ex)
        return {lab: e / s for lab, e in zip(self.labels, ex, strict=False)}


ENV_MODEL = "EVENTWIRE_EVENT_MODEL"  # a locally built model (e.g. the opt-in GPL build) instead of the shipped one


def load(path: str | None = None) -> LinearModel | None:
    """The classifier at `path`, else at $EVENTWIRE_EVENT_MODEL (Settings.event_model), else the shipped one
    (None if that is absent)."""
    chosen = path or _configured()
    if chosen and not Path(chosen).is_file():
        raise KnowledgeError(f"event classifier model {chosen} not found.",
                             f"Build it with scripts/train_event_classifier.py --out FILE, or unset {ENV_MODEL}.")
    return _load(chosen or str(MODEL))


@lru_cache(maxsize=1)
def _configured() -> str | None:
    # read once per process: load() runs for every article
    from ..settings import Settings

    configured = Settings().event_model
    return str(configured) if configured else None


@lru_cache(maxsize=2)
def _load(path: str) -> LinearModel | None:
    p = Path(path)
    if not p.exists():
        return None
    return LinearModel(json.loads(p.read_text(encoding="utf-8"))["pentaclass"])
