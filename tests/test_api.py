"""The REST API over a temporary SQLite store filled with hand-made documents (no spaCy needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.document import Actor, ActorRef, Article, DateInfo, Document, Event, Place, PlaceRef, Quote

PLACES = {
    "Nairobi": ("KEN", -1.2833, 36.8167), "Goma": ("COD", -1.6792, 29.2228),
    "Tokyo": ("JPN", 35.6895, 139.6917), "Baghdad": ("IRQ", 33.3406, 44.4009),
}


def _ref(a: Actor) -> ActorRef:
    return ActorRef(id=a.id, name=a.name, canonical=a.canonical, kind=a.kind, country=a.country)


def _doc(aid: str, day: str, title: str, evs: list[tuple], quote: tuple | None = None) -> Document:
    """evs: (type, actor (name, canonical, kind, country), recipient or None, place name, sentence, trigger)."""
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}

    def actor(spec: tuple | None) -> ActorRef | None:
        if spec is None:
            return None
        if spec[0] not in actors:
            actors[spec[0]] = Actor(id=f"a{len(actors) + 1}", name=spec[0], canonical=spec[1], kind=spec[2],
                                    country=spec[3], mentions=[spec[0]])
        return _ref(actors[spec[0]])

    events = []
    text_pos = 0
    for i, (typ, act, rec, pname, sentence, trigger) in enumerate(evs, 1):
        c, lat, lon = PLACES[pname]
        if pname not in places:
            places[pname] = Place(id=f"p{len(places) + 1}", name=pname, canonical=pname, feature="city",
                                  country=c, lat=lat, lon=lon, mentions=[pname])
        p = places[pname]
        events.append(Event(id=f"e{i}", type=typ, actor=actor(act), recipient=actor(rec),
                            place=PlaceRef(id=p.id, name=p.name, country=c, lat=lat, lon=lon, geo_precision=1),
                            date=DateInfo(start=day, end=day, precision="day", text="Monday"),
                            sentence=sentence, span=(text_pos, text_pos + len(sentence)), confidence=0.8,
                            trigger=trigger))
        text_pos += len(sentence) + 1
    quotes = []
    if quote:
        quotes.append(Quote(id="q1", text=quote[1], speaker=actor(quote[0]), cue="said", span=(0, len(quote[1]))))
    return Document(article=Article(id=aid, title=title, published=day, source="Test Wire", url=f"https://example.org/{aid}"),
                    actors=list(actors.values()), places=list(places.values()), events=events, quotes=quotes)


POLICE = ("Kenyan police", "Kenya Police Service", "police", "KEN")
PROTESTERS = ("protesters", None, "protesters", "KEN")
FARDC = ("Congolese army", "Armed Forces of the Democratic Republic of the Congo", "military", "COD")
M23 = ("M23 rebels", "March 23 Movement", "armed_group", "COD")
FRANCE = ("France", "France", "state", "FRA")
JAPAN = ("Japan", "Japan", "state", "JPN")
RUTO = ("William Ruto", "William Ruto", "person", "KEN")


def sample_documents() -> list[Document]:
    return [
        _doc("art-nairobi", "2024-06-03", "Police disperse Nairobi march", [
            ("COERCE", POLICE, PROTESTERS, "Nairobi", "Kenyan police arrested twelve protesters in Nairobi.", "arrested"),
            ("PROTEST", PROTESTERS, None, "Nairobi", "Thousands of protesters marched through Nairobi.", "marched"),
        ], quote=(RUTO, "We will not allow chaos in our capital.")),
        _doc("art-goma", "2024-06-04", "Fighting near Goma", [
            ("ASSAULT", FARDC, M23, "Goma", "The Congolese army shelled M23 rebels near Goma.", "shelled"),
            ("ASSAULT", M23, FARDC, "Goma", "M23 rebels attacked army positions north of Goma.", "attacked"),
        ]),
        _doc("art-tokyo", "2024-06-05", "Paris and Tokyo talk trade", [
            ("CONSULT", FRANCE, JAPAN, "Tokyo", "France met Japan in Tokyo to discuss trade.", "met"),
        ], quote=(FRANCE, "Our partnership has never been stronger.")),
    ]


def make_store(url: str):
    from eventwire.store import Store

    store = Store(url)
    for d in sample_documents():
        store.add(d)
    return store


@pytest.fixture()
def client(tmp_path: Path):
    from fastapi.testclient import TestClient

    from eventwire.api import create_app

    store = make_store(f"sqlite:///{tmp_path / 'api.db'}")
    with TestClient(create_app(store=store), raise_server_exceptions=False) as c:
        yield c
    store.close()


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_every_documented_endpoint_answers(client) -> None:
    import re

    doc = (Path(__file__).parents[1] / "docs" / "api.md").read_text()
    documented = set(re.findall(r"\| (GET|POST) `(/api/[a-z/{}_]+)", doc))
    routes = {(m, r.path) for r in client.app.routes if r.path.startswith("/api")
              for m in getattr(r, "methods", ())}
    assert documented == routes, "docs/api.md and the routes differ"
    event_id = client.get("/api/events").json()["items"][0]["id"]
    for method, path in sorted(documented):
        if method == "POST":
            continue  # /api/extract needs the model: test_extract_endpoint
        url = path.replace("{event_id}", str(event_id)) + ("?q=Goma" if path == "/api/search" else "")
        r = client.get(url)
        assert r.status_code == 200, f"{url}: {r.text}"
    spec = client.get("/openapi.json").json()
    assert {p for _, p in documented} <= set(spec["paths"])


def test_events_filters(client) -> None:
    def ids(**params) -> list[str]:
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return [e["type"] for e in r.json()["items"]]

    assert len(ids()) == 5
    assert ids(type="ASSAULT") == ["ASSAULT", "ASSAULT"]
    assert ids(type="assault") == ["ASSAULT", "ASSAULT"]
    assert sorted(ids(country="KEN")) == ["COERCE", "PROTEST"]
    assert ids(since="2024-06-05") == ["CONSULT"]
    assert sorted(ids(until="2024-06-03")) == ["COERCE", "PROTEST"]
    assert sorted(ids(near="-1.28,36.82,50")) == ["COERCE", "PROTEST"]
    assert ids(actor="March 23") and set(ids(actor="March 23")) == {"ASSAULT"}
    assert len(ids(limit=2)) == 2 and len(ids(limit=2, offset=4)) == 1
    page = client.get("/api/events", params={"limit": 2, "type": "ASSAULT"}).json()
    assert page["count"] == 2 and page["total"] == 2
    assert client.get("/api/events", params={"limit": 1}).json()["total"] == 5


def test_event_by_id_keeps_evidence_and_sources(client) -> None:
    first = client.get("/api/events", params={"type": "CONSULT"}).json()["items"][0]
    one = client.get(f"/api/events/{first['id']}")
    assert one.status_code == 200
    ev = one.json()
    assert ev["sentence"] == "France met Japan in Tokyo to discuss trade."
    assert ev["sources"]
    _error(client.get("/api/events/no-such-event"), 404, "E607")


def test_errors_have_one_shape(client) -> None:
    _error(client.get("/api/nothing-here"), 404, "E601")
    _error(client.get("/no/such/page.html"), 404, "E601")
    _error(client.post("/api/events"), 405, "E602")
    assert "limit" in _error(client.get("/api/events?limit=0"), 422, "E603")["message"]
    _error(client.get("/api/events?since=June"), 422, "E603")
    _error(client.get("/api/events?near=1,2"), 422, "E604")
    _error(client.get("/api/events?near=100,2,5"), 422, "E604")
    assert "ASSAULT" in _error(client.get("/api/events?type=BOMB"), 422, "E605")["hint"]
    _error(client.get("/api/search"), 422, "E603")
    _error(client.post("/api/extract", json={"published": "2024-01-01"}), 422, "E603")


def test_aggregates_count_types_days_countries_and_network(client) -> None:
    agg = client.get("/api/aggregates").json()
    assert agg["total"] == 5 and not agg["truncated"]
    assert agg["by_type"] == {"ASSAULT": 2, "COERCE": 1, "PROTEST": 1, "CONSULT": 1}
    assert agg["by_day"] == [{"day": "2024-06-03", "count": 2}, {"day": "2024-06-04", "count": 2},
                             {"day": "2024-06-05", "count": 1}]
    assert agg["by_country"] == {"KEN": 2, "COD": 2, "JPN": 1}
    edges = {(e["source"], e["target"]): e["count"] for e in agg["edges"]}
    assert edges[("Kenya Police Service", "protesters")] == 1
    assert edges[("France", "Japan")] == 1
    assert ("protesters", "protesters") not in edges  # PROTEST has no recipient: no edge
    filtered = client.get("/api/aggregates", params={"type": "ASSAULT"}).json()
    assert filtered["total"] == 2 and set(filtered["by_country"]) == {"COD"}
    near = client.get("/api/aggregates", params={"near": "-1.28,36.82,50"}).json()  # counted in Python
    assert near["total"] == 2 and near["by_type"] == {"COERCE": 1, "PROTEST": 1}
    assert near["by_day"] == [{"day": "2024-06-03", "count": 2}]


def test_corpus_lists_and_search(client) -> None:
    arts = client.get("/api/articles").json()["items"]
    assert {a["id"] for a in arts} == {"art-nairobi", "art-goma", "art-tokyo"}
    names = {a.get("canonical") or a["name"] for a in client.get("/api/actors").json()["items"]}
    assert {"March 23 Movement", "Japan", "William Ruto"} <= names
    places = {p["name"] for p in client.get("/api/places").json()["items"]}
    assert places == {"Nairobi", "Goma", "Tokyo"}
    quotes = client.get("/api/quotes").json()["items"]
    assert any("chaos" in q["text"] for q in quotes)
    found = client.get("/api/search", params={"q": "goma"}).json()
    assert len(found["events"]) == 2 and found["quotes"] == []
    found = client.get("/api/search", params={"q": "CHAOS"}).json()
    assert len(found["quotes"]) == 1 and found["events"] == []


def test_dashboard_is_served_at_root(client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "<title>eventwire" in r.text
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200


@pytest.mark.slow
def test_extract_endpoint(client) -> None:
    text = "Police arrested twelve protesters in Nairobi on Monday, the interior ministry said."
    r = client.post("/api/extract", json={"text": text, "published": "2024-06-05", "title": "T"})
    assert r.status_code == 200, r.text
    doc = Document.model_validate(r.json())
    assert doc.article.published == "2024-06-05" and doc.article.title == "T"
    assert all(text[e.span[0]:e.span[1]] for e in doc.events)
    err = _error(client.post("/api/extract", json={"text": "Das ist ein deutscher Text über die Polizei in Berlin."}),
                 400, "E100")
    assert "English" in err["message"]


def test_unexpected_failure_keeps_the_error_shape() -> None:
    from fastapi.testclient import TestClient

    from eventwire.api import create_app
    from eventwire.errors import StoreError

    class Broken:
        def query_events(self, **kw):
            raise RuntimeError("disk on fire")

        def stats(self):
            raise StoreError("the database is locked.", "Retry.")

    with TestClient(create_app(store=Broken()), raise_server_exceptions=False) as c:
        err = _error(c.get("/api/events"), 500, "E699")
        assert "disk on fire" not in err["message"]  # internals stay in the server log
        _error(c.get("/api/health"), 500, "E400")
