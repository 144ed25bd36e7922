"""Events stage accuracy on named data, one command: prints a table.

usage: .venv/bin/python benchmarks/events_eval.py [--no-dev]

1. PLOVER type accuracy on the PLOVER gold standard records (322 CAMEO-manual sentences, 0.5b1 types
   mapped to PLOVER 2: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT): the rules alone
   (top-1 = most confident event; any = gold type among the events) and a 5-fold cross-validated
   bag-of-words + rule-feature logistic regression; pentaclass accuracy of the shipped recipe, 5-fold CV
   (the shipped model trains on all of the GSR, so only cross-validated figures are fair there).
2. Pentaclass macro-F1 on the fixed held-out 20% of the ConfliBERT CAMEO train file (seed 13; never
   trained on): rules alone; the shipped classifier (PLOVER GSR only, licence-clean); the same GSR data
   with rule features (stacked); the opt-in GPL build (`train_event_classifier.py --conflibert`: the
   ConfliBERT train part + GSR), trained here in-process, alone and with rule features.
3. PETRARCH-2 validation sentences (silver codes from PETRARCH-2 output): type recall, and how often
   the no-event sentences stay without events.
4. The dev gold (shared/eval, 5 articles) through the whole pipeline: shared/eval/run.sh.
Data is read from ../shared beside the checkout (--shared DIR to point elsewhere).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from unittest.mock import patch

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from train_event_classifier import fit, read_gsr, read_gsr_penta, require  # noqa: E402

from eventwire.eventcoding import classifier  # noqa: E402
from eventwire.eventcoding.classifier import features, held_out_split, load, penta_of_cameo, read_conflibert  # noqa: E402
from eventwire.ingest import ArticleInput  # noqa: E402
from eventwire.pipeline import default_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"  # ../shared beside the checkout; --shared DIR overrides
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def rule_events(texts: list[str], calibrate: bool = True) -> list[list]:
    """The events the whole pipeline codes for each sentence, most confident first (negated left out).

    calibrate=False runs without the sentence classifier (confidence, hence the top event, from the rules only).
    """
    items = [ArticleInput(text=t, id=str(i)) for i, t in enumerate(texts)]
    out = []
    with patch.object(classifier, "load", return_value=None) if not calibrate else nullcontext():
        for doc in default_pipeline().run(items):
            evs = [e for e in getattr(doc, "events", []) if e.status != "negated"]
            out.append(sorted(evs, key=lambda e: -e.confidence))
    return out


def rule_feats(evs: list) -> str:
    return " ".join(f"RULE{e.type}" for e in evs) or "RULENONE"


def stacked_matrix(texts, rules, vec=None, vec2=None):
    if vec is None:
        vec = CountVectorizer(analyzer=features, binary=True, min_df=2).fit(texts)
        vec2 = CountVectorizer(token_pattern=r"\S+", binary=True).fit(rules)
    return hstack([vec.transform(texts), vec2.transform(rules) * 3.0]).tocsr(), vec, vec2


def penta_rules(evs: list[list]) -> tuple[list[int], list[str]]:
    """Rules' pentaclass (top event; none = 0, a statement) and the rule features of each sentence."""
    pred = [penta_of_cameo(e[0].codes.cameo, e[0].type) if e else 0 for e in evs]
    return pred, [rule_feats(e) + f" PENTA{p}" for e, p in zip(evs, pred, strict=False)]


