"""Quote recall, precision and speaker accuracy on two gold sets, and the stage's cost.

usage: .venv/bin/python benchmarks/quotes_eval.py [--show] [--shared ../shared]

- dev: the five hand-annotated articles of ``shared/eval/dev_gold.json`` (core quotes count for recall
  and speaker accuracy; a prediction matching any gold quote, core or not, counts for precision).
- re3d: ``benchmarks/data/quotes_gold.jsonl`` rows without ``corpus``: quotes of re3d press releases
  (CENTCOM, UK Government) annotated for this stage: subset, document id, the quote's first words,
  acceptable speaker names; ``not_quotes`` rows name quoted words (nicknames, scare quotes, names) that
  must not become quotes.
- tempeval3: rows with ``"corpus": "tempeval3"``: quotes of the TempEval-3 platinum news articles (AP,
  CNN, WSJ, BBC, NYT), annotated after the rules were written; held out for the first run only.
- geowebnews-1 / -2: rows with ``"corpus": "geowebnews"`` (``batch`` 1, 2 or 3): randomly drawn GeoWebNews
  articles (web news with scraping faults), each batch annotated after the previous batch's fixes and
  held out for its first run.
- lgl: rows with ``"corpus": "lgl"``: six randomly drawn LGL local-news articles, annotated after all
  other fixes (the latest held-out set).
Matching is the dev scorer's (``shared/eval/score.py``): a prediction matches a gold quote when its
normalised text starts with the gold's first 30 normalised characters; the speaker matches when any
name of the speaker actor equals an acceptable name or starts it on a word boundary.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _dev_set(shared: Path) -> list[dict]:
    docs = json.load(open(shared / "eval" / "dev_gold.json"))["documents"]
    return [{"id": d["file"], "published": d["published"], "text": (shared / "samples" / d["file"]).read_text(),
             "quotes": [{"starts": q["starts"], "speaker": q["speaker"], "core": q["core"]} for q in d["quotes"]],
             "not_quotes": []} for d in docs]


def _gold_rows(corpus: str, batch: int = 1) -> dict[str, dict]:
    by_doc: dict[str, dict] = {}
    for line in open(HERE / "data" / "quotes_gold.jsonl"):
        row = json.loads(line)
        if row.get("corpus", "re3d") != corpus or row.get("batch", 1) != batch:
            continue
        key = f"{row['subset']}/{row['doc']}" if corpus == "re3d" else row["doc"]
        d = by_doc.setdefault(key, {"quotes": [], "not_quotes": []})
        if "starts" in row:
            d["quotes"].append({"starts": row["starts"], "speaker": row["speaker"], "core": row.get("core", True)})
        d["not_quotes"] += row.get("not_quotes", [])
    return by_doc


def _re3d_set(shared: Path) -> list[dict]:
    gold, out = _gold_rows("re3d"), []
    for subset in sorted({k.split("/")[0] for k in gold}):
        for line in open(shared / "data" / "re3d" / subset / "documents.json"):
            if line.strip() and (key := f"{subset}/{json.loads(line)['_id']}") in gold:
                out.append({"id": key[:len(subset) + 9], "published": None, "text": json.loads(line)["text"], **gold[key]})
    return out


def _tempeval_set(shared: Path) -> list[dict]:
    out = []
    for name, d in sorted(_gold_rows("tempeval3").items()):
        tml = (shared / "data" / "tempeval3" / f"{name}.tml").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", "", re.search(r"<TEXT>(.*)</TEXT>", tml, re.S).group(1))
        out.append({"id": name, "published": None, "text": text, **d})
    return out


def _geowebnews_set(shared: Path, batch: int) -> list[dict]:
    gold = _gold_rows("geowebnews", batch)
    xml = (shared / "data" / "geo" / "geowebnews" / "GWN.xml").read_text(encoding="utf-8")
    texts = dict(re.findall(r'<article file="(\d+)">.*?<text>(.*?)</text>', xml, re.S))
    return [{"id": f"gwn/{k}", "published": None, "text": html.unescape(texts[k]), **d} for k, d in sorted(gold.items())]


def _lgl_set(shared: Path) -> list[dict]:
    gold = _gold_rows("lgl")
    xml = (shared / "data" / "geo" / "lgl" / "lgl.xml").read_text(encoding="utf-8")
    texts = dict(re.findall(r'<article docid="(\d+)".*?<text>(.*?)</text>', xml, re.S))
    clean = {k: html.unescape(v).replace("<![CDATA[", "").replace("]]>", "") for k, v in texts.items() if k in gold}
    return [{"id": f"lgl/{k}", "published": None, "text": clean[k], **d} for k, d in sorted(gold.items())]


def _score(docs: list[dict], results: dict, sc, show: bool) -> dict:
    t = dict(gold=0, found=0, spk=0, pred=0, pred_ok=0, scare=0)
    for d in docs:
        pq = results[d["id"]]
        t["pred"] += len(pq)
        used: set[int] = set()
        for gq in d["quotes"]:
            key = sc.norm(gq["starts"])[:30]
            hit = next((i for i, q in enumerate(pq) if i not in used and sc.norm(q["text"]).startswith(key)), None)
            t["gold"] += gq["core"]
            if hit is None:
                if gq["core"] and show:
                    print(f"  MISS {d['id']}: {gq['starts']!r}")
                continue
            used.add(hit)
            t["pred_ok"] += 1
            ok = sc.names_match(gq["speaker"], sc.strings(pq[hit].get("speaker") or {}))
            if gq["core"]:
                t["found"] += 1
                t["spk"] += ok
            if show and not ok:
                print(f"  SPEAKER {d['id']}: {gq['starts']!r} -> {(pq[hit].get('speaker') or {}).get('name')!r}"
                      f" (gold {gq['speaker'][:2]})")
        for i, q in enumerate(pq):
            if i not in used and show:
                print(f"  EXTRA {d['id']}: {q['text'][:50]!r} speaker={(q.get('speaker') or {}).get('name')!r}")
            if any(sc.norm(q["text"]) == sc.norm(n) for n in d["not_quotes"]):
                t["scare"] += 1
    r = lambda a, b: round(a / b, 3) if b else 0.0  # noqa: E731
    return {"gold": t["gold"], "recall": r(t["found"], t["gold"]), "predicted": t["pred"],
            "precision": r(t["pred_ok"], t["pred"]), "speaker_acc": r(t["spk"], t["found"]),
            "scare_quotes_kept": t["scare"]}


def _run(docs: list[dict], timing: dict) -> dict:
    from eventwire import quotes as quotes_stage
    from eventwire.ingest import ArticleInput
    from eventwire.pipeline import analyse, default_pipeline

    pipe = default_pipeline()
    out = {}
    for d in docs:
        t0 = time.perf_counter()
        doc = pipe.nlp(d["text"])
        t1 = time.perf_counter()
        res = analyse(doc, ArticleInput(text=d["text"], id=d["id"], published=d["published"]), pipe.kb)
        # the quotes stage alone, timed on a fresh actor index like the pipeline's
        from eventwire import actors as actors_stage
        acts = actors_stage.extract(doc, pipe.kb, d["published"])
        t2 = time.perf_counter()
        quotes_stage.extract(doc, acts)
        t3 = time.perf_counter()
        timing["parse"] += t1 - t0
        timing["quotes"] += t3 - t2
        out[d["id"]] = [q.model_dump() for q in res.quotes]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every miss, extra quote and wrong speaker")
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared", help="the shared folder (eval/, data/)")
    args = ap.parse_args()
    sc = _scorer(args.shared)
    timing = {"parse": 0.0, "quotes": 0.0}
    rows = []
    sets = (("dev (5 articles)", _dev_set(args.shared)), ("re3d (17 press releases)", _re3d_set(args.shared)),
            ("tempeval3 (15 news)", _tempeval_set(args.shared)),
            ("geowebnews-1 (6 web news)", _geowebnews_set(args.shared, 1)),
            ("geowebnews-2 (5 web news)", _geowebnews_set(args.shared, 2)),
            ("geowebnews-3 (5 web news)", _geowebnews_set(args.shared, 3)),
            ("lgl (6 local news, held out)", _lgl_set(args.shared)))
    for name, docs in sets:
        if args.show:
            print(name)
        rows.append((name, _score(docs, _run(docs, timing), sc, args.show)))
    cols = ["gold", "recall", "predicted", "precision", "speaker_acc", "scare_quotes_kept"]
    print(f"{'set':34s}" + "".join(f"{c:>18s}" for c in cols))
    for name, res in rows:
        print(f"{name:34s}" + "".join(f"{res[c]!s:>18s}" for c in cols))
    share = timing["quotes"] / timing["parse"] if timing["parse"] else 0.0
    print(f"quotes stage {timing['quotes'] * 1000:.1f} ms for {timing['parse'] * 1000:.0f} ms of parsing "
          f"({share:.1%} of the parse)")


if __name__ == "__main__":
    sys.exit(main())
