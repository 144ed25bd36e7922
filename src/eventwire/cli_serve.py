"""CLI commands: serve (REST API + dashboard) and batch (Dask scale-out)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
