"""Conversions between the output models and table rows, both ways (no database access here)."""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from datetime import UTC, datetime

from ..document import Document, Event

_ROLE_FIELDS = ("name", "canonical", "kind", "country")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    """sha1 of the normalised text (the same normalisation as ``ingest.article_id``)."""
    norm = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads_list(value: str | None) -> list:
    return json.loads(value) if value else []


def article_row(doc: Document, text_hash: str | None, origin: str | None) -> dict:
    a = doc.article
    return {"id": a.id, "text_hash": text_hash, "title": a.title, "published": a.published, "source": a.source,
            "url": a.url, "language": a.language, "origin": origin, "n_events": len(doc.events),
            "ingested_at": now(), "document": zlib.compress(doc.model_dump_json().encode("utf-8"), 6)}


def actor_rows(doc: Document) -> list[dict]:
    aid = doc.article.id
    return [{"article_id": aid, "local_id": x.id, "name": x.name, "canonical": x.canonical, "kind": x.kind,
             "country": x.country, "wikidata": x.wikidata, "confidence": x.confidence,
             "mentions": dumps(x.mentions), "affiliations": dumps(x.affiliations)} for x in doc.actors]


def place_rows(doc: Document) -> list[dict]:
    aid = doc.article.id
    return [{"article_id": aid, "local_id": p.id, "name": p.name, "canonical": p.canonical, "feature": p.feature,
             "country": p.country, "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id,
             "mentions": dumps(p.mentions)} for p in doc.places]


def quote_rows(doc: Document) -> list[dict]:
    aid = doc.article.id
    out = []
    for q in doc.quotes:
        row = {"article_id": aid, "local_id": q.id, "text": q.text, "cue": q.cue,
               "span_start": q.span[0], "span_end": q.span[1], "partial": int(q.partial)}
        row.update({f"speaker_{f}": getattr(q.speaker, f) if q.speaker else None for f in _ROLE_FIELDS})
        out.append(row)
    return out


def relation_rows(doc: Document) -> list[dict]:
    aid = doc.article.id
    return [{"article_id": aid, "type": r.type, "subject": r.subject, "object": r.object, "sentence": r.sentence}
            for r in doc.relations]


def event_row(key: dict, ev: Event) -> dict:
    """A new ``events`` row from an article's event (``key`` is ``dedup.event_key``)."""
    row = {k: v for k, v in key.items() if k != "article_id"}
    row.update(mode=ev.mode, context=dumps(ev.context), place_admin1=ev.place.admin1 if ev.place else None,
               date_text=ev.date.text, cameo=ev.codes.cameo,
               acled_event_type=ev.codes.acled_event_type, acled_sub_event_type=ev.codes.acled_sub_event_type,
               n_sources=1, n_articles=1, first_seen=now())
    return row


def source_row(event_id: int, article_id: str, ev: Event) -> dict:
    return {"event_id": event_id, "article_id": article_id, "local_id": ev.id, "sentence": ev.sentence,
            "span_start": ev.span[0], "span_end": ev.span[1], "trigger": ev.trigger}


def _ref(m: dict, prefix: str) -> dict | None:
    if not m.get(f"{prefix}_name"):
        return None
    return {f: m.get(f"{prefix}_{f}") for f in _ROLE_FIELDS}


def event_dict(m: dict) -> dict:
    """An ``events`` row -> the native event dict of spec/output.md (plus n_sources, n_articles)."""
    place = None
    if m.get("place_name") or m.get("place_country"):
        place = {"name": m.get("place_name"), "country": m.get("place_country"), "admin1": m.get("place_admin1"),
                 "lat": m.get("lat"), "lon": m.get("lon"), "geo_precision": m.get("geo_precision")}
    return {
        "id": str(m["id"]), "type": m["type"], "mode": m.get("mode"), "context": loads_list(m.get("context")),
        "actor": _ref(m, "actor"), "recipient": _ref(m, "recipient"), "place": place,
        "date": {"start": m.get("date_start"), "end": m.get("date_end"), "precision": m.get("date_precision") or "unknown",
                 "text": m.get("date_text")},
        "fatalities": m.get("fatalities"), "status": m["status"], "confidence": m.get("confidence"),
        "codes": {"cameo": m.get("cameo"), "acled_event_type": m.get("acled_event_type"),
                  "acled_sub_event_type": m.get("acled_sub_event_type")},
        "n_sources": m.get("n_sources", 1), "n_articles": m.get("n_articles", 1), "first_seen": m.get("first_seen"),
    }


def quote_dict(m: dict) -> dict:
    return {"id": m["local_id"], "text": m["text"], "speaker": _ref(m, "speaker"), "cue": m.get("cue"),
            "span": [m.get("span_start"), m.get("span_end")], "partial": bool(m.get("partial")),
            "article_id": m["article_id"], "title": m.get("title"), "url": m.get("url"),
            "published": m.get("published"), "source": m.get("source")}
