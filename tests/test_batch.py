"""Batch scale-out: shard planning (fast) and a real 2-worker Dask LocalCluster run (marked dask)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.batch import SCHEMA, document_rows, is_complete, plan_shards, read_documents, run_batch
from eventwire.document import Article, Document, Event

TEXTS = [
    "Police arrested twelve protesters in Nairobi on Monday, the interior ministry said.",
    "Government troops attacked rebel positions near Goma on Tuesday, killing five fighters.",
    "The foreign minister of France met the Japanese prime minister in Tokyo on Wednesday.",
    "Protesters marched through the capital on Thursday demanding the release of detained journalists.",
]


def _jsonl(path: Path, ids: list[str]) -> Path:
    with path.open("w") as fh:
        for i in ids:
            fh.write(json.dumps({"id": i, "text": TEXTS[int(i[-1]) % len(TEXTS)], "published": "2024-05-06"}) + "\n")
    return path


def test_plan_splits_jsonl_into_runs_and_groups_files(tmp_path: Path) -> None:
    big = _jsonl(tmp_path / "big.jsonl", [f"x{i}" for i in range(5)])
    for n in range(3):
        (tmp_path / f"t{n}.txt").write_text(TEXTS[n])
    shards = plan_shards([big, tmp_path / "t0.txt", tmp_path / "t1.txt", tmp_path / "t2.txt"], shard_size=2)
    runs = [(s.start, s.stop) for s in shards if s.jsonl]
    assert runs == [(0, 2), (2, 4), (4, 6)]
    groups = [len(s.paths) for s in shards if not s.jsonl]
    assert groups == [2, 1]
    # names are stable across runs (that is what makes skip-on-rerun work) and unique
    again = plan_shards([big, tmp_path / "t0.txt", tmp_path / "t1.txt", tmp_path / "t2.txt"], shard_size=2)
    assert [s.name for s in shards] == [s.name for s in again]
    assert len({s.name for s in shards}) == len(shards)


def test_document_rows_keep_articles_without_events() -> None:
    doc = Document(article=Article(id="z", published="2024-01-02"))
    rows = document_rows(doc, "s")
    assert len(rows) == 1 and rows[0].get("event_id") is None and rows[0]["article_id"] == "z"
    ev = Event(id="e1", type="PROTEST", sentence="They marched.", span=(0, 13))
    rows = document_rows(Document(article=Article(id="y"), events=[ev, ev.model_copy(update={"id": "e2"})]))
    assert [r["event_id"] for r in rows] == ["e1", "e2"]
    assert set(rows[0]) <= set(SCHEMA.names)


def test_half_written_output_is_not_complete(tmp_path: Path) -> None:
    p = tmp_path / "x.parquet"
    p.write_bytes(b"PAR1 not really")
    assert not is_complete(p)


@pytest.mark.dask
@pytest.mark.slow
def test_two_worker_run_skips_done_shards_and_reports_bad_one(tmp_path: Path) -> None:
    good1 = _jsonl(tmp_path / "one.jsonl", ["a0", "a1"])
    good2 = _jsonl(tmp_path / "two.jsonl", ["b2", "b3"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not json\n{\"no_text\": 1}\n")
    out = tmp_path / "out"

    db = f"sqlite:///{tmp_path / 'batch.db'}"
    # one article per shard: 4 good shards on 2 workers, so some worker runs several of them
    r = run_batch([good1, good2, bad], out, workers=2, shard_size=1, db=db)
    assert sorted(r.done) == sorted(s.name for s in plan_shards([good1, good2], 1))
    assert sorted(r.failed) == sorted(s.name for s in plan_shards([bad], 1))
    assert any("E112" in why for why in r.failed.values())
    assert r.articles == 4
    assert r.model_loads <= 2  # spaCy loaded once per worker, not once per shard
    files = sorted(out.glob("*.parquet"))
    assert len(files) == 4 and not list(out.glob(".*tmp"))
    table = pq.read_table(files[0])
    assert table.schema.equals(SCHEMA)
    ids = {d.article.id for d in read_documents(files)}
    assert ids == {"a0", "a1", "b2", "b3"}
    events = sum(len(d.events) for d in read_documents(files))
    assert r.events == events
    assert r.ingested == 4  # --db: the documents of the finished shards went into the store
    from eventwire.store import Store

    with Store(db) as store:
        assert {a["id"] for a in store.articles()} == {"a0", "a1", "b2", "b3"}

    stamps = {f: f.stat().st_mtime_ns for f in files}
    again = run_batch([good1, good2, bad], out, workers=2, shard_size=1, db=db)
    assert sorted(again.skipped) == sorted(r.done) and again.done == []
    assert again.ingested == 0  # already stored
    assert sorted(again.failed) == sorted(r.failed)
    assert {f: f.stat().st_mtime_ns for f in files} == stamps


def test_cli_registers_serve_and_batch() -> None:
    import typer
    from typer.testing import CliRunner

    from eventwire import cli_serve

    app = typer.Typer()
    cli_serve.register(app)
    runner = CliRunner()
    for cmd, option in (("batch", "--shard-size"), ("serve", "--port")):
        r = runner.invoke(app, [cmd, "--help"], env={"COLUMNS": "200"})
        assert r.exit_code == 0 and option in r.output
    r = runner.invoke(app, ["batch", "x.jsonl"])  # --out is required
    assert r.exit_code != 0
