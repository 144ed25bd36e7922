"""Corpus benchmark: ingest rate into SQLite and PostgreSQL, database size, dedup precision/recall.

usage: .venv/bin/python benchmarks/ingest.py [--n 1000] [--pg URL] [--skip-ingest]
  --pg defaults to EVENTWIRE_TEST_PG_URL (`. scripts/services.sh; start_postgres` sets it).

1,000 articles are built from the sample articles in examples/ (each with its own publication date
and a reference line, so ids and normalised texts differ). They are parsed once by the real pipeline;
the same documents are then written to each database, so the store rates compare like with like.
Dedup is measured on benchmarks/data/dedup_set.jsonl: pairwise precision/recall of "these two
articles report one event", (a) with the rule on the set's gold fields, (b) through the real pipeline.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEDUP_SET = ROOT / "benchmarks" / "data" / "dedup_set.jsonl"


def load_set(path: Path = DEDUP_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def pair_scores(gold: dict[str, str], predicted: set[frozenset[str]]) -> dict:
    """Pairwise precision/recall: gold maps article -> real event; predicted holds merged article pairs."""
    gold_pairs = {frozenset(p) for p in itertools.combinations(sorted(gold), 2) if gold[p[0]] == gold[p[1]]}
    tp = len(gold_pairs & predicted)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold_pairs) if gold_pairs else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "gold_pairs": len(gold_pairs),
            "predicted_pairs": len(predicted), "true_pairs": tp,
            "false_merges": sorted("+".join(sorted(x)) for x in predicted - gold_pairs),
            "missed": sorted("+".join(sorted(x)) for x in gold_pairs - predicted)}


def rule_on_gold(rows: list[dict]) -> dict:
    """The dedup rule alone, on the set's hand-coded fields (no extraction errors)."""
    from eventwire.dedup import cluster

    keys = []
    for r in rows:
        g = r["gold"]
        k = {"article_id": r["id"], "type": g["type"], "status": "asserted", "date_start": g["date"],
             "date_end": g["date"], "date_precision": "day", "place_name": g["place"]["name"],
             "place_country": g["place"]["country"], "lat": g["place"]["lat"], "lon": g["place"]["lon"],
             "geo_precision": 1}
        for role in ("actor", "recipient"):
            a = g.get(role) or {}
            k.update({f"{role}_{f}": a.get(f) for f in ("name", "canonical", "kind", "country")})
        keys.append(k)
    labels = cluster(keys)
    predicted = {frozenset((a["article_id"], b["article_id"]))
                 for (a, la), (b, lb) in itertools.combinations(zip(keys, labels, strict=True), 2) if la == lb}
    return pair_scores({r["id"]: r["gold_event"] for r in rows}, predicted)


def _main_event(doc: dict, gold: dict) -> str | None:
    """The article's event that reports the gold event: right type, the gold date when one has it."""
    same = [e for e in doc["events"] if e["type"] == gold["type"]]
    dated = [e for e in same if (e.get("date") or {}).get("start") == gold["date"]]
    return (dated or same or [{"id": None}])[0]["id"]


def through_pipeline(rows: list[dict], url: str = "sqlite://") -> dict:
    """Ingest the set with the real pipeline; two articles merged when their main events are one stored event.

    An article that also mentions an earlier event ("a day after their first protest") may rightly
    share that event with another article; only each article's main report is scored.
    """
    from eventwire.corpus import ingest
    from eventwire.ingest import ArticleInput
    from eventwire.store import Store

    items = [ArticleInput(text=r["text"], id=r["id"], title=r["title"], published=r["published"], source=r["source"])
             for r in rows]
    with Store(url) as store:
        ingest([], store, items=items)
        merged_as = {(s["article_id"], s["event"]): ev["id"] for ev in store.query_events() for s in ev["sources"]}
        main = {}
        for r in rows:
            doc = store.article(r["id"])
            local = _main_event(doc, r["gold"]) if doc else None
            if local is not None:
                main[r["id"]] = merged_as[(r["id"], local)]
    predicted = {frozenset((a, b)) for a, b in itertools.combinations(sorted(main), 2) if main[a] == main[b]}
    out = pair_scores({r["id"]: r["gold_event"] for r in rows}, predicted)
    # Recall over the pairs whose two articles both yielded an event of the right type: dedup's share.
    extracted = {r["id"]: r["gold_event"] for r in rows if r["id"] in main}
    out["recall_given_extraction"] = pair_scores(extracted, predicted)["recall"]
    return out


def build_articles(n: int) -> list:
    from eventwire.ingest import ArticleInput

    texts = sorted((ROOT / "examples").glob("*.txt"))
    base = date(2024, 1, 1)
    out = []
    for i in range(n):
        f = texts[i % len(texts)]
        pub = (base + timedelta(days=(i * 7) % 366)).isoformat()
        text = f.read_text() + f"\nReference {i:05d}.\n"
        out.append(ArticleInput(text=text, id=f"bench-{i:05d}", published=pub, source=f"outlet-{i % 17}",
                                url=f"https://news.example/{i}", title=f"{f.stem} {i}"))
    return out


