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

from sqlalchemy import Connection, Engine, create_engine, event, exc, func, or_, select
from sqlalchemy.pool import StaticPool

from ..dedup import DedupSettings, absorb, event_key, ranked, search_pad
from ..document import Document
from ..errors import StoreError
from . import rows
from .queries import QueryMixin
from .schema import actors, articles, event_sources, events, migrate, places, quotes, relations

DEFAULT_URL = "sqlite:///eventwire.db"


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
        conds = [articles.c.id == article_id] if article_id else []
        if text_hash:
            conds.append(articles.c.text_hash == text_hash)
        if not conds:
            return False
        with self._read() as conn:
            return conn.execute(select(articles.c.id).where(or_(*conds)).limit(1)).first() is not None

    def add(self, doc: Document, text: str | None = None, text_hash: str | None = None,
            origin: str | None = None) -> bool:
        """Store one article's document in one transaction; False when it is already stored.

        ``text`` (or its ``text_hash``) lets a later copy of the same story under another id be skipped.
        """
        if not doc.article.id:
            raise StoreError("the document has no article id.", "Give the article an id or its text.")
        th = text_hash or (rows.text_hash(text) if text else None)
        if self.known(doc.article.id, th):
            return False
        try:
            with self.engine.begin() as conn:
                self._insert(conn, doc, th, origin)
        except exc.IntegrityError:
            return False  # another writer stored the same article first
        except exc.OperationalError as e:
            raise StoreError(f"writing article {doc.article.id} failed ({e.orig}).",
                             "Check the database; articles already stored are kept, rerun to resume.") from None
        return True

    def _insert(self, conn: Connection, doc: Document, th: str | None, origin: str | None) -> None:
        conn.execute(articles.insert(), [rows.article_row(doc, th, origin)])
        for table, make in ((actors, rows.actor_rows), (places, rows.place_rows), (quotes, rows.quote_rows),
                            (relations, rows.relation_rows)):
            batch = make(doc)
            if batch:
                conn.execute(table.insert(), batch)
        aid = doc.article.id
        for ev in doc.events:
            key = event_key(ev, aid)
            target = self._match(conn, key)
            if target is None:
                event_id = conn.execute(events.insert().values(**rows.event_row(key, ev))).inserted_primary_key[0]
            else:
                event_id = target["id"]
                upd = absorb(target, key)
                upd["n_sources"] = events.c.n_sources + 1
                if aid not in target["_articles"]:
                    upd["n_articles"] = events.c.n_articles + 1
                conn.execute(events.update().where(events.c.id == event_id).values(**upd))
            # Inserted now, not batched: the article's next event must see this one as its own.
            conn.execute(event_sources.insert(), [rows.source_row(event_id, aid, ev)])

    def _match(self, conn: Connection, key: dict, min_id: int = 0) -> dict | None:
        """The stored event ``key`` joins: candidates by index range (type, dates, country), ranked by
        the dedup rule; the best one that holds no report of the same article."""
        if not self.dedup.enabled or not key.get("date_start"):
            return None
        try:
            start = date.fromisoformat(key["date_start"])
            end = date.fromisoformat(key.get("date_end") or key["date_start"])
        except ValueError:
            return None
        pad = timedelta(days=search_pad(self.dedup))
        q = select(events).where(
            events.c.type == key["type"], events.c.status == key["status"], events.c.id > min_id,
            events.c.date_start >= (start - timedelta(days=self.dedup.candidate_days)).isoformat(),
            events.c.date_start <= (end + pad).isoformat(),
            func.coalesce(events.c.date_end, events.c.date_start) >= (start - pad).isoformat())
        if key.get("place_country"):
            q = q.where(or_(events.c.place_country == key["place_country"], events.c.place_country.is_(None)))
        cands = [dict(r._mapping) for r in conn.execute(q.order_by(events.c.id))]
        for cand in ranked(key, cands, self.dedup):
            q = select(event_sources.c.article_id).where(event_sources.c.event_id == cand["id"])
            cand["_articles"] = {a for (a,) in conn.execute(q)}
            if key.get("article_id") not in cand["_articles"]:
                return cand
        return None

    def rededup(self) -> int:
        """Rebuild the merged events from every stored report with the current dedup settings; the count."""
        from ..document import Event

        with self.engine.begin() as conn:
            q = (select(event_sources.c.pk, event_sources.c.article_id, event_sources.c.local_id)
                 .join(articles, articles.c.id == event_sources.c.article_id)
                 .order_by(articles.c.ingested_at, event_sources.c.pk))
            srcs = conn.execute(q).all()
            records: dict[str, dict[str, dict]] = {}
            # Sources point at events (NOT NULL): new events get ids above the old ones, which go at the end.
            top = conn.execute(select(func.max(events.c.id))).scalar() or 0
            for pk, aid, local_id in srcs:
                if aid not in records:
                    blob = conn.execute(select(articles.c.document).where(articles.c.id == aid)).scalar_one()
                    records = {aid: {e["id"]: e for e in json.loads(zlib.decompress(blob))["events"]}}
                ev = Event.model_validate(records[aid][local_id])
                key = event_key(ev, aid)
                target = self._match(conn, key, min_id=top)
                if target is None:
                    eid = conn.execute(events.insert().values(**rows.event_row(key, ev))).inserted_primary_key[0]
                else:
                    eid = target["id"]
                    upd = absorb(target, key)
                    upd["n_sources"] = events.c.n_sources + 1
                    if aid not in target["_articles"]:
                        upd["n_articles"] = events.c.n_articles + 1
                    conn.execute(events.update().where(events.c.id == eid).values(**upd))
                conn.execute(event_sources.update().where(event_sources.c.pk == pk).values(event_id=eid))
            conn.execute(events.delete().where(events.c.id <= top))
            return conn.execute(select(func.count()).select_from(events)).scalar_one()
