"""Human-readable tables of documents (rich): what the CLI prints with --format table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .document import Document


def _ref(r: object) -> str:
    if r is None:
        return "-"
    name = getattr(r, "canonical", None) or getattr(r, "name", "")
    country = getattr(r, "country", None)
    return f"{name} ({country})" if country else name


def print_document(doc: Document, console: Console) -> None:
    a = doc.article
    console.rule(f"[bold]{a.title or a.id}[/bold]  published {a.published or 'unknown'}")
    t = Table(title=f"Events ({len(doc.events)})", show_lines=False, expand=True)
    for col in ("type", "mode", "actor", "recipient", "place", "date", "dead", "status", "trigger"):
        t.add_column(col, overflow="fold")
    for e in doc.events:
        t.add_row(e.type, e.mode or "", _ref(e.actor), _ref(e.recipient),
                  _ref(e.place) if e.place else "-", f"{e.date.start or '?'} ({e.date.precision})",
                  "" if e.fatalities is None else str(e.fatalities), e.status, e.trigger or "")
    console.print(t)
    t = Table(title=f"Actors ({len(doc.actors)})", expand=True)
    for col in ("id", "name", "canonical", "kind", "country", "mentions"):
        t.add_column(col, overflow="fold")
    for x in doc.actors:
        t.add_row(x.id, x.name, x.canonical or "", x.kind or "", x.country or "", str(len(x.mentions)))
    console.print(t)
    t = Table(title=f"Places ({len(doc.places)})", expand=True)
    for col in ("id", "name", "canonical", "feature", "country", "admin1", "lat, lon"):
        t.add_column(col, overflow="fold")
    for p in doc.places:
        ll = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else ""
        t.add_row(p.id, p.name, p.canonical or "", p.feature or "", p.country or "", p.admin1 or "", ll)
    console.print(t)
    t = Table(title=f"Quotes ({len(doc.quotes)})", expand=True)
    t.add_column("speaker", overflow="fold", ratio=1)
    t.add_column("quote", overflow="fold", ratio=4)
    for q in doc.quotes:
        text = q.text if len(q.text) < 160 else q.text[:157] + "..."
        t.add_row(_ref(q.speaker), text)
    console.print(t)
    for w in doc.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
