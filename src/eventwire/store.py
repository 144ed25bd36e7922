"""Public entry point of the corpus store: ``from eventwire.store import Store``.

The implementation lives in ``eventwire.storage`` (schema/migrations, writes, queries); the flow that
reads, extracts and stores (``ingest``) is ``eventwire.corpus``, above both store and pipeline.
"""

from .storage import DEFAULT_URL, Store, normalise_url
from .storage.store import ArticleRejected

__all__ = ["DEFAULT_URL", "ArticleRejected", "Store", "normalise_url"]
