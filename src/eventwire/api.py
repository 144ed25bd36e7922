"""The REST API (FastAPI) over the store, and the dashboard's static files at ``/``.

Routes only translate query parameters into store calls and format the answer; filtering lives in
``eventwire.store``. Every error, a 404 or a bad parameter included, has one JSON shape:
``{"error": {"code": "E6xx", "message": "what was wrong", "hint": "what to do"}}`` (docs/api.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .document import PLOVER_TYPES, Document
from .errors import EventwireError, InputError

log = logging.getLogger(__name__)
WEB_DIR = Path(__file__).parent / "web"
MAX_LIMIT = 10_000
AGG_LIMIT = 100_000  # events read to compute aggregates; beyond it the figures say "truncated"


class ApiError(Exception):
    """An error answered as the API's JSON error shape."""

    def __init__(self, status: int, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.hint = status, code, message, hint


def error_body(code: str, message: str, hint: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "hint": hint}}


class ErrorBody(BaseModel):
    code: str = Field(examples=["E604"])
    message: str
    hint: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class ExtractRequest(BaseModel):
    text: str = Field(description="The article text (English).")
    published: str | None = Field(None, description="Publication date YYYY-MM-DD; anchors 'Monday', 'last year'.")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = Field(None, description="Article id; default: sha1 of the normalised text.")


def _parse_near(near: str | None) -> tuple[float, float, float] | None:
    if not near:
        return None
    try:
        lat, lon, km = (float(x) for x in near.split(","))
    except ValueError:
        raise ApiError(422, "E604", f"near must be 'lat,lon,km', got '{near}'.",
                       "Example: near=33.3,44.4,50 (50 km around Baghdad).") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise ApiError(422, "E604", f"near out of range: lat {lat}, lon {lon}, km {km}.",
                       "lat in [-90, 90], lon in [-180, 180], km > 0.")
    return lat, lon, km


def _check_type(type_: str | None) -> str | None:
    if type_ and type_.upper() not in PLOVER_TYPES:
        raise ApiError(422, "E605", f"unknown event type '{type_}'.", f"Use one of {', '.join(PLOVER_TYPES)}.")
    return type_.upper() if type_ else None


def _page(items: list[dict], limit: int | None, offset: int) -> dict:
    return {"items": items, "count": len(items), "limit": limit, "offset": offset}


def _actor_key(a: dict | None) -> str | None:
    if not a:
        return None
    return a.get("canonical") or a.get("name")


def aggregate(events: list[dict]) -> dict:
    """Counts by type, day and country, and the actor -> recipient network, from event dicts."""
    by_type = Counter(e.get("type") for e in events)
    by_day = Counter(((e.get("date") or {}).get("start")) for e in events)
    by_country = Counter(((e.get("place") or {}).get("country")) for e in events)
    edges: Counter[tuple[str, str]] = Counter()
    actors: Counter[str] = Counter()
    for e in events:
        src, dst = _actor_key(e.get("actor")), _actor_key(e.get("recipient"))
        for a in (src, dst):
            if a:
                actors[a] += 1
        if src and dst and src != dst:
            edges[(src, dst)] += 1
    return {
        "total": len(events),
        "by_type": {t: n for t, n in by_type.most_common() if t},
        "by_day": [{"day": d, "count": n} for d, n in sorted((d, n) for d, n in by_day.items() if d)],
        "by_country": {c: n for c, n in by_country.most_common() if c},
        "actors": [{"id": a, "label": a, "count": n} for a, n in actors.most_common()],
        "edges": [{"source": s, "target": t, "count": n} for (s, t), n in edges.most_common()],
    }