def gsr_block(gsr: list[tuple[str, str]], penta: list[int], evs: list[list]) -> list[tuple[str, str, str]]:
    texts, gold = [t for t, _ in gsr], [g for _, g in gsr]
    top1 = np.mean([bool(e) and e[0].type == g for e, g in zip(evs, gold, strict=False)])
    bare = rule_events(texts, calibrate=False)
    top1_bare = np.mean([bool(e) and e[0].type == g for e, g in zip(bare, gold, strict=False)])
    anyt = np.mean([g in {x.type for x in e} for e, g in zip(evs, gold, strict=False)])
    none = np.mean([not e for e in evs])
    rules = [rule_feats(e) for e in evs]
    y, yp = np.array(gold), np.array(penta)
    accs, accs_bow, pen_acc, pen_f1 = [], [], [], []
    strata = [g if gold.count(g) >= 5 else "X" for g in gold]
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=13).split(texts, strata):
        xt, vec, vec2 = stacked_matrix([texts[i] for i in tr], [rules[i] for i in tr])
        xe, _, _ = stacked_matrix([texts[i] for i in te], [rules[i] for i in te], vec, vec2)
        clf = LogisticRegression(C=2.0, max_iter=3000).fit(xt, y[tr])
        accs.append(np.mean(clf.predict(xe) == y[te]))
        v = CountVectorizer(analyzer=features, binary=True, min_df=2).fit([texts[i] for i in tr])
        c2 = LogisticRegression(C=2.0, max_iter=3000).fit(v.transform([texts[i] for i in tr]), y[tr])
        accs_bow.append(np.mean(c2.predict(v.transform([texts[i] for i in te])) == y[te]))
        v3, c3 = fit([texts[i] for i in tr], list(yp[tr]))  # the shipped recipe, same settings
        p3 = c3.predict(v3.transform([texts[i] for i in te]))
        pen_acc.append(np.mean(p3 == yp[te]))
        pen_f1.append(f1_score(yp[te], p3, average="macro"))
    n = f"PLOVER GSR ({len(texts)} sentences)"
    return [(n, "type accuracy, rules top-1, no classifier", f"{top1_bare:.3f}"),
            (n, "type accuracy, rules top-1, shipped classifier (in-sample)", f"{top1:.3f}"),
            (n, "type recall, rules any event", f"{anyt:.3f}"),
            (n, "sentences with no event coded", f"{none:.3f}"),
            (n, "type accuracy, BoW LR 5-fold CV", f"{np.mean(accs_bow):.3f}"),
            (n, "type accuracy, BoW+rules LR 5-fold CV", f"{np.mean(accs):.3f}"),
            (n, "pentaclass accuracy, shipped recipe 5-fold CV", f"{np.mean(pen_acc):.3f}"),
            (n, "pentaclass macro-F1 (4 classes), shipped recipe 5-fold CV", f"{np.mean(pen_f1):.3f}")]


def penta_block(shared: Path, gsr_texts: list[str], gsr_penta: list[int],
                gsr_evs: list[list]) -> list[tuple[str, str, str]]:
    cb_path = shared / "data/conflibert_cameo/cameo_class_train.tsv"
    rows = read_conflibert(require(cb_path, "--shared"))
    tr, te = held_out_split(rows)
    texts = [r[0] for r in rows]
    y = np.array([r[1] for r in rows])
    rule_pred, rules = penta_rules(rule_events(texts))
    _, gsr_rules = penta_rules(gsr_evs)
    model = load()
    shipped = [max(p := model.proba(texts[i]), key=p.get) for i in te] if model else [0] * len(te)
    test_x = [texts[i] for i in te], [rules[i] for i in te]

    def stacked(train_texts: list[str], train_rules: list[str], labels: list[int]) -> np.ndarray:
        xt, vec, vec2 = stacked_matrix(train_texts, train_rules)
        xe, _, _ = stacked_matrix(*test_x, vec, vec2)
        return LogisticRegression(C=1.0, max_iter=3000).fit(xt, labels).predict(xe)

    clean = stacked(gsr_texts, gsr_rules, gsr_penta)
    opt_texts = [texts[i] for i in tr] + gsr_texts
    opt_y = [int(y[i]) for i in tr] + gsr_penta
    vec, clf = fit(opt_texts, opt_y)  # what `train_event_classifier.py --conflibert` builds
    opt_in = clf.predict(vec.transform(test_x[0]))
    opt_stacked = stacked(opt_texts, [rules[i] for i in tr] + gsr_rules, opt_y)
    n = f"ConfliBERT CAMEO held-out ({len(te)} of {len(rows)}, seed 13)"
    bare, _ = penta_rules(rule_events(test_x[0], calibrate=False))
    f1 = lambda p: f"{f1_score(y[te], p, average='macro'):.3f}"  # noqa: E731
    return [(n, "pentaclass macro-F1, rules alone (no classifier)", f1(bare)),
            (n, "pentaclass macro-F1, rules, shipped classifier ranks", f1([rule_pred[i] for i in te])),
            (n, "pentaclass macro-F1, shipped classifier (GSR only)", f1(shipped)),
            (n, "pentaclass macro-F1, GSR BoW+rules LR", f1(clean)),
            (n, "pentaclass macro-F1, opt-in --conflibert build (GPL)", f1(opt_in)),
            (n, "pentaclass macro-F1, opt-in build + rules LR (GPL)", f1(opt_stacked)),
            (n, "(anchor: ConfliBERT on its own test split)", "0.879")]


