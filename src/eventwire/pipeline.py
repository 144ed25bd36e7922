"""Parse once, run the stages: ``extract()`` for one text, ``Pipeline.run()`` for many.

The spaCy parse is the expensive part, so texts go through ``nlp.pipe`` in batches and every stage
works on the parsed ``Doc`` without parsing again. Stages are pure functions of (doc, knowledge,
earlier stages' records) -> records; the order is actors, places, dates, quotes, relations, events.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from . import actors as actors_stage
from . import dates as dates_stage
from . import events as events_stage
from . import places as places_stage
from . import quotes as quotes_stage
from . import relations as relations_stage
from .document import Article, Document
from .errors import ModelError
from .ingest import ArticleInput, InputProblem, check_article
from .knowledge import Knowledge, load_knowledge
from .mentions import ActorIndex, PlaceIndex
from .settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

_NLP_CACHE: dict[tuple, Language] = {}


def load_nlp(settings: Settings, kb: Knowledge) -> Language:
    """The spaCy pipeline with an entity ruler, fed by the actor dictionary and gazetteer, before NER."""
    key = (settings.model, tuple(str(p) for p in settings.actors))
    if key in _NLP_CACHE:
        return _NLP_CACHE[key]
    import spacy

    try:
        nlp = spacy.load(settings.model)
    except OSError as e:
        raise ModelError(f"cannot load the spaCy model '{settings.model}'.",
                         "Run ./setup.sh, or set EVENTWIRE_MODEL to an installed pipeline.") from e
    patterns = kb.ruler_patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "validate": False})
        with nlp.select_pipes(enable=["tagger", "attribute_ruler"]):
            ruler.add_patterns(patterns)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1000)
    _NLP_CACHE[key] = nlp
    return nlp


def _stage(name: str, fn: Callable[[], T], empty: T, warnings: list[str]) -> T:
    # One stage failing on one article must not lose the other stages' records.
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - reported on the document, not swallowed
        log.exception("stage %s failed", name)
        warnings.append(f"[E500] the {name} stage failed on this article ({type(e).__name__}: {e}); "
                        "its records are missing. Please report it with the text.")
        return empty


def analyse(doc: Doc, art: ArticleInput, kb: Knowledge) -> Document:
    """Run every stage on one parsed article."""
    warnings = list(art.warnings)
    pub = art.published
    acts = _stage("actors", lambda: actors_stage.extract(doc, kb, pub), ActorIndex(), warnings)
    plcs = _stage("places", lambda: places_stage.extract(doc, kb, acts), PlaceIndex(), warnings)
    times = _stage("dates", lambda: dates_stage.extract(doc, pub), [], warnings)
    quotes = _stage("quotes", lambda: quotes_stage.extract(doc, acts), [], warnings)
    rels = _stage("relations", lambda: relations_stage.extract(doc, acts), [], warnings)
    evs = _stage("events", lambda: events_stage.extract(doc, kb, acts, plcs, times, quotes, pub), [], warnings)
    if not pub:
        warnings.append("no publication date given: relative dates ('Monday', 'last year') are left unresolved; "
                        "pass --published YYYY-MM-DD")
    article = Article(id=art.id or "", title=art.title, published=pub, source=art.source, url=art.url)
    return Document(article=article, actors=acts.actors, places=plcs.places, events=evs, quotes=quotes,
                    relations=rels, warnings=warnings)


class Pipeline:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.kb = load_knowledge(self.settings)
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.settings, self.kb)
            _ = self.kb.lexicon  # the ruler loaded actors and gazetteer; load the event lexicon now too
            # The knowledge (hundreds of thousands of objects) lives as long as the process: without
            # this, every garbage collection walks all of it again, ~9 % of the pipeline's time.
            gc.freeze()
        return self._nlp

    def run(self, items: Iterable[ArticleInput | InputProblem], n_process: int = 1) -> Iterator[Document | InputProblem]:
        """Documents in input order; problems (bad input) are passed through in place, never raised."""
        held: list[ArticleInput | InputProblem] = []

        def ready() -> Iterator[tuple[str, ArticleInput]]:
            for item in items:
                if isinstance(item, ArticleInput):
                    problem = check_article(item, self.settings)
                    if problem is None:
                        yield item.text, item
                        continue
                    item = problem
                held.append(item)

        parsed = self.nlp.pipe(ready(), as_tuples=True, batch_size=self.settings.batch_size, n_process=n_process)
        for doc, art in parsed:
            while held:
                yield held.pop(0)
            yield analyse(doc, art, self.kb)
        while held:
            yield held.pop(0)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def extract(text: str, published: str | None = None, title: str | None = None, url: str | None = None,
            source: str | None = None, id: str | None = None) -> Document:
    """One article's text -> the output document. Raises ``InputError`` for text that cannot be read."""
    from .errors import InputError

    art = ArticleInput(text=text, id=id, title=title, published=published, url=url, source=source)
    for result in default_pipeline().run([art]):
        if isinstance(result, InputProblem):
            raise InputError(result.message)
        return result
    raise InputError("the text produced no document.")


def extract_many(items: Iterable[ArticleInput], settings: Settings | None = None) -> Iterator[Document | InputProblem]:
    return (Pipeline(settings) if settings else default_pipeline()).run(items)
