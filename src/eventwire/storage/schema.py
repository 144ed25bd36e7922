"""Tables of the corpus store and the ordered migration steps that build them.

One schema for SQLite and PostgreSQL (SQLAlchemy Core types only). ``events`` holds real-world events
after cross-article dedup; ``event_sources`` holds every article sentence that reported one of them,
so nothing an article said is lost when reports merge. Lists (mentions, context) are JSON text so
the same code path works on both engines.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
)

from ..errors import StoreError

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    Column("text_hash", String(40), index=True),  # sha1 of normalised text: same story under another id
    Column("title", Text), Column("published", String(10), index=True), Column("source", String(300)),
    Column("url", Text), Column("language", String(8)), Column("origin", Text),
    Column("n_events", Integer, nullable=False, default=0),
    Column("ingested_at", String(32), nullable=False),
    # The full output document (zlib-compressed JSON): a lossless round trip at a fifth of the size.
    Column("document", LargeBinary, nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False),
    Column("name", Text, nullable=False), Column("canonical", Text), Column("kind", String(30)),
    Column("country", String(3)), Column("wikidata", String(30)), Column("confidence", Float),
    Column("mentions", Text), Column("affiliations", Text),
    Index("ix_actors_canonical", "canonical"), Index("ix_actors_country_kind", "country", "kind"),
)

places = Table(
    "places", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False),
    Column("name", Text, nullable=False), Column("canonical", Text), Column("feature", String(20)),
    Column("country", String(3)), Column("admin1", Text), Column("lat", Float), Column("lon", Float),
    Column("geonames_id", Integer), Column("mentions", Text),
    Index("ix_places_country", "country"), Index("ix_places_geonames", "geonames_id"),
)

_ACTOR_COLS = ("name", "canonical", "kind", "country")

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(12), nullable=False), Column("mode", String(40)), Column("context", Text),
    *[Column(f"actor_{c}", Text if c in ("name", "canonical") else String(30)) for c in _ACTOR_COLS],
    *[Column(f"recipient_{c}", Text if c in ("name", "canonical") else String(30)) for c in _ACTOR_COLS],
    Column("place_name", Text), Column("place_country", String(3)), Column("place_admin1", Text),
    Column("lat", Float), Column("lon", Float), Column("geo_precision", Integer), Column("geonames_id", Integer),
    Column("date_start", String(10)), Column("date_end", String(10)), Column("date_precision", String(12)),
    Column("date_text", Text),
    Column("fatalities", Integer), Column("status", String(12), nullable=False),
    Column("confidence", Float), Column("cameo", String(8)), Column("acled_event_type", String(60)),
    Column("acled_sub_event_type", String(60)),
    Column("n_sources", Integer, nullable=False, default=1), Column("n_articles", Integer, nullable=False, default=1),
    Column("first_seen", String(32), nullable=False),
    Index("ix_events_type_date", "type", "date_start"), Index("ix_events_date", "date_start"),
    Index("ix_events_actor", "actor_canonical"), Index("ix_events_recipient", "recipient_canonical"),
    Index("ix_events_country", "place_country"), Index("ix_events_latlon", "lat", "lon"),
)

event_sources = Table(
    "event_sources", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False),
    Column("sentence", Text, nullable=False), Column("span_start", Integer), Column("span_end", Integer),
    Column("trigger", Text),  # the article's own full event record is in articles.document
)

quotes = Table(
    "quotes", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False), Column("text", Text, nullable=False),
    *[Column(f"speaker_{c}", Text if c in ("name", "canonical") else String(30)) for c in _ACTOR_COLS],
    Column("cue", Text), Column("span_start", Integer), Column("span_end", Integer), Column("partial", Integer),
    Index("ix_quotes_speaker", "speaker_canonical"),
)

relations = Table(
    "relations", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("type", String(20), nullable=False), Column("subject", String(20), nullable=False),
    Column("object", String(20), nullable=False), Column("sentence", Text),
)


def _v1_create(conn: Connection) -> None:
    metadata.create_all(conn, tables=[articles, actors, places, events, event_sources, quotes, relations])


# Ordered, append-only: a released step is never edited; a schema change is a new step.
Migration = tuple[int, str, Callable[[Connection], None]]
MIGRATIONS: list[Migration] = [
    (1, "articles, actors, places, events, event_sources, quotes, relations", _v1_create),
]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(select(func.max(schema_version.c.version))).scalar() or 0


def migrate(conn_factory: Callable[[], object], steps: list[Migration] | None = None) -> int:
    """Apply every step newer than the database's version, each in its own transaction; return the version."""
    steps = MIGRATIONS if steps is None else steps
    latest = steps[-1][0] if steps else 0
    with conn_factory() as conn:  # type: ignore[attr-defined]
        schema_version.create(conn, checkfirst=True)
        have = current_version(conn)
    if have > latest:
        raise StoreError(f"the database has schema version {have}, newer than this eventwire knows ({latest}).",
                         "Upgrade eventwire, or use another --db.")
    for version, description, step in steps:
        if version <= have:
            continue
        with conn_factory() as conn:  # type: ignore[attr-defined]
            step(conn)
            conn.execute(schema_version.insert().values(
                version=version, description=description, applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
        have = version
    return have
