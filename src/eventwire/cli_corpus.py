"""CLI commands over the store: ingest, events, actors, quotes, export, stats, dedup (issue 8).

Only argument parsing and output formatting live here; the work is in ``eventwire.store`` and
``eventwire.export``.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .errors import EventwireError, StoreError

err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default: EVENTWIRE_DB or sqlite:///eventwire.db).")]
SinceOpt = Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")]
LimitOpt = Annotated[int | None, typer.Option(help="At most this many rows.")]


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"


def _open(db: str | None):  # noqa: ANN202 - Store, imported lazily to keep --help fast
    from .settings import Settings
    from .store import Store

    try:
        return Store(db or Settings().db)
    except EventwireError as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2) from None


def parse_near(value: str | None) -> tuple[float, float, float] | None:
    if not value:
        return None
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError:
        raise typer.BadParameter("give LAT,LON,KM, e.g. 2.04,45.34,50") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise typer.BadParameter("LAT must be in [-90, 90], LON in [-180, 180], KM > 0")
    return lat, lon, km


def emit(records: list[dict], fmt: ListFormat, columns: list[tuple[str, str]], title: str) -> None:
    """One output path for every listing command: a readable table, or csv/json/jsonl for machines."""
    if fmt == ListFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == ListFormat.jsonl:
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == ListFormat.csv:
        from .export import write_rows

        write_rows(sys.stdout, [{h: _cell(r, k, short=False) for k, h in columns} for r in records], [h for _, h in columns], ",")
    else:
        table = Table(title=f"{title} ({len(records)})", show_lines=False)
        for _, header in columns:
            table.add_column(header, overflow="fold")
        for r in records:
            table.add_row(*[_cell(r, k) for k, _ in columns])
        Console(width=max(120, Console().width)).print(table)


def _cell(record: dict, path: str, short: bool = True) -> str:
    value: object = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = "" if value is None else " ".join(str(value).split())
    return text if not short or len(text) <= 160 else text[:157] + "..."  # tables are for reading


def _actor(r: dict, role: str) -> str:
    a = r.get(role)
    return "" if not a else (a.get("canonical") or a.get("name") or "")


EVENT_COLUMNS = [("id", "id"), ("date.start", "date"), ("type", "type"), ("actor_label", "actor"),
                 ("recipient_label", "recipient"), ("place.name", "place"), ("place.country", "country"),
                 ("fatalities", "fatalities"), ("n_articles", "articles"), ("sentence", "sentence")]


def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, JSONL, RSS/Atom feeds, HTML.")],
    db: DbOpt = None,
    workers: Annotated[int, typer.Option(help="spaCy processes (nlp.pipe n_process).")] = 1,
    fmt: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Summary as a table or json.")] = SummaryFormat.table,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Extract articles into the store; articles already stored are skipped, so reruns resume."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .corpus import ingest
    from .settings import Settings

    store = _open(db)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} done"),
                        TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal)
    counts = {"stored": 0, "skipped": 0, "failed": 0}
    with progress:
        task = progress.add_task("ingest", total=None)

        def on_item(outcome: str, detail: str) -> None:
            counts[outcome] += 1
            if outcome == "failed":
                progress.console.print(f"[red]skipped[/red] {detail}", highlight=False, soft_wrap=True)
            progress.update(task, advance=1, description=" ".join(f"{k} {v}" for k, v in counts.items()))

        try:
            summary = ingest(paths, store, Settings(), n_process=workers, on_item=on_item)
        except EventwireError as e:
            err.print(f"[red]error[/red] {e}", highlight=False)
            raise typer.Exit(2) from None
        finally:
            store.close()
    if fmt == SummaryFormat.json:
        sys.stdout.write(json.dumps(summary.as_dict(), indent=2) + "\n")
    else:
        t = Table(title=f"ingest into {store.safe_url}")
        for k in ("read", "stored", "skipped", "failed", "events", "seconds"):
            t.add_column(k, justify="right")
        t.add_row(*[str(getattr(summary, k)) for k in ("read", "stored", "skipped", "failed", "events", "seconds")])
        Console().print(t)
    if summary.read and summary.stored == 0 and summary.skipped == 0:
        raise typer.Exit(1)


def events_cmd(
    db: DbOpt = None, since: SinceOpt = None, until: UntilOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER category, e.g. ASSAULT.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor or recipient name contains this.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3 of the place or an actor.")] = None,
    near: Annotated[str | None, typer.Option(help="LAT,LON,KM: located events within KM.")] = None,
    limit: LimitOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List stored events (each merged across the articles that reported it)."""
    store = _open(db)
    with store:
        found = store.query_events(since=since, until=until, type=type, actor=actor, country=country,
                                   near=parse_near(near), limit=limit)
    if fmt in (ListFormat.table, ListFormat.csv):
        for r in found:
            r["actor_label"], r["recipient_label"] = _actor(r, "actor"), _actor(r, "recipient")
    emit(found, fmt, EVENT_COLUMNS, "events")


