"""The cross-article dedup rule, on hand-made keys; the measured set with gold fields and (slow) the pipeline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.dedup import (
    DedupSettings,
    absorb,
    actor_rel,
    cluster,
    date_rel,
    haversine_km,
    place_rel,
    score,
)

S = DedupSettings()


def key(**kw) -> dict:
    base = {"article_id": "A", "type": "ASSAULT", "status": "asserted", "actor_name": "al-Shabaab",
            "actor_canonical": "Al-Shabaab", "actor_kind": "armed_group", "actor_country": "SOM",
            "recipient_name": None, "place_name": "Mogadishu", "place_country": "SOM", "lat": 2.0371, "lon": 45.3438,
            "geo_precision": 1, "date_start": "2024-05-07", "date_end": "2024-05-07", "date_precision": "day"}
    base.update(kw)
    return base


def actor(name, canonical=None, kind=None, country=None) -> dict:  # noqa: ANN001
    return {"actor_name": name, "actor_canonical": canonical, "actor_kind": kind, "actor_country": country}


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)
    assert haversine_km(2.0371, 45.3438, 2.0371, 45.3438) == 0


@pytest.mark.parametrize("a, b, rel", [
    (actor("al-Shabaab", "Al-Shabaab"), actor("Shabaab fighters", "Al-Shabaab"), "agree"),
    (actor("al-Shabaab", "Al-Shabaab"), actor("Somali army", "Somali National Army"), "conflict"),
    (actor("teachers"), actor("Kenyan teachers"), "agree"),
    (actor("people"), actor("people"), "unknown"),                         # generic: no evidence
    (actor("gunmen", None, "armed_group"), actor("Boko Haram", "Boko Haram", "armed_group"), "unknown"),
    (actor("teachers", None, "protesters"), actor("nurses", None, "protesters"), "conflict"),
    (actor("Hamas", None, "other"), actor("Israel", None, "other"), "conflict"),
    (actor("troops", None, "military", "SOM"), actor("soldiers", None, "military", "KEN"), "conflict"),
    (actor(None), actor("al-Shabaab"), "unknown"),
])
def test_actor_relation(a, b, rel):
    assert actor_rel(a, b, "actor") == rel
    assert actor_rel(b, a, "actor") == rel


def test_place_relation():
    assert place_rel(key(), key(lat=2.05, lon=45.32), S) == "agree"
    assert place_rel(key(), key(lat=-0.3582, lon=42.5454), S) == "conflict"  # Kismayo, 400 km away
    assert place_rel(key(), key(place_country="KEN"), S) == "conflict"
    assert place_rel(key(), key(geo_precision=3, lat=5.0, lon=46.0), S) == "unknown"  # a country centroid
    assert place_rel(key(), key(lat=None, lon=None, place_country=None), S) == "unknown"
    assert place_rel(key(), key(lat=2.3, lon=45.3), DedupSettings(max_km=50)) == "agree"


def test_date_relation():
    assert date_rel(key(), key(), S) == "agree"
    assert date_rel(key(), key(date_start="2024-05-08", date_end="2024-05-08"), S) == "conflict"
    assert date_rel(key(), key(date_start="2024-05-08", date_end="2024-05-08"), DedupSettings(date_window_days=1)) == "agree"
    pub = {"date_start": "2024-05-09", "date_end": "2024-05-09", "date_precision": "publication"}
    assert date_rel(key(), key(**pub), S) == "unknown"  # reported two days later, date not given
    late = {"date_start": "2024-05-12", "date_end": "2024-05-12", "date_precision": "publication"}
    assert date_rel(key(), key(**late), S) == "conflict"
    month = {"date_start": "2024-05-01", "date_end": "2024-05-31", "date_precision": "month"}
    assert date_rel(key(), key(**month), S) == "unknown"
    assert date_rel(key(), key(date_start=None), S) == "unknown"


def test_score_needs_agreements_and_no_conflict():
    assert score(key(), key(article_id="B"), S) is not None
    assert score(key(), key(type="PROTEST"), S) is None
    assert score(key(), key(status="negated"), S) is None
    # Only the date agrees (unknown actor, country-level place): not enough to call it one event.
    weak = key(actor_name=None, actor_canonical=None, geo_precision=3)
    assert score(key(), weak, S) is None
    assert score(key(), weak, DedupSettings(min_agreements=1)) is not None


def test_mutual_events_may_swap_roles():
    a = key(type="AGREE", recipient_name="Somali army", recipient_canonical="Somali National Army",
            recipient_kind="military", recipient_country="SOM")
    b = key(type="AGREE", article_id="B", actor_name=a["recipient_name"], actor_canonical=a["recipient_canonical"],
            actor_kind="military", actor_country="SOM", recipient_name=a["actor_name"],
            recipient_canonical=a["actor_canonical"], recipient_kind="armed_group", recipient_country="SOM")
    assert score(b, a, S) is not None
    # Who attacked whom matters: the same swap does not merge two assaults.
    assert score({**b, "type": "ASSAULT"}, {**a, "type": "ASSAULT"}, S) is None


def test_absorb_fills_gaps_and_keeps_the_lowest_toll():
    rep = key(actor_name=None, actor_canonical=None, geo_precision=3, fatalities=8, date_precision="publication")
    upd = absorb(rep, key(fatalities=6))
    assert upd["actor_canonical"] == "Al-Shabaab" and upd["geo_precision"] == 1
    assert upd["fatalities"] == 6 and upd["date_precision"] == "day"
    assert absorb(key(fatalities=5), key(fatalities=9)) == {}


def test_cluster_offline():
    keys = [key(article_id="A"), key(article_id="B"), key(article_id="C", date_start="2024-05-08",
                                                          date_end="2024-05-08"), key(article_id="A")]
    # The second report from article A does not merge with A's first: one article, two events.
    assert cluster(keys) == [0, 0, 1, 2]
    assert cluster(keys, DedupSettings(enabled=False)) == [0, 1, 2, 3]


def _bench():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "ingest.py"
    spec = importlib.util.spec_from_file_location("bench_ingest", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rule_on_the_dedup_set_gold_fields():
    bench = _bench()
    rows = bench.load_set()
    assert len(rows) >= 30 and any(r["gold_event"].startswith("N") for r in rows)
    res = bench.rule_on_gold(rows)
    assert res["precision"] == 1.0 and res["recall"] == 1.0, res


@pytest.mark.slow
def test_dedup_set_through_the_pipeline():
    bench = _bench()
    res = bench.through_pipeline(bench.load_set())
    # Extraction errors (a wrong place, a missed event) cost recall; merges must stay mostly right.
    assert res["precision"] >= 0.75, res
    assert res["true_pairs"] >= 3, res
