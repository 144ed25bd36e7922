"""The corpus store: articles and their records in SQLite (default) or PostgreSQL, one code path.

Every article goes in with one transaction (its actors, places, quotes, relations and events, the
events merged with reports already stored); a crash loses at most the article being written.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, exc, func, or_, select
from sqlalchemy.pool import StaticPool

from ..dedup import DedupSettings, absorb, event_key, ranked, search_pad
from ..document import Document, Event
from ..errors import StoreError
from . import rows
from .queries import QueryMixin
from .schema import actors, articles, event_sources, events, migrate, places, quotes, relations

DEFAULT_URL = "sqlite:///eventwire.db"

# Built once: SQLAlchemy caches their compiled form, which matters at thousands of events per minute.
_CANDIDATES = select(events).where(
    events.c.type == bindparam("type"), events.c.status == bindparam("status"), events.c.id > bindparam("min_id"),
    events.c.date_start >= bindparam("first"), events.c.date_start <= bindparam("last"),
    func.coalesce(events.c.date_end, events.c.date_start) >= bindparam("ends_after")).order_by(events.c.id)
_CANDIDATES_IN = _CANDIDATES.where(or_(events.c.place_country == bindparam("country"), events.c.place_country.is_(None)))


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` / ``postgres://`` -> the psycopg 3 driver that eventwire ships."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        kw: dict = {"connect_args": {"check_same_thread": False}}
        if memory:
            kw["poolclass"] = StaticPool  # one shared connection, or every connection sees an empty database
        engine = create_engine(url, **kw)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI connection
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if not memory:
                # WAL: readers (the API) never block the ingest; NORMAL sync is still crash-safe for a killed process.
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        return engine
    if url.startswith("postgresql"):
        return create_engine(url, pool_pre_ping=True)
    raise StoreError(f"unsupported database URL '{url}'.",
                     "Use sqlite:///FILE.db, sqlite:// (in memory) or postgresql://USER@HOST/DB.")


_REPORT = "The other articles are stored; please report this with the article."


class ArticleRejected(StoreError):
    """The database refused one article's records; the store itself is fine."""

    code = "E401"


