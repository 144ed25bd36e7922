"""Trains the small pentaclass sentence classifier (JSON weights, no pickle).

usage: python scripts/train_event_classifier.py [--gsr FILE]                      # the shipped model
       python scripts/train_event_classifier.py --conflibert FILE --out FILE    # opt-in local model, GPL-3.0

Shipped model (default): trained only on the PLOVER gold standard records (CC BY-SA 4.0, Open Event Data
Alliance), so the weights are CC BY-SA 4.0 with that attribution (knowledge/data/models/NOTICE.md). It is
written to src/eventwire/knowledge/data/models/event_classifier.json.

Opt-in (`--conflibert FILE`): adds the ConfliBERT CAMEO train file minus the fixed held-out 20% (seed 13,
see eventcoding/classifier.py; the held-out part is for benchmarks/events_eval.py only). That data is
GPL-3.0: the weights may be a derived work, so this build is never written to the shipped path; `--out`
is required. Use it with ``EVENTWIRE_EVENT_MODEL=FILE`` (or ``classifier.load(FILE)``), under the GPL's
terms for your build.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from eventwire.eventcoding.classifier import MODEL, features, held_out_split, read_conflibert

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"  # ../shared beside the checkout
GSR_DEFAULT = SHARED_DATA / "plover" / "PLOVER_GSR_CAMEO.json"
GSR_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# PLOVER 0.5b1 category of a GSR record -> CAMEO pentaclass of the CAMEO root it was drawn from (the GSR are
# CAMEO-manual examples), with the root ranges of classifier.penta_of_cameo: 03-05 verbal cooperation,
# 06-08 material cooperation, 09-13 verbal conflict (INVESTIGATE = 09), 14-20 material conflict
# (SANCTION = 16). DEMAND is CAMEO 10 in the GSR ("demanded", "said X must"), not 02 (appeal).
GSR_PENTA = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2, "CONCEDE": 2,
             "INVESTIGATE": 3, "DEMAND": 3, "DISAPPROVE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
             "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4, "FIGHT": 4}
LICENCE_CLEAN = {"licence": "CC BY-SA 4.0", "attribution": "Open Event Data Alliance (PLOVER gold standard records)",
                 "source": "LogisticRegression on the PLOVER GSR (CC BY-SA 4.0); weights only, no text"}
LICENCE_GPL = {"licence": "GPL-3.0 (trained on GPL-3.0 data: ConfliBERT CAMEO); not for redistribution under MIT",
               "attribution": "Open Event Data Alliance (PLOVER GSR); ConfliBERT CAMEO data (eventdata/ConfliBERT)",
               "source": "LogisticRegression on ConfliBERT CAMEO train (GPL-3.0, minus the held-out 20%) + "
                         "PLOVER GSR (CC BY-SA 4.0); weights only, no text"}


def require(path: Path, flag: str) -> Path:
    """The data file, or a clear exit saying which option to pass."""
    if not path.is_file():
        raise SystemExit(f"{path} not found: pass {flag} FILE (looked in ../shared/data beside the checkout)")
    return path


def read_records(path: Path) -> list[dict]:
    return [r for r in json.loads(path.read_text(encoding="utf-8"))
            if r.get("event") not in (None, "DOCUMENT") and r.get("text")]


def read_gsr(path: Path) -> list[tuple[str, str]]:
    """(sentence, PLOVER 2 type) for each GSR record."""
    return [(r["text"], GSR_MAP.get(r["event"], r["event"])) for r in read_records(path)]


def read_gsr_penta(path: Path) -> list[tuple[str, int]]:
    """(sentence, CAMEO pentaclass) for each GSR record."""
    return [(r["text"], GSR_PENTA[r["event"]]) for r in read_records(path)]


def fit(texts: list[str], labels: list, c: float = 1.0, min_df: int = 2) -> tuple[CountVectorizer, LogisticRegression]:
    vec = CountVectorizer(analyzer=features, binary=True, min_df=min_df)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, labels)
    return vec, clf


def training_rows(gsr: Path, conflibert: Path | None) -> list[tuple[str, int]]:
    """The licence-clean rows (GSR), plus the ConfliBERT train part when opted in."""
    rows = read_gsr_penta(gsr)
    if conflibert is not None:
        cb = read_conflibert(conflibert)
        train, _ = held_out_split(cb)
        rows = [cb[i] for i in train] + rows
    return rows


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
    ap.add_argument("--gsr", type=Path, default=GSR_DEFAULT, help="PLOVER_GSR_CAMEO.json (default: %(default)s)")
    ap.add_argument("--conflibert", type=Path, default=None,
                    help="opt-in: also train on this ConfliBERT cameo_class_train.tsv (GPL-3.0; needs --out)")
    ap.add_argument("--out", type=Path, default=None, help="where to write the model (default: the shipped path, "
                    "licence-clean build only)")
    a = ap.parse_args()
    out = (a.out or MODEL).resolve()
    if a.conflibert is not None and (a.out is None or out == MODEL.resolve()):
        raise SystemExit("--conflibert trains on GPL-3.0 data: pass --out FILE outside the shipped model path "
                         f"({MODEL}); the shipped model is trained on the PLOVER GSR only")
    rows = training_rows(require(a.gsr, "--gsr"), a.conflibert and require(a.conflibert, "--conflibert"))
    vec, clf = fit([t for t, _ in rows], [y for _, y in rows])
    model = {"pentaclass": export(vec, clf), **(LICENCE_GPL if a.conflibert else LICENCE_CLEAN),
             "train_size": len(rows)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, separators=(",", ":")))
    print(f"trained on {len(rows)} sentences, {len(model['pentaclass']['weights'])} weighted features -> {out}")


if __name__ == "__main__":
    main()
