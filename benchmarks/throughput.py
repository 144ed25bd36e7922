"""Throughput: a bare spaCy parse vs the full eventwire pipeline, on the same texts, in one run.

    .venv/bin/python benchmarks/throughput.py [--words 50000] [--rounds 2] [--format table|json]

The texts are the sample articles in examples/ repeated until they hold at least --words words.
Both sides parse with the same model and batch size; each side runs --rounds times, alternating, and
the fastest round of each is kept (machines here are noisy). The ratio full/bare is the figure to
quote: 1.0 means the stages cost nothing beyond the parse.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from eventwire.ingest import ArticleInput
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def corpus(min_words: int) -> list[str]:
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    texts: list[str] = []
    while sum(len(t.split()) for t in texts) < min_words:
        texts.extend(samples)
    return texts


def bare(nlp, texts: list[str], batch: int) -> float:
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    return time.perf_counter() - t


def full(pipe: Pipeline, texts: list[str]) -> float:
    t = time.perf_counter()
    n = sum(1 for _ in pipe.run(ArticleInput(text=x, id=str(i), published="2024-07-31") for i, x in enumerate(texts)))
    assert n == len(texts)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--format", choices=["table", "json"], default="table")
    args = ap.parse_args()
    settings = Settings()
    texts = corpus(args.words)
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(settings.model)
    pipe = Pipeline(settings)
    pipe.nlp  # noqa: B018 - load model + knowledge outside the timed part
    full(pipe, texts[:5])  # warm caches and lazy knowledge once, as a long-running ingest would be
    bare(nlp, texts[:5], settings.batch_size)
    tb, tf = [], []
    for _ in range(args.rounds):
        tb.append(bare(nlp, texts, settings.batch_size))
        tf.append(full(pipe, texts))
    b, f = min(tb), min(tf)
    row = {"texts": len(texts), "words": words, "bare_words_per_s": round(words / b), "full_words_per_s": round(words / f),
           "ratio_full_over_bare": round(b / f, 3)}
    if args.format == "json":
        print(json.dumps(row))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Throughput on {len(texts)} texts, {words:,} words (best of {args.rounds} rounds)")
    t.add_column("what")
    t.add_column("seconds", justify="right")
    t.add_column("words/s", justify="right")
    t.add_row("bare spaCy nlp.pipe parse", f"{b:.2f}", f"{words / b:,.0f}")
    t.add_row("full eventwire pipeline", f"{f:.2f}", f"{words / f:,.0f}")
    t.add_row("ratio full / bare", "", f"{b / f:.2f}")
    Console().print(t)


if __name__ == "__main__":
    main()
