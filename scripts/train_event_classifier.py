"""Trains the small pentaclass sentence classifier that eventwire ships (JSON weights, no pickle).

usage: python scripts/train_event_classifier.py [--conflibert FILE] [--gsr FILE]

Training data: the ConfliBERT CAMEO train file minus the fixed held-out 20% (seed 13, see
eventcoding/classifier.py; the held-out part is for benchmarks/events_eval.py only) and the PLOVER gold
standard records mapped to pentaclass. Writes src/eventwire/knowledge/data/models/event_classifier.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from eventwire.eventcoding.classifier import MODEL, PENTA, features, held_out_split, read_conflibert

GSR_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def read_gsr(path: Path) -> list[tuple[str, str]]:
    rows = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        rows.append((r["text"], GSR_MAP.get(r["event"], r["event"])))
    return rows


def fit(texts: list[str], labels: list, c: float = 1.0, min_df: int = 2) -> tuple[CountVectorizer, LogisticRegression]:
    vec = CountVectorizer(analyzer=features, binary=True, min_df=min_df)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, labels)
    return vec, clf


def export(vec: CountVectorizer, clf: LogisticRegression, keep: float = 0.02) -> dict:
    coef = clf.coef_
    if coef.shape[0] == 1:  # binary: sklearn keeps one row
        coef = [[-v for v in coef[0]], list(coef[0])]
    weights = {}
    for word, j in vec.vocabulary_.items():
        w = [round(float(row[j]), 3) for row in coef]
        if max(abs(v) for v in w) >= keep:
            weights[word] = w
    intercept = clf.intercept_ if len(clf.intercept_) > 1 else [-clf.intercept_[0], clf.intercept_[0]]
    return {"labels": [int(x) if str(x).isdigit() else x for x in clf.classes_],
            "intercept": [round(float(v), 4) for v in intercept], "weights": weights}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conflibert", default="/work/shared/data/conflibert_cameo/cameo_class_train.tsv")
    ap.add_argument("--gsr", default="/work/shared/data/plover/PLOVER_GSR_CAMEO.json")
    a = ap.parse_args()
    rows = read_conflibert(Path(a.conflibert))
    train, _ = held_out_split(rows)
    gsr = read_gsr(Path(a.gsr))
    texts = [rows[i][0] for i in train] + [t for t, _ in gsr]
    labels = [rows[i][1] for i in train] + [PENTA[p] for _, p in gsr]
    vec, clf = fit(texts, labels)
    model = {"pentaclass": export(vec, clf),
             "source": "LogisticRegression on ConfliBERT CAMEO train (GPL-3.0 data, minus the held-out 20%) + "
                       "PLOVER GSR (CC BY-SA 4.0); weights only, no text",
             "train_size": len(texts)}
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps(model, separators=(",", ":")))
    print(f"trained on {len(texts)} sentences, {len(model['pentaclass']['weights'])} weighted features -> {MODEL}")


if __name__ == "__main__":
    main()