def db_size(store) -> int:  # noqa: ANN001 - Store
    url = store.url
    if url.startswith("sqlite"):
        store.engine.dispose()
        path = Path(url.split("///", 1)[1])
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    from sqlalchemy import text

    with store.engine.connect() as c:  # int(): PostgreSQL sums are numeric. Our tables with their indexes and TOAST, not the empty database's catalog
        return int(c.execute(text("SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))) "
                              "FROM pg_tables WHERE schemaname = 'public'")).scalar_one() or 0)


def reset_pg(url: str) -> None:
    import sqlalchemy

    from eventwire.store import normalise_url

    eng = sqlalchemy.create_engine(normalise_url(url))
    with eng.begin() as c:
        c.execute(sqlalchemy.text("DROP SCHEMA public CASCADE"))
        c.execute(sqlalchemy.text("CREATE SCHEMA public"))
    eng.dispose()


def parse_all(arts: list, cache: Path | None) -> tuple[list, float]:
    """The pipeline's documents for ``arts`` and the seconds it took (from ``cache`` when it holds them)."""
    from eventwire.document import Document
    from eventwire.pipeline import Pipeline

    if cache and cache.exists():
        lines = cache.read_text().splitlines()
        meta = json.loads(lines[0])
        if meta.get("n") == len(arts):
            return [Document.model_validate_json(x) for x in lines[1:]], meta["parse_s"]
    t0 = time.perf_counter()
    docs = [d for d in Pipeline().run(arts) if isinstance(d, Document)]
    parse_s = time.perf_counter() - t0
    if cache:
        cache.write_text("\n".join([json.dumps({"n": len(arts), "parse_s": parse_s}),
                                    *(d.model_dump_json() for d in docs)]) + "\n")
    return docs, parse_s


def bench_ingest(n: int, pg: str | None, cache: Path | None = None) -> list[dict]:
    from eventwire.storage import rows
    from eventwire.store import Store

    arts = build_articles(n)
    hashes = {a.id: rows.text_hash(a.text) for a in arts}
    docs, parse_s = parse_all(arts, cache)
    results = []
    targets = [("SQLite (file)", None)] + ([("PostgreSQL", pg)] if pg else [])
    with tempfile.TemporaryDirectory() as tmp:
        for name, url in targets:
            if url is None:
                url = f"sqlite:///{tmp}/bench.db"
            else:
                reset_pg(url)
            store = Store(url)
            t1 = time.perf_counter()
            for d in docs:
                store.add(d, text_hash=hashes[d.article.id])
            store_s = time.perf_counter() - t1
            stats = store.stats()
            size = db_size(store)
            store.close()
            results.append({"database": name, "articles": stats["articles"], "events": stats["events"],
                            "merged_events": stats["merged_events"], "event_sources": stats["event_sources"],
                            "parse_s": round(parse_s, 1), "store_s": round(store_s, 2),
                            "store_art_per_s": round(len(docs) / store_s, 1),
                            "ingest_art_per_s": round(len(docs) / (parse_s + store_s), 1),
                            "mb_per_1000": round(size / 1e6 * 1000 / max(1, stats["articles"]), 2)})
    return results


def _table(rows: list[dict], cols: list[str]) -> str:
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))
    body = ["  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths, strict=True)) for r in rows]
    return "\n".join([line, "-" * len(line), *body])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG_URL"))
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--cache", type=Path, help="Keep the parsed documents here and reuse them (store timings only).")
    args = ap.parse_args(argv)
    rows = load_set()
    dd = [{"run": "rule on gold fields", **rule_on_gold(rows)}, {"run": "real pipeline", **through_pipeline(rows)}]
    print(f"dedup set: {len(rows)} articles, {len({r['gold_event'] for r in rows})} real events")
    print(_table(dd, ["run", "precision", "recall", "recall_given_extraction", "gold_pairs", "predicted_pairs",
                      "true_pairs"]))
    for d in dd:
        if d["false_merges"] or d["missed"]:
            print(f"  {d['run']}: false merges {d['false_merges']}; missed {d['missed']}")
    if not args.skip_ingest:
        if not args.pg:
            print("(no PostgreSQL URL: --pg or EVENTWIRE_TEST_PG_URL; measuring SQLite only)", file=sys.stderr)
        res = bench_ingest(args.n, args.pg, args.cache)
        print(f"\ningest of {args.n} articles (parsed once, stored into each database)")
        print(_table(res, ["database", "articles", "events", "merged_events", "parse_s", "store_s",
                           "store_art_per_s", "ingest_art_per_s", "mb_per_1000"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