def _call(method: Any, what: str, **filters: Any) -> list[dict]:
    """Call a store query with the filters the user gave; a filter it does not take is an error, not ignored."""
    import inspect

    given = {k: v for k, v in filters.items() if v is not None and v != ""}
    params = inspect.signature(method).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        unknown = sorted(k for k in given if k not in params)
        if unknown:
            raise ApiError(422, "E606", f"/api/{what} cannot filter by {', '.join(unknown)}.",
                           f"Filters it takes: {', '.join(k for k in params if k != 'self')}.")
    return method(**given)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.hint), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            body = error_body("E601", f"no such path: {request.url.path}", "See /docs for the endpoints.")
        elif exc.status_code == 405:
            body = error_body("E602", f"{request.method} is not allowed on {request.url.path}",
                              "See /docs for the methods each endpoint takes.")
        else:
            body = error_body(f"E6{exc.status_code % 100:02d}", str(exc.detail), None)
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where or 'request'}: {e.get('msg')}")
        return JSONResponse(error_body("E603", "invalid request: " + "; ".join(parts),
                                       "Check the parameter types and formats in /docs."), status_code=422)

    @app.exception_handler(EventwireError)
    async def _eventwire_error(request: Request, exc: EventwireError) -> JSONResponse:
        status = 400 if isinstance(exc, InputError) else 500
        return JSONResponse(error_body(exc.code, exc.message, exc.hint), status_code=status)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse(error_body("E699", f"internal error ({type(exc).__name__}).",
                                       "This is a bug: please report it with the request."), status_code=500)


