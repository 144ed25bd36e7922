"""Dask scale-out: many articles -> one Parquet file per input shard, in parallel worker processes.

A shard is a coarse, idempotent unit: one JSONL file (or a run of ``shard_size`` of its lines), or a
group of ``shard_size`` text/HTML/feed files. Each shard becomes ``<out>/<shard>.parquet``, written to a
temporary name and renamed, so an output that exists is complete; a rerun skips those shards. A shard
that fails (no readable article, or an exception in a worker) is reported and the others finish.

Workers are processes with one thread each: the spaCy parse is CPU bound and holds the GIL. Each worker
loads the pipeline once (``_worker_pipeline``) and reuses it for every shard it is given.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .document import Document
from .ingest import JSONL_EXT, KNOWN_EXT, ArticleInput, InputProblem, read_file, read_jsonl
from .settings import Settings

log = logging.getLogger(__name__)

_ACTOR = [("name", pa.string()), ("canonical", pa.string()), ("kind", pa.string()), ("country", pa.string())]
SCHEMA = pa.schema(
    [("shard", pa.string()), ("article_id", pa.string()), ("title", pa.string()), ("published", pa.string()),
     ("source", pa.string()), ("url", pa.string()),
     ("event_id", pa.string()), ("type", pa.string()), ("mode", pa.string()), ("context", pa.list_(pa.string())),
     *[(f"actor_{k}", t) for k, t in _ACTOR], *[(f"recipient_{k}", t) for k, t in _ACTOR],
     ("place_name", pa.string()), ("place_country", pa.string()), ("place_admin1", pa.string()),
     ("lat", pa.float64()), ("lon", pa.float64()), ("geo_precision", pa.int32()),
     ("date_start", pa.string()), ("date_end", pa.string()), ("date_precision", pa.string()),
     ("date_text", pa.string()), ("fatalities", pa.int64()), ("status", pa.string()),
     ("sentence", pa.string()), ("span_start", pa.int64()), ("span_end", pa.int64()),
     ("confidence", pa.float64()), ("cameo", pa.string()), ("acled_event_type", pa.string()),
     ("acled_sub_event_type", pa.string()), ("trigger", pa.string()),
     ("document", pa.string())]
)
"""One row per event; an article without events has one row with null event columns, so every
document is kept. ``document`` is the article's full output JSON (repeated on each of its event rows;
Parquet's dictionary encoding stores it once per row group)."""


class ShardError(RuntimeError):
    """A shard produced nothing usable; raised in the worker, reported by the client."""


@dataclass(frozen=True)
class Shard:
    name: str                       # output file stem, stable across runs for the same input
    paths: tuple[str, ...]          # one JSONL file, or a group of text/HTML/feed files
    start: int = 0                  # JSONL line range [start, stop); stop None = to the end
    stop: int | None = None

    @property
    def jsonl(self) -> bool:
        return len(self.paths) == 1 and Path(self.paths[0]).suffix.lower() in JSONL_EXT


@dataclass
class BatchReport:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    articles: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)
    ingested: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # worker CPU time spent on the shards (model loading excluded)
    model_loads: int = 0      # shards that had to load the pipeline: at most one per worker
    workers: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


# ---- planning (client side) -------------------------------------------------------------------

def _key(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:10]


def _slug(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem)[:40] or "input"


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def _expand(inputs: Iterable[str | Path]) -> Iterator[Path]:
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_EXT)
        else:
            yield p  # a missing or unknown file becomes a failed shard with read_file's message


def plan_shards(inputs: Iterable[str | Path], shard_size: int = 500) -> list[Shard]:
    """JSONL files are split into runs of ``shard_size`` lines; other files are grouped ``shard_size`` at a time."""
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    shards: list[Shard] = []
    singles: list[Path] = []
    for path in _expand(inputs):
        if path.suffix.lower() not in JSONL_EXT or not path.is_file():
            singles.append(path)
            continue
        full = path.resolve()
        n = _count_lines(path)
        if n <= shard_size:
            shards.append(Shard(f"{_slug(path)}-{_key(full)}", (str(full),)))
            continue
        for start in range(0, n, shard_size):
            name = f"{_slug(path)}-{_key(full)}-{start:08d}"
            shards.append(Shard(name, (str(full),), start, start + shard_size))
    for i in range(0, len(singles), shard_size):
        group = tuple(str(p.resolve()) for p in singles[i:i + shard_size])
        shards.append(Shard(f"files-{_slug(Path(group[0]))}-{_key(*group)}", group))
    return shards


def output_path(out_dir: Path, shard: Shard) -> Path:
    return out_dir / f"{shard.name}.parquet"


def is_complete(path: Path) -> bool:
    """Written by rename after a full write, so present means complete; the footer check catches a
    file someone copied in half-way."""
    if not path.is_file():
        return False
    try:
        pq.read_metadata(path)
    except Exception:  # any unreadable footer means: do the shard again
        return False
    return True


# ---- the task (worker side) ---------------------------------------------------------------------

_PIPELINES: dict[str, object] = {}


def _worker_pipeline(settings: Settings) -> tuple[Any, bool]:
    """One Pipeline (spaCy + knowledge) per worker process, loaded by its first shard."""
    from .pipeline import Pipeline

    key = settings.model_dump_json()
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
        _ = _PIPELINES[key].nlp  # load spaCy now, so the first shard's timing shows it
        return _PIPELINES[key], True
    return _PIPELINES[key], False