class Store(QueryMixin):
    """Articles, actors, places, events (deduplicated across articles), sources, quotes, relations."""

    def __init__(self, url: str = DEFAULT_URL, dedup: DedupSettings | None = None) -> None:
        self.url = normalise_url(url)
        self.dedup = dedup or DedupSettings()
        self.engine = make_engine(self.url)
        try:
            self.version = migrate(self.engine.begin)
        except exc.OperationalError as e:
            self.engine.dispose()
            raise StoreError(f"cannot open the database {self.safe_url} ({e.orig}).",
                             "Check the URL, that the server runs and that the directory exists.") from None

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- writing -------------------------------------------------------------------------------

    def has_article(self, id_or_text: str) -> bool:
        """True when an article with this id, or with this text (normalised), is stored."""
        return self.known(id_or_text, rows.text_hash(id_or_text))

    def known(self, article_id: str | None, text_hash: str | None = None) -> bool:
        """True when an article with this id, or with this normalised-text sha1, is stored."""
        with self._read() as conn:
            return self._known(conn, article_id, text_hash)

    @staticmethod
    def _known(conn: Connection, article_id: str | None, text_hash: str | None) -> bool:
        conds = [articles.c.id == article_id] if article_id else []
        if text_hash:
            conds.append(articles.c.text_hash == text_hash)
        if not conds:
            return False
        return conn.execute(select(articles.c.id).where(or_(*conds)).limit(1)).first() is not None

    def add(self, doc: Document, text: str | None = None, text_hash: str | None = None,
            origin: str | None = None) -> bool:
        """Store one article's document in one transaction; False when it is already stored.

        ``text`` (or its ``text_hash``) lets a later copy of the same story under another id be skipped.
        """
        if not doc.article.id:
            raise StoreError("the document has no article id.", "Give the article an id or its text.")
        th = text_hash or (rows.text_hash(text) if text else None)
        try:
            with self.engine.begin() as conn:
                if self._known(conn, doc.article.id, th):
                    return False
                self._insert(conn, doc, th, origin)
        except exc.IntegrityError as e:
            if self.known(doc.article.id, th):
                return False  # another writer stored the same article first
            raise ArticleRejected(f"article {doc.article.id} was not stored ({e.orig}).", _REPORT) from None
        except exc.OperationalError as e:
            raise StoreError(f"writing article {doc.article.id} failed ({e.orig}).",
                             "Check the database; articles already stored are kept, rerun to resume.") from None
        except exc.DBAPIError as e:  # a value the database refuses (e.g. an over-long code): this article only
            raise ArticleRejected(f"article {doc.article.id} was not stored ({e.orig}).", _REPORT) from None
        return True

    def _insert(self, conn: Connection, doc: Document, th: str | None, origin: str | None) -> None:
        conn.execute(articles.insert(), [rows.article_row(doc, th, origin)])
        for table, make in ((actors, rows.actor_rows), (places, rows.place_rows), (quotes, rows.quote_rows),
                            (relations, rows.relation_rows)):
            batch = make(doc)
            if batch:
                conn.execute(table.insert(), batch)
        aid = doc.article.id
        own: set[int] = set()
        sources = [rows.source_row(self._file(conn, event_key(ev, aid), ev, own), aid, ev) for ev in doc.events]
        if sources:
            conn.execute(event_sources.insert(), sources)

    def _file(self, conn: Connection, key: dict, ev: Event, own: set[int], min_id: int = 0) -> int:
        """The id of the event this report belongs to: a matching stored event (updated) or a new one.
        ``own`` holds the events this article already reported (never merged with each other)."""
        target = self._match(conn, key, own, min_id)
        if target is None:
            event_id = conn.execute(events.insert(), rows.event_row(key, ev)).inserted_primary_key[0]
        else:
            event_id = target["id"]
            upd = absorb(target, key)
            upd.update(n_sources=events.c.n_sources + 1, n_articles=events.c.n_articles + 1)
            conn.execute(events.update().where(events.c.id == event_id).values(**upd))
        own.add(event_id)
        return event_id

    def _match(self, conn: Connection, key: dict, own: set[int], min_id: int = 0) -> dict | None:
        """The stored event ``key`` joins: candidates by index range (type, dates, country), ranked by
        the dedup rule; the best one that holds no report of the same article (not in ``own``)."""
        if not self.dedup.enabled or not key.get("date_start"):
            return None
        try:
            start = date.fromisoformat(key["date_start"])
            end = date.fromisoformat(key.get("date_end") or key["date_start"])
        except ValueError:
            return None
        pad = timedelta(days=search_pad(self.dedup))
        params = {"type": key["type"], "status": key["status"], "min_id": min_id, "country": key.get("place_country"),
                  "first": (start - timedelta(days=self.dedup.candidate_days)).isoformat(),
                  "last": (end + pad).isoformat(), "ends_after": (start - pad).isoformat()}
        stmt = _CANDIDATES_IN if key.get("place_country") else _CANDIDATES
        cands = [dict(r._mapping) for r in conn.execute(stmt, params)]
        return next((c for c in ranked(key, cands, self.dedup) if c["id"] not in own), None)

    def rededup(self) -> int:
        """Rebuild the merged events from every stored report with the current dedup settings; the count."""
        with self.engine.begin() as conn:
            q = (select(event_sources.c.pk, event_sources.c.article_id, event_sources.c.local_id)
                 .join(articles, articles.c.id == event_sources.c.article_id)
                 .order_by(articles.c.ingested_at, event_sources.c.pk))
            srcs = conn.execute(q).all()
            records: dict[str, dict[str, dict]] = {}
            # Sources point at events (NOT NULL): new events get ids above the old ones, which go at the end.
            top = conn.execute(select(func.max(events.c.id))).scalar() or 0
            own: set[int] = set()
            for pk, aid, local_id in srcs:  # grouped by article: ordered by ingest time, then insertion
                if aid not in records:
                    blob = conn.execute(select(articles.c.document).where(articles.c.id == aid)).scalar_one()
                    records = {aid: {e["id"]: e for e in json.loads(zlib.decompress(blob))["events"]}}
                    own = set()
                ev = Event.model_validate(records[aid][local_id])
                eid = self._file(conn, event_key(ev, aid), ev, own, min_id=top)
                conn.execute(event_sources.update().where(event_sources.c.pk == pk).values(event_id=eid))
            conn.execute(events.delete().where(events.c.id <= top))
            return conn.execute(select(func.count()).select_from(events)).scalar_one()
