"""The corpus store (issue 8): schema and migrations, writes with cross-article dedup, queries, ingest."""

from .store import DEFAULT_URL, Store, normalise_url

__all__ = ["DEFAULT_URL", "Store", "normalise_url"]