def actors_cmd(
    db: DbOpt = None,
    name: Annotated[str | None, typer.Option(help="Name contains this.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3.")] = None,
    kind: Annotated[str | None, typer.Option(help="Actor kind, e.g. armed_group.")] = None,
    limit: LimitOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Actors across the corpus, most reported first."""
    with _open(db) as store:
        found = store.actors(name=name, country=country, kind=kind, limit=limit)
    emit(found, fmt, [("name", "name"), ("canonical", "canonical"), ("kind", "kind"), ("country", "country"),
                      ("articles", "articles")], "actors")


def quotes_cmd(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this.")] = None,
    since: SinceOpt = None, until: UntilOpt = None, limit: LimitOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Quotes with their speakers and articles."""
    with _open(db) as store:
        found = store.quotes(speaker=speaker, since=since, until=until, limit=limit)
    for q in found:
        q["speaker_label"] = _actor(q, "speaker")
    emit(found, fmt, [("published", "published"), ("speaker_label", "speaker"), ("cue", "cue"), ("text", "quote"),
                      ("title", "article")], "quotes")


class Schema(StrEnum):
    native = "native"
    plover = "plover"
    acled = "acled"
    gdelt = "gdelt"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    parquet = "parquet"
    geojson = "geojson"


def export_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    db: DbOpt = None,
    schema: Annotated[Schema, typer.Option(help="Record layout.")] = Schema.native,
    fmt: Annotated[ExportFormat | None, typer.Option("--format", "-f", help="Default: from the file name, else json.")] = None,
    since: SinceOpt = None, until: UntilOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER category.")] = None,
    actor: Annotated[str | None, typer.Option()] = None,
    country: Annotated[str | None, typer.Option()] = None,
    near: Annotated[str | None, typer.Option(help="LAT,LON,KM")] = None,
) -> None:
    """Export events as native JSON, PLOVER JSON, ACLED CSV (31 columns) or GDELT 2.0 TSV (61 columns)."""
    from .export import export, guess_format

    chosen = fmt.value if fmt else guess_format(output, schema.value)
    with _open(db) as store:
        found = store.query_events(since=since, until=until, type=type, actor=actor, country=country,
                                   near=parse_near(near))
    try:
        n = export(found, output, schema.value, chosen)
    except EventwireError as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2) from None
    err.print(f"wrote {n} events ({schema.value}, {chosen}) to {output}", highlight=False)


def stats_cmd(db: DbOpt = None) -> None:
    """Counts of what the store holds."""
    with _open(db) as store:
        sys.stdout.write(json.dumps(store.stats(), indent=2) + "\n")


def dedup_cmd(db: DbOpt = None) -> None:
    """Rebuild the merged events from every stored report with the current EVENTWIRE_DEDUP_* settings."""
    with _open(db) as store:
        try:
            n = store.rededup()
        except StoreError as e:
            err.print(f"[red]error[/red] {e}", highlight=False)
            raise typer.Exit(2) from None
        err.print(f"{n} events after dedup", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("ingest")(ingest_cmd)
    app.command("events")(events_cmd)
    app.command("actors")(actors_cmd)
    app.command("quotes")(quotes_cmd)
    app.command("export")(export_cmd)
    app.command("stats")(stats_cmd)
    app.command("dedup")(dedup_cmd)