def petrarch_block(shared: Path) -> list[tuple[str, str, str]]:
    """PETRARCH-2 validation sentences (AFP): silver CAMEO codes from PETRARCH-2's own output, 12 no-event."""
    import re

    from eventwire.knowledge.lexicon import load_lexicon

    lex = load_lexicon()
    raw = require(shared / "data/petrarch_validation/PETR2_GSR_validation_UD.xml", "--shared").read_text(encoding="utf-8")
    recs = []
    for block in re.split(r"<Sentence ", raw)[1:]:
        text = re.search(r"<Text>(.*?)</Text>", block, re.S)
        if not text:
            continue
        codes = re.findall(r'eventcode="(\d+)"', block)
        types = {e.type for c in codes if (e := lex.entry(c)) is not None}
        recs.append((" ".join(text.group(1).split()), types, "noevents" in block))
    evs = rule_events([t for t, _, _ in recs])
    with_ev = [(e, g) for e, (_, g, _) in zip(evs, recs, strict=False) if g]
    quiet = [e for e, (_, _, none) in zip(evs, recs, strict=False) if none]
    n = f"PETRARCH-2 validation ({len(recs)} AFP sentences, silver)"
    hit = np.mean([bool({x.type for x in e} & g) for e, g in with_ev]) if with_ev else 0.0
    return [(n, f"PLOVER type recall ({len(with_ev)} coded sentences)", f"{hit:.3f}"),
            (n, f"no event coded on the {len(quiet)} no-event sentences", f"{np.mean([not e for e in quiet]):.3f}")]


def dev_block(shared: Path) -> list[tuple[str, str, str]]:
    env = dict(os.environ, PATH=f"{ROOT / '.venv/bin'}:{os.environ.get('PATH', '')}")
    res = subprocess.run([str(require(shared / "eval/run.sh", "--shared"))], capture_output=True, text=True, env=env, timeout=900)
    out = []
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("event_recall", "event_precision", "event_f1", "event_full_recall",
                                            "source_acc", "target_acc", "fatalities_acc", "event_date_acc",
                                            "event_place_country_acc"):
            out.append(("dev gold (shared/eval, 5 articles)", parts[0], parts[1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-dev", action="store_true", help="skip the dev-gold run (run.sh)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder with data/ and eval/ "
                    "(default: %(default)s)")
    a = ap.parse_args()
    t = time.time()
    gsr_path = require(a.shared / "data/plover/PLOVER_GSR_CAMEO.json", "--shared")
    gsr, gsr_penta = read_gsr(gsr_path), [p for _, p in read_gsr_penta(gsr_path)]
    gsr_evs = rule_events([s for s, _ in gsr])
    rows = (gsr_block(gsr, gsr_penta, gsr_evs) + penta_block(a.shared, [s for s, _ in gsr], gsr_penta, gsr_evs)
            + petrarch_block(a.shared) + ([] if a.no_dev else dev_block(a.shared)))
    w = max(len(r[0]) for r in rows)
    print(f"{'set':{w}s}  {'metric':56s} value")
    for s, m, v in rows:
        print(f"{s:{w}s}  {m:56s} {v}")
    print(f"({time.time() - t:.0f} s)")


if __name__ == "__main__":
    main()
