"""Read side of the store: events (with their sources), actors, quotes, articles, places, stats."""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Select, and_, distinct, func, or_, select

from ..dedup import haversine_km
from . import rows
from .schema import actors, articles, current_version, event_sources, events, places, quotes, relations


def _page(q: Select, limit: int | None, offset: int) -> Select:
    if offset:
        q = q.offset(offset)
    return q.limit(limit) if limit is not None else q


def _like(col, text: str):  # noqa: ANN001, ANN202 - SQLAlchemy column expression
    return col.ilike(f"%{text}%")


class QueryMixin:
    engine: Any

    def _read(self) -> AbstractContextManager[Connection]:  # provided by Store
        raise NotImplementedError

    def _event_filters(self, since: str | None, until: str | None, type: str | None, actor: str | None,
                       country: str | None, near: tuple[float, float, float] | None) -> list:
        conds = []
        if since:
            conds.append(func.coalesce(events.c.date_end, events.c.date_start) >= since)
        if until:
            conds.append(events.c.date_start <= until)
        if type:
            conds.append(events.c.type == type.upper())
        if actor:
            conds.append(or_(*[_like(c, actor) for c in (events.c.actor_name, events.c.actor_canonical,
                                                          events.c.recipient_name, events.c.recipient_canonical)]))
        if country:
            cc = country.upper()
            conds.append(or_(events.c.place_country == cc, events.c.actor_country == cc, events.c.recipient_country == cc))
        if near:
            lat, lon, km = near
            dlat = km / 111.0  # a bounding box on the (lat, lon) index; the exact distance is checked after
            dlon = km / (111.0 * max(0.01, math.cos(math.radians(lat))))
            conds += [events.c.lat.between(lat - dlat, lat + dlat), events.c.lon.between(lon - dlon, lon + dlon),
                      func.coalesce(events.c.geo_precision, 1) < 3]
        return conds

    def query_events(self, since: str | None = None, until: str | None = None, type: str | None = None,
                     actor: str | None = None, country: str | None = None,
                     near: tuple[float, float, float] | None = None, limit: int | None = None,
                     offset: int = 0, sources: bool = True) -> list[dict]:
        """Merged events, oldest first; each with ``sources`` (every article sentence that reported it).

        ``actor`` matches actor or recipient names (substring, any case); ``country`` (ISO alpha-3)
        the place's or either actor's country; ``near`` = (lat, lon, km) keeps located events within km.
        """
        q = select(events).where(and_(True, *self._event_filters(since, until, type, actor, country, near)))
        q = q.order_by(events.c.date_start.asc().nulls_last(), events.c.id)
        with self._read() as conn:
            if near:
                lat, lon, km = near
                found = [dict(r._mapping) for r in conn.execute(q)]
                found = [m for m in found if haversine_km(lat, lon, m["lat"], m["lon"]) <= km]
                found = found[offset:offset + limit if limit is not None else None]
            else:
                found = [dict(r._mapping) for r in conn.execute(_page(q, limit, offset))]
            out = [rows.event_dict(m) for m in found]
            if sources and out:
                by_id = self._sources(conn, [m["id"] for m in found])
                for d in out:
                    srcs = by_id.get(int(d["id"]), [])
                    d["sources"] = srcs
                    if srcs:
                        d["sentence"], d["span"] = srcs[0]["sentence"], srcs[0]["span"]
        return out

    def count_events(self, since: str | None = None, until: str | None = None, type: str | None = None,
                     actor: str | None = None, country: str | None = None) -> int:
        """How many events ``query_events`` would return with these filters (for paging)."""
        q = select(func.count()).select_from(events).where(
            and_(True, *self._event_filters(since, until, type, actor, country, None)))
        with self._read() as conn:
            return conn.execute(q).scalar_one()

    def aggregate_events(self, by: str = "type", since: str | None = None, until: str | None = None,
                         type: str | None = None, actor: str | None = None, country: str | None = None) -> list[dict]:
        """Event counts (and fatalities) grouped by type, day, month, country or actor."""
        keys = {"type": events.c.type, "day": events.c.date_start, "month": func.substr(events.c.date_start, 1, 7),
                "country": events.c.place_country, "actor": func.coalesce(events.c.actor_canonical, events.c.actor_name)}
        if by not in keys:
            raise ValueError(f"by must be one of {', '.join(keys)}")
        k = keys[by].label("key")
        q = (select(k, func.count().label("events"), func.coalesce(func.sum(events.c.fatalities), 0).label("fatalities"),
                    func.coalesce(func.sum(events.c.n_articles), 0).label("reports"))
             .where(and_(True, *self._event_filters(since, until, type, actor, country, None)))
             .group_by(keys[by]).order_by(keys[by]))
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def event(self, event_id: str | int) -> dict | None:
        with self._read() as conn:
            row = conn.execute(select(events).where(events.c.id == int(event_id))).first()
            if row is None:
                return None
            d = rows.event_dict(dict(row._mapping))
            d["sources"] = self._sources(conn, [int(event_id)]).get(int(event_id), [])
        return d

    def _sources(self, conn: Connection, ids: list[int]) -> dict[int, list[dict]]:
        out: dict[int, list[dict]] = {}
        cols = (event_sources.c.event_id, event_sources.c.article_id, event_sources.c.local_id,
                event_sources.c.sentence, event_sources.c.span_start, event_sources.c.span_end,
                event_sources.c.trigger, articles.c.url, articles.c.title, articles.c.published, articles.c.source)
        for i in range(0, len(ids), 500):
            q = (select(*cols).join(articles, articles.c.id == event_sources.c.article_id)
                 .where(event_sources.c.event_id.in_(ids[i:i + 500])).order_by(event_sources.c.pk))
            for r in conn.execute(q):
                m = r._mapping
                out.setdefault(m["event_id"], []).append({
                    "article_id": m["article_id"], "event": m["local_id"], "sentence": m["sentence"],
                    "span": [m["span_start"], m["span_end"]], "trigger": m["trigger"], "url": m["url"],
                    "title": m["title"], "published": m["published"], "source": m["source"]})
        return out

    def actors(self, name: str | None = None, country: str | None = None, kind: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict]:
        """Actors across articles, one row per (canonical or name, kind, country), most reported first."""
        key = func.coalesce(actors.c.canonical, actors.c.name)
        n_art = func.count(distinct(actors.c.article_id))
        q = select(func.min(actors.c.name).label("name"), func.max(actors.c.canonical).label("canonical"),
                   actors.c.kind, actors.c.country, n_art.label("articles"))
        if name:
            q = q.where(or_(_like(actors.c.name, name), _like(actors.c.canonical, name)))
        if country:
            q = q.where(actors.c.country == country.upper())
        if kind:
            q = q.where(actors.c.kind == kind)
        q = q.group_by(key, actors.c.kind, actors.c.country).order_by(n_art.desc(), key)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(_page(q, limit, offset))]

    def places(self, name: str | None = None, country: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict]:
        key = func.coalesce(places.c.canonical, places.c.name)
        n_art = func.count(distinct(places.c.article_id))
        q = select(func.min(places.c.name).label("name"), func.max(places.c.canonical).label("canonical"),
                   func.max(places.c.feature).label("feature"), places.c.country, func.max(places.c.admin1).label("admin1"),
                   func.max(places.c.lat).label("lat"), func.max(places.c.lon).label("lon"),
                   func.max(places.c.geonames_id).label("geonames_id"), n_art.label("articles"))
        if name:
            q = q.where(or_(_like(places.c.name, name), _like(places.c.canonical, name)))
        if country:
            q = q.where(places.c.country == country.upper())
        q = q.group_by(key, places.c.country).order_by(n_art.desc(), key)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(_page(q, limit, offset))]

    def quotes(self, speaker: str | None = None, article_id: str | None = None, since: str | None = None,
               until: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        q = (select(quotes, articles.c.title, articles.c.url, articles.c.published, articles.c.source)
             .join(articles, articles.c.id == quotes.c.article_id))
        if speaker:
            q = q.where(or_(_like(quotes.c.speaker_name, speaker), _like(quotes.c.speaker_canonical, speaker)))
        if article_id:
            q = q.where(quotes.c.article_id == article_id)
        if since:
            q = q.where(articles.c.published >= since)
        if until:
            q = q.where(articles.c.published <= until)
        q = q.order_by(articles.c.published, quotes.c.pk)
        with self._read() as conn:
            return [rows.quote_dict(dict(r._mapping)) for r in conn.execute(_page(q, limit, offset))]

    def articles(self, since: str | None = None, until: str | None = None, source: str | None = None,
                 limit: int | None = None, offset: int = 0) -> list[dict]:
        cols = [c for c in articles.c if c.name not in ("document", "text_hash")]
        q = select(*cols)
        if since:
            q = q.where(articles.c.published >= since)
        if until:
            q = q.where(articles.c.published <= until)
        if source:
            q = q.where(_like(articles.c.source, source))
        q = q.order_by(articles.c.published, articles.c.id)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(_page(q, limit, offset))]

    def article(self, article_id: str) -> dict | None:
        """The full output document of one stored article, as extract printed it."""
        with self._read() as conn:
            doc = conn.execute(select(articles.c.document).where(articles.c.id == article_id)).scalar()
        return json.loads(zlib.decompress(doc)) if doc else None

    def iter_documents(self) -> Iterator[dict]:
        with self._read() as conn:
            for (doc,) in conn.execute(select(articles.c.document).order_by(articles.c.published, articles.c.id)):
                yield json.loads(zlib.decompress(doc))

    def stats(self) -> dict:
        with self._read() as conn:
            def count(t) -> int:  # noqa: ANN001
                return conn.execute(select(func.count()).select_from(t)).scalar_one()

            by_type = dict(conn.execute(select(events.c.type, func.count()).group_by(events.c.type)).all())
            lo, hi = conn.execute(select(func.min(events.c.date_start), func.max(events.c.date_start))).one()
            merged = conn.execute(select(func.count()).select_from(events).where(events.c.n_articles > 1)).scalar_one()
            return {"articles": count(articles), "events": count(events), "event_sources": count(event_sources),
                    "merged_events": merged, "actors": count(actors), "places": count(places),
                    "quotes": count(quotes), "relations": count(relations), "events_by_type": by_type,
                    "first_event": lo, "last_event": hi, "schema_version": current_version(conn)}
