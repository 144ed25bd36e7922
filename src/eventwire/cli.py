"""The command line: parses arguments, calls the library, formats output. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import EventwireError
from .ingest import ArticleInput, InputProblem, read_paths
from .settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="English news -> political events (PLOVER).")
err = Console(stderr=True)


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _settings(actors: list[Path] | None) -> Settings:
    s = Settings()
    if actors:
        s.actors = [*s.actors, *actors]
    return s


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .html .jsonl .rss), directories, or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (anchors 'Monday', 'last year').")] = None,
    title: Annotated[str | None, typer.Option(help="Article title (for a single text input).")] = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="table for people, json/jsonl for machines.")] = ExtractFormat.table,
    actors: Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary (YAML/CSV); repeatable.")] = None,
) -> None:
    """Extract events, actors, places, dates and quotes from articles."""
    from .pipeline import Pipeline

    settings = _settings(actors)
    problems = 0
    done = 0

    def items():
        for item in read_paths(paths, settings):
            if isinstance(item, ArticleInput):
                if published and not item.published:
                    item.published = published
                if title and not item.title:
                    item.title = title
            yield item

    out = Console(soft_wrap=False, width=160) if fmt == ExtractFormat.table else None
    try:
        for result in Pipeline(settings).run(items()):
            if isinstance(result, InputProblem):
                problems += 1
                err.print(f"[red]skipped[/red] {result}", markup=True, highlight=False, soft_wrap=True)
                continue
            done += 1
            if fmt == ExtractFormat.table:
                from .render import print_document

                print_document(result, out)
            elif fmt == ExtractFormat.jsonl:
                sys.stdout.write(result.model_dump_json() + "\n")
            else:
                sys.stdout.write(result.model_dump_json(indent=2) + "\n")
            sys.stdout.flush()
    except EventwireError as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2) from None
    if done == 0:
        err.print(f"nothing could be processed ({problems} input problem(s)).", highlight=False)
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    from .document import Document

    print(json.dumps(Document.model_json_schema(), indent=2))


knowledge_app = typer.Typer(help="The data eventwire codes with.")
app.add_typer(knowledge_app, name="knowledge")


@knowledge_app.command("build")
def knowledge_build(force: Annotated[bool, typer.Option(help="Rebuild even if current.")] = False) -> None:
    """Compile the gazetteer and other derived knowledge (setup.sh runs this once)."""
    from .knowledge.build import build_all

    for name, summary in build_all(force).items():
        print(f"{name}: {summary}")


def _register_commands() -> None:
    # Commands of the corpus (store, export) and of the server live in their own modules; they
    # import their heavy libraries inside the commands, so `eventwire extract` starts fast.
    from . import cli_corpus, cli_serve

    cli_corpus.register(app)
    cli_serve.register(app)


_register_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
