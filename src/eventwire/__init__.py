"""eventwire: English news -> structured political events (PLOVER, CAMEO, ACLED), offline."""

from .document import Document
from .ingest import ArticleInput
from .pipeline import Pipeline, extract, extract_many

__all__ = ["ArticleInput", "Document", "Pipeline", "extract", "extract_many"]
__version__ = "0.1.0"