Since = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Events on or after YYYY-MM-DD.")]
Until = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Events on or before YYYY-MM-DD.")]
TypeQ = Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT.")]
ActorQ = Annotated[str | None, Query(description="Actor or recipient name/canonical (substring, any case).")]
CountryQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 country.")]
NameQ = Annotated[str | None, Query(description="Name substring (any case).")]
NearQ = Annotated[str | None, Query(description="lat,lon,km: events within km of a point.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most records to return.")]
Offset = Annotated[int, Query(ge=0, description="Records to skip (paging).")]
ERRORS = {404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def _event_filters(since: Since = None, until: Until = None, type: TypeQ = None, actor: ActorQ = None,
                   country: CountryQ = None, near: NearQ = None) -> dict:
    return {"since": since, "until": until, "type": _check_type(type), "actor": actor,
            "country": country.upper() if country else None, "near": _parse_near(near)}


Filters = Annotated[dict, Depends(_event_filters)]


def _aggregates(store: Any, f: dict) -> dict:
    # The network needs actor/recipient pairs, which the store does not group: count them over the events
    # (up to AGG_LIMIT). The other counts come from the store's SQL GROUP BY, exact at any size, except
    # under `near`, a distance the store checks in Python.
    evs = store.query_events(**f, limit=AGG_LIMIT, sources=False)
    out = {**aggregate(evs), "truncated": len(evs) >= AGG_LIMIT}
    if f.get("near") is None:
        flt = {k: v for k, v in f.items() if k != "near"}

        def group(by: str) -> list[tuple[str, int]]:
            return [(r["key"], r["events"]) for r in store.aggregate_events(by, **flt) if r["key"]]

        out["total"] = store.count_events(**flt)
        out["by_type"] = dict(sorted(group("type"), key=lambda kv: -kv[1]))
        out["by_day"] = [{"day": d, "count": n} for d, n in group("day")]
        out["by_country"] = dict(sorted(group("country"), key=lambda kv: -kv[1]))
        out["truncated"] = False if out["total"] <= AGG_LIMIT else out["truncated"]
    return out


def _get_event(store: Any, event_id: str) -> dict | None:
    try:
        ev = store.event(event_id)
    except (ValueError, TypeError):  # the store's ids are integers: any other id names no event
        return None
    if ev and "sentence" not in ev and ev.get("sources"):
        # same shape as /api/events, which carries the first source's evidence on the event itself
        ev["sentence"], ev["span"] = ev["sources"][0]["sentence"], ev["sources"][0]["span"]
    return ev


def _search(store: Any, q: str, limit: int) -> dict:
    needle = q.lower()

    def hit(*texts: object) -> bool:
        return any(needle in str(t).lower() for t in texts if t)

    evs = [e for e in store.query_events() if hit(e.get("sentence"), _actor_key(e.get("actor")),
                                                   _actor_key(e.get("recipient")), (e.get("place") or {}).get("name"))]
    acts = [a for a in store.actors() if hit(a.get("name"), a.get("canonical"), *a.get("mentions", []))]
    qts = [x for x in store.quotes() if hit(x.get("text"), _actor_key(x.get("speaker")))]
    return {"q": q, "events": evs[:limit], "actors": acts[:limit], "quotes": qts[:limit]}


def _event_routes(app: FastAPI, store: Any) -> None:
    @app.get("/api/health", tags=["meta"])
    def health() -> dict:
        return {"status": "ok", "version": __version__, "stats": store.stats()}

    @app.get("/api/events", tags=["events"], responses=ERRORS)
    def events(f: Filters, limit: Limit = 100, offset: Offset = 0) -> dict:
        """Events (merged across articles, each with its `sources`), oldest first, filtered like `eventwire events`."""
        page = _page(store.query_events(**f, limit=limit, offset=offset), limit, offset)
        if f["near"] is None:  # the store counts in SQL except for the distance filter
            page["total"] = store.count_events(**{k: v for k, v in f.items() if k != "near"})
        return page

    @app.get("/api/events/{event_id}", tags=["events"], responses=ERRORS)
    def event(event_id: str) -> dict:
        found = _get_event(store, event_id)
        if found is None:
            raise ApiError(404, "E607", f"no event with id '{event_id}'.", "Event ids come from /api/events.")
        return found

    @app.get("/api/aggregates", tags=["events"], responses=ERRORS)
    def aggregates(f: Filters) -> dict:
        """Counts by type, day and country, and the actor -> recipient network of the filtered events."""
        return _aggregates(store, f)

    @app.post("/api/extract", tags=["extract"], responses={400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
    def extract(req: ExtractRequest) -> Document:
        """Code one article's text into the output document (not stored). Loads the model on first use."""
        from .pipeline import extract as run

        return run(req.text, published=req.published, title=req.title, url=req.url, source=req.source, id=req.id)


def _corpus_routes(app: FastAPI, store: Any) -> None:
    @app.get("/api/articles", tags=["corpus"], responses=ERRORS)
    def articles(since: Since = None, until: Until = None, limit: Limit = 100, offset: Offset = 0) -> dict:
        return _page(_call(store.articles, "articles", since=since, until=until, limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/actors", tags=["corpus"], responses=ERRORS)
    def actors(name: NameQ = None, country: CountryQ = None, kind: Annotated[str | None, Query()] = None,
               limit: Limit = 100, offset: Offset = 0) -> dict:
        """Actors across articles (one row per canonical or surface name, kind, country), most reported first."""
        return _page(_call(store.actors, "actors", name=name, country=country, kind=kind, limit=limit,
                           offset=offset), limit, offset)

    @app.get("/api/places", tags=["corpus"], responses=ERRORS)
    def places(name: NameQ = None, country: CountryQ = None, limit: Limit = 100, offset: Offset = 0) -> dict:
        return _page(_call(store.places, "places", name=name, country=country, limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/quotes", tags=["corpus"], responses=ERRORS)
    def quotes(since: Since = None, until: Until = None, actor: ActorQ = None, limit: Limit = 100,
               offset: Offset = 0) -> dict:
        return _page(_call(store.quotes, "quotes", since=since, until=until, speaker=actor, limit=limit,
                           offset=offset), limit, offset)

    @app.get("/api/search", tags=["corpus"], responses=ERRORS)
    def search(q: Annotated[str, Query(min_length=2, description="Text to find (any case).")], limit: Limit = 50) -> dict:
        """Events whose sentence or actors match, actors whose names match, quotes whose text or speaker match."""
        return _search(store, q, limit)


def create_app(db: str | None = None, store: Any = None) -> FastAPI:
    """The API over ``store`` (or a Store opened on ``db``, default the EVENTWIRE_DB setting)."""
    if store is None:
        from .settings import Settings
        from .store import Store

        store = Store(db or Settings().db)
    app = FastAPI(title="eventwire", version=__version__,
                  description="PLOVER political events coded from English news. Errors: docs/api.md.")
    app.state.store = store
    _install_errors(app)
    _event_routes(app, store)
    _corpus_routes(app, store)

    # Last, so every /api route wins; an unknown path falls through to a 404 in the error shape.
    app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