def _shard_items(shard: Shard, settings: Settings) -> Iterator[ArticleInput | InputProblem]:
    if shard.jsonl:
        yield from read_jsonl(Path(shard.paths[0]), settings, shard.start, shard.stop)
        return
    for p in shard.paths:
        yield from read_file(Path(p), settings)


def _actor_cols(prefix: str, ref) -> dict:
    if ref is None:
        return {}
    return {f"{prefix}_{k}": getattr(ref, k) for k, _ in _ACTOR}


def document_rows(doc: Document, shard: str = "") -> list[dict]:
    """The Parquet rows of one document (see ``SCHEMA``)."""
    a = doc.article
    base = {"shard": shard, "article_id": a.id, "title": a.title, "published": a.published,
            "source": a.source, "url": a.url, "document": doc.model_dump_json()}
    rows = []
    for e in doc.events:
        row = dict(base, event_id=e.id, type=e.type, mode=e.mode, context=list(e.context),
                   date_start=e.date.start, date_end=e.date.end, date_precision=e.date.precision,
                   date_text=e.date.text, fatalities=e.fatalities, status=e.status, sentence=e.sentence,
                   span_start=e.span[0], span_end=e.span[1], confidence=e.confidence, cameo=e.codes.cameo,
                   acled_event_type=e.codes.acled_event_type, trigger=e.trigger,
                   acled_sub_event_type=e.codes.acled_sub_event_type)
        row.update(_actor_cols("actor", e.actor), **_actor_cols("recipient", e.recipient))
        if e.place:
            row.update(place_name=e.place.name, place_country=e.place.country, place_admin1=e.place.admin1,
                       lat=e.place.lat, lon=e.place.lon, geo_precision=e.place.geo_precision)
        rows.append(row)
    return rows or [base]


def process_shard(shard: Shard, out_dir: str, settings: Settings) -> dict:
    """Run the pipeline over one shard and write its Parquet file atomically. Runs in a worker."""
    pipeline, loaded = _worker_pipeline(settings)
    cpu0 = time.process_time()
    rows: list[dict] = []
    problems: list[str] = []
    articles = events = 0
    for result in pipeline.run(_shard_items(shard, settings)):
        if isinstance(result, InputProblem):
            problems.append(str(result))
            continue
        articles += 1
        events += len(result.events)
        rows.extend(document_rows(result, shard.name))
    if articles == 0:
        first = problems[0] if problems else "no input records"
        raise ShardError(f"no article could be read ({len(problems)} problem(s); first: {first})")
    final = Path(out_dir) / f"{shard.name}.parquet"
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), tmp, compression="zstd")
    os.replace(tmp, final)  # atomic: the output either is complete or does not exist
    return {"name": shard.name, "articles": articles, "events": events, "problems": problems,
            "cpu_seconds": time.process_time() - cpu0, "loaded_model": loaded, "worker_pid": os.getpid()}


# ---- the run (client side) ----------------------------------------------------------------------

def _progress(enabled: bool, total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("shards"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), disable=not enabled or total == 0, transient=False)


def _collect(futures: Sequence, report: BatchReport, show: bool) -> None:
    from distributed import as_completed

    with _progress(show, len(futures)) as bar:
        task = bar.add_task("shards", total=len(futures))
        for fut in as_completed(futures):
            name = str(fut.key)
            if fut.status == "error":
                exc = fut.exception()
                report.failed[name] = f"{type(exc).__name__}: {exc}"
            else:
                res = fut.result()
                report.done.append(res["name"])
                report.articles += res["articles"]
                report.events += res["events"]
                report.cpu_seconds += res["cpu_seconds"]
                report.model_loads += res["loaded_model"]
                report.problems.extend(res["problems"])
            fut.release()
            bar.advance(task)


def run_batch(inputs: Sequence[str | Path], out: str | Path, workers: int = 2, shard_size: int = 500,
              db: str | None = None, settings: Settings | None = None, progress: bool = False) -> BatchReport:
    """Extract every article of ``inputs`` on a Dask LocalCluster of ``workers`` processes.

    Returns what was done, skipped (output already complete) and failed (shard -> reason). With ``db``,
    the documents of every complete shard are then added to that store (duplicates are ignored by it).
    """
    from distributed import Client, LocalCluster

    settings = settings or Settings()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    report = BatchReport(workers=workers)
    shards = plan_shards(inputs, shard_size)
    todo = [s for s in shards if not is_complete(output_path(out_dir, s))]
    report.skipped = [s.name for s in shards if s not in todo]
    if todo:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
            # key=shard name: the future's key tells which shard failed, and equal names run once.
            futures = [client.submit(process_shard, s, str(out_dir), settings, key=s.name, pure=False,
                                     retries=0) for s in todo]
            _collect(futures, report, progress)
    if db:
        report.ingested = ingest_outputs([output_path(out_dir, s) for s in shards], db)
    report.seconds = time.perf_counter() - t0
    return report


def read_documents(paths: Iterable[Path]) -> Iterator[Document]:
    """The documents held in batch Parquet files, once each."""
    seen: set[str] = set()
    for path in paths:
        if not is_complete(path):
            continue
        table = pq.read_table(path, columns=["article_id", "document"])
        for aid, js in zip(table.column("article_id").to_pylist(), table.column("document").to_pylist(),
                           strict=True):
            if aid not in seen:
                seen.add(aid)
                yield Document.model_validate_json(js)


def ingest_outputs(paths: Iterable[Path], db: str) -> int:
    """Add the documents of batch outputs to the store at ``db`` (one writer: SQLite allows no other)."""
    from .store import Store

    store = Store(db)
    try:
        return sum(1 for doc in read_documents(paths) if store.add(doc))
    finally:
        store.close()
