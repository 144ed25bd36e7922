"""Public entry point of the corpus store: ``from eventwire.store import Store``.

The implementation lives in ``eventwire.storage`` (schema/migrations, writes, queries, ingest).
"""

from .storage import DEFAULT_URL, Store, normalise_url
from .storage.ingest import IngestSummary, ingest
from .storage.store import ArticleRejected

__all__ = ["DEFAULT_URL", "ArticleRejected", "IngestSummary", "Store", "ingest", "normalise_url"]
