"""The corpus store against SQLite (memory and file) and PostgreSQL, with Documents built directly."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from eventwire.dedup import DedupSettings
from eventwire.document import (
    Actor,
    ActorRef,
    Article,
    DateInfo,
    Document,
    Event,
    Place,
    PlaceRef,
    Quote,
    Relation,
)
from eventwire.errors import StoreError
from eventwire.storage import schema
from eventwire.store import Store, normalise_url

MOGADISHU = (2.0371, 45.3438)
KISMAYO = (-0.3582, 42.5454)
SHABAAB = {"name": "al-Shabaab", "canonical": "Al-Shabaab", "kind": "armed_group", "country": "SOM"}
ARMY = {"name": "Somali army", "canonical": "Somali National Army", "kind": "military", "country": "SOM"}


def make_doc(aid: str, *, type: str = "ASSAULT", day: str = "2024-03-02", precision: str = "day",
             actor: dict | None = SHABAAB, recipient: dict | None = None, city: str = "Mogadishu",
             latlon: tuple[float, float] = MOGADISHU, country: str = "SOM", fatalities: int | None = 8,
             sentence: str | None = None, url: str | None = None, source: str | None = "Outlet",
             extra_events: int = 0) -> Document:
    """One article reporting one event (plus ``extra_events`` unrelated ones), as the pipeline would emit it."""
    a_ref = ActorRef(id="a1", **actor) if actor else None
    r_ref = ActorRef(id="a2", **recipient) if recipient else None
    place = PlaceRef(id="p1", name=city, country=country, lat=latlon[0], lon=latlon[1], geo_precision=1)
    sent = sentence or f"{(actor or {}).get('name', 'Someone')} attacked in {city} on {day}."
    events = [Event(id="e1", type=type, actor=a_ref, recipient=r_ref, place=place,
                    date=DateInfo(start=day, end=day, precision=precision, text=day), fatalities=fatalities,
                    sentence=sent, span=(0, len(sent)), trigger="attacked", confidence=0.8)]
    for i in range(extra_events):
        events.append(Event(id=f"e{i + 2}", type="CONSULT", sentence=f"Talks {i} were held.", span=(0, 10),
                            date=DateInfo(start=day, end=day, precision="day")))
    actors = [Actor(id="a1", mentions=[actor["name"]], **actor)] if actor else []
    if recipient:
        actors.append(Actor(id="a2", mentions=[recipient["name"]], **recipient))
    return Document(
        article=Article(id=aid, title=f"Title {aid}", published=day, source=source, url=url or f"https://news.example/{aid}"),
        actors=actors,
        places=[Place(id="p1", name=city, canonical=city, feature="city", country=country, lat=latlon[0], lon=latlon[1],
                      mentions=[city])],
        events=events,
        quotes=[Quote(id="q1", text="We will not stop.", speaker=a_ref, cue="said", span=(5, 22))] if a_ref else [],
        relations=[Relation(type="member_of", subject="a1", object="a2", sentence=sent)] if recipient else [],
    )


def _pg_url() -> str:
    url = os.environ.get("EVENTWIRE_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("EVENTWIRE_TEST_PG_URL is not set: in CI the PostgreSQL tests must run. "
                    "Run ./test.sh (it starts a server), or `. scripts/services.sh; start_postgres`.")
    pytest.skip("EVENTWIRE_TEST_PG_URL not set (run ./test.sh, or `. scripts/services.sh; start_postgres`)")


def _reset_pg(url: str) -> None:
    import sqlalchemy

    eng = sqlalchemy.create_engine(normalise_url(url))
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(params=["sqlite-memory", "sqlite-file", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite-memory":
        yield "sqlite://"
        return
    if request.param == "sqlite-file":
        yield f"sqlite:///{tmp_path / 'ew.db'}"
        return
    url = _pg_url()
    _reset_pg(url)
    yield url
    _reset_pg(url)  # leave the shared test database empty for the next suite (the API's, say)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def test_add_is_idempotent(store):
    doc = make_doc("A1", extra_events=1)
    assert store.add(doc) is True
    before = store.stats()
    assert store.add(doc) is False
    assert store.stats() == before
    assert before["articles"] == 1 and before["events"] == 2 and before["quotes"] == 1


def test_same_text_under_another_id_is_skipped(store):
    body = "Gunmen attacked a checkpoint in Mogadishu on Saturday."
    assert store.add(make_doc("A1"), text=body)
    assert store.has_article("A1")
    assert store.has_article("  gunmen attacked a checkpoint in   Mogadishu on Saturday. ")
    assert not store.has_article("something else entirely")
    assert store.add(make_doc("B-other-id"), text=body) is False
    assert store.stats()["articles"] == 1


def test_document_round_trip(store):
    doc = make_doc("A1", recipient=ARMY, extra_events=2)
    store.add(doc)
    assert Document.model_validate(store.article("A1")) == doc
    assert store.article("missing") is None


def test_reports_of_one_event_merge_and_keep_every_source(store):
    store.add(make_doc("A1", fatalities=8, sentence="Al-Shabaab bombed a checkpoint in Mogadishu."))
    store.add(make_doc("A2", fatalities=6, sentence="A car bomb by al-Shabaab hit Mogadishu."))
    store.add(make_doc("A3", actor=None, fatalities=None, latlon=(2.05, 45.32), sentence="A blast shook Mogadishu."))
    evs = store.query_events()
    assert len(evs) == 1
    ev = evs[0]
    assert ev["n_articles"] == 3 and len(ev["sources"]) == 3
    assert ev["fatalities"] == 6  # the most conservative figure, as ACLED codes it
    assert {s["article_id"] for s in ev["sources"]} == {"A1", "A2", "A3"}
    assert {s["sentence"] for s in ev["sources"]} >= {"A blast shook Mogadishu."}
    src = next(s for s in ev["sources"] if s["article_id"] == "A2")
    assert src["url"] == "https://news.example/A2" and src["title"] == "Title A2" and src["published"] == "2024-03-02"
    assert store.stats()["merged_events"] == 1


@pytest.mark.parametrize("other", [
    {"day": "2024-03-03"},                                        # same city, a day apart
    {"city": "Kismayo", "latlon": KISMAYO},                       # same day, another city
    {"actor": ARMY},                                              # another actor
    {"type": "PROTEST"},                                          # another kind of event
])
def test_near_misses_stay_apart(store, other):
    store.add(make_doc("A1"))
    store.add(make_doc("A2", **other))
    assert len(store.query_events()) == 2


def test_two_events_of_one_article_never_merge(store):
    doc = make_doc("A1")
    doc.events.append(doc.events[0].model_copy(update={"id": "e2"}))
    store.add(doc)
    assert store.stats()["events"] == 2


def test_dedup_can_be_switched_off(db_url):
    with Store(db_url, dedup=DedupSettings(enabled=False)) as s:
        s.add(make_doc("A1"))
        s.add(make_doc("A2"))
        assert s.stats()["events"] == 2
        s.dedup = DedupSettings()
        assert s.rededup() == 1
        assert s.query_events()[0]["n_articles"] == 2


def test_query_filters(store):
    store.add(make_doc("A1", day="2024-03-01"))
    store.add(make_doc("A2", day="2024-03-05", type="PROTEST", actor={"name": "teachers", "kind": "protesters"},
                       city="Kismayo", latlon=KISMAYO))
    store.add(make_doc("A3", day="2024-04-10", actor=ARMY, city="Nairobi", latlon=(-1.2864, 36.8172), country="KEN"))
    ids = lambda evs: [e["sources"][0]["article_id"] for e in evs]  # noqa: E731
    assert ids(store.query_events()) == ["A1", "A2", "A3"]
    assert ids(store.query_events(since="2024-03-02")) == ["A2", "A3"]
    assert ids(store.query_events(until="2024-03-05")) == ["A1", "A2"]
    assert ids(store.query_events(type="protest")) == ["A2"]
    assert ids(store.query_events(actor="shabaab")) == ["A1"]
    assert ids(store.query_events(country="KEN")) == ["A3"]
    assert ids(store.query_events(near=(MOGADISHU[0], MOGADISHU[1], 50))) == ["A1"]
    assert ids(store.query_events(near=(MOGADISHU[0], MOGADISHU[1], 600))) == ["A1", "A2"]
    assert ids(store.query_events(limit=1, offset=1)) == ["A2"]
    assert store.query_events(type="AGREE") == []
    assert store.count_events() == 3 and store.count_events(since="2024-03-02") == 2


def test_aggregates(store):
    store.add(make_doc("A1", day="2024-03-01", fatalities=3))
    store.add(make_doc("A2", day="2024-03-01", fatalities=5))
    store.add(make_doc("A3", day="2024-04-10", type="PROTEST", fatalities=None, city="Kismayo", latlon=KISMAYO))
    by_type = {r["key"]: r for r in store.aggregate_events("type")}
    assert by_type["ASSAULT"]["events"] == 1 and by_type["ASSAULT"]["reports"] == 2
    assert by_type["ASSAULT"]["fatalities"] == 3 and by_type["PROTEST"]["fatalities"] == 0
    assert [(r["key"], r["events"]) for r in store.aggregate_events("month")] == [("2024-03", 1), ("2024-04", 1)]
    assert store.aggregate_events("country", type="PROTEST")[0]["key"] == "SOM"
    with pytest.raises(ValueError):
        store.aggregate_events("weekday")


def test_event_dict_follows_the_contract(store):
    store.add(make_doc("A1", recipient=ARMY))
    ev = store.query_events()[0]
    for key in ("id", "type", "mode", "context", "actor", "recipient", "place", "date", "fatalities", "status",
                "sentence", "span", "confidence", "codes", "sources"):
        assert key in ev
    assert ev["actor"]["canonical"] == "Al-Shabaab" and ev["recipient"]["kind"] == "military"
    assert ev["date"] == {"start": "2024-03-02", "end": "2024-03-02", "precision": "day", "text": "2024-03-02"}
    assert store.event(ev["id"])["sources"] == ev["sources"]


def test_actors_quotes_places_articles(store):
    store.add(make_doc("A1", recipient=ARMY))
    store.add(make_doc("A2", day="2024-03-09"))
    acts = store.actors()
    assert acts[0]["canonical"] == "Al-Shabaab" and acts[0]["articles"] == 2
    assert [a["canonical"] for a in store.actors(kind="military")] == ["Somali National Army"]
    qs = store.quotes(speaker="shabaab")
    assert len(qs) == 2 and qs[0]["text"] == "We will not stop." and qs[0]["article_id"] == "A1"
    assert store.places()[0]["articles"] == 2
    assert [a["id"] for a in store.articles(since="2024-03-05")] == ["A2"]


def test_failed_article_leaves_nothing(store, monkeypatch):
    from eventwire.storage import rows

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rows, "source_row", boom)
    with pytest.raises(RuntimeError):
        store.add(make_doc("A1"))
    stats = store.stats()
    assert stats["articles"] == 0 and stats["events"] == 0 and stats["actors"] == 0


def test_a_refused_article_fails_alone(store):
    from eventwire.storage.store import ArticleRejected

    bad = make_doc("BAD")
    bad.events[0].place.country = "NOT-A-CODE"  # longer than the column allows (PostgreSQL enforces it)
    if store.url.startswith("postgresql"):
        with pytest.raises(ArticleRejected, match="BAD"):
            store.add(bad)
        assert not store.has_article("BAD")
    else:
        assert store.add(bad)  # SQLite does not enforce lengths
    assert store.add(make_doc("GOOD")) and store.has_article("GOOD")


def test_schema_version_and_migrations(db_url):
    with Store(db_url) as s:
        assert s.stats()["schema_version"] == schema.MIGRATIONS[-1][0]
        applied: list[int] = []
        steps = [*schema.MIGRATIONS, (99, "test step", lambda conn: applied.append(99))]
        assert schema.migrate(s.engine.begin, steps) == 99
        assert schema.migrate(s.engine.begin, steps) == 99
        assert applied == [99]  # applied once, then recorded
        with pytest.raises(StoreError, match="newer"):
            schema.migrate(s.engine.begin, schema.MIGRATIONS)


def test_urls():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(StoreError, match="unsupported"):
        Store("mysql://x")
    with pytest.raises(StoreError, match="cannot open"):
        Store("sqlite:////nonexistent-dir/sub/x.db")
