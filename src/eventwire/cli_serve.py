"""CLI commands: serve (REST API + dashboard) and batch (Dask scale-out). Arguments in, library out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True)


def serve(
    db: Annotated[str | None, typer.Option(help="Store URL (default: EVENTWIRE_DB, sqlite:///eventwire.db).")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/) over a store."""
    import uvicorn

    from .api import create_app
    from .errors import EventwireError

    try:
        app = create_app(db)
    except EventwireError as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2) from None
    err.print(f"eventwire dashboard on http://{host}:{port}/  (API docs: /docs)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def batch(
    inputs: Annotated[list[str], typer.Argument(help="JSONL files, other article files, or directories.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for one Parquet file per shard.")],
    workers: Annotated[int, typer.Option(help="Dask worker processes (one thread each).", min=1)] = 2,
    shard_size: Annotated[int, typer.Option(help="Articles (JSONL lines or files) per shard.", min=1)] = 500,
    db: Annotated[str | None, typer.Option(help="Also add the documents to this store URL.")] = None,
    actors: Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary (YAML/CSV); repeatable.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Extract many articles in parallel on a local Dask cluster; reruns skip finished shards."""
    from .batch import run_batch
    from .settings import Settings

    settings = Settings()
    if actors:
        settings.actors = [*settings.actors, *(p.resolve() for p in actors)]
    r = run_batch(inputs, out, workers=workers, shard_size=shard_size, db=db, settings=settings, progress=progress)
    rate = r.articles / r.seconds if r.seconds else 0.0
    err.print(f"{len(r.done)} shard(s) done, {len(r.skipped)} skipped (already complete), {len(r.failed)} failed; "
              f"{r.articles} articles, {r.events} events in {r.seconds:.1f} s ({rate:.1f} articles/s, "
              f"{r.workers} workers, {r.cpu_seconds:.1f} s of worker CPU)", highlight=False)
    for p in r.problems[:20]:
        err.print(f"[yellow]skipped[/yellow] {p}", highlight=False)
    if len(r.problems) > 20:
        err.print(f"... and {len(r.problems) - 20} more input problems", highlight=False)
    for name, why in r.failed.items():
        err.print(f"[red]failed[/red] {name}: {why}", highlight=False)
    if db:
        err.print(f"{r.ingested} new document(s) added to {db}", highlight=False)
    if r.failed:
        err.print("Fix or remove the failed inputs and run the same command again: finished shards are skipped.",
                  highlight=False)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command()(serve)
    app.command()(batch)
