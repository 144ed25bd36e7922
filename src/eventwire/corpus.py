"""The corpus flow, above the store and the pipeline: read inputs, skip what is stored already (before parsing), run the pipeline, store each article.

Resumable by construction: each article is committed on its own, and a rerun skips every article
whose id or normalised text is already in the store, so a killed run picks up where it stopped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from .ingest import ArticleInput, InputProblem, read_paths
from .settings import Settings
from .storage import rows
from .storage.store import ArticleRejected, Store

_JSONL_ORIGIN = re.compile(r":(\d+)$")

# on_item(outcome, detail) with outcome one of "stored", "skipped", "failed"
Callback = Callable[[str, str], None]


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def ingest(paths: Iterable[str], store: Store, settings: Settings | None = None, n_process: int = 1,
           on_item: Callback | None = None, items: Iterable[ArticleInput | InputProblem] | None = None) -> IngestSummary:
    """Read ``paths`` (or the given ``items``) into ``store``; never raises for one bad input."""
    from .pipeline import Pipeline

    settings = settings or Settings()
    summary = IngestSummary()
    t0 = time.perf_counter()
    hashes: dict[str, str] = {}
    origins: dict[str, str] = {}
    notify = on_item or (lambda _o, _d: None)

    def fresh() -> Iterator[ArticleInput | InputProblem]:
        seen: set[str] = set()
        source = items if items is not None else read_paths(paths, settings)
        for item in source:
            summary.read += 1
            if isinstance(item, InputProblem):
                yield item
                continue
            item.origin = _JSONL_ORIGIN.sub(r" line \1", item.origin)  # "file line 3: ..." as readers report
            th = rows.text_hash(item.text)
            if item.id in seen or th in seen or store.known(item.id, th):
                summary.skipped += 1
                notify("skipped", f"{item.origin}: already stored ({item.id})")
                continue
            seen.update((item.id or "", th))
            hashes[item.id or ""], origins[item.id or ""] = th, item.origin
            yield item

    for result in Pipeline(settings).run(fresh(), n_process=n_process):
        if isinstance(result, InputProblem):
            summary.failed += 1
            summary.problems.append(str(result))
            notify("failed", str(result))
            continue
        aid = result.article.id
        try:
            added = store.add(result, text_hash=hashes.pop(aid, None), origin=origins.pop(aid, None))
        except ArticleRejected as e:
            summary.failed += 1
            summary.problems.append(str(e))
            notify("failed", str(e))
            continue
        if added:
            summary.stored += 1
            summary.events += len(result.events)
            notify("stored", aid)
        else:
            summary.skipped += 1
            notify("skipped", f"{aid}: already stored")
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary
