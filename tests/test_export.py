"""Contract tests of the exports: exact ACLED/GDELT column lists, PLOVER required keys, round trips."""

from __future__ import annotations

import csv
import json

import pytest
from test_store import ARMY, KISMAYO, make_doc

from eventwire.export import ACLED_COLUMNS, GDELT_COLUMNS, PLOVER_REQUIRED, ExportError, export, guess_format
from eventwire.store import Store

# Written out again here, from the sources, so that an edit of the module's lists cannot pass unnoticed.
ACLED_EXPECTED = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp").split()
GDELT_EXPECTED = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode "
    "Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode "
    "EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type "
    "Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long "
    "Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code "
    "Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName "
    "ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL").split()


@pytest.fixture(scope="module")
def events():
    with Store("sqlite://") as s:
        doc = make_doc("A1", recipient=ARMY, sentence="Al-Shabaab fighters attacked\tSomali troops,\n killing 8.")
        doc.events[0].codes.cameo = "190"
        s.add(doc)
        s.add(make_doc("A2", recipient=ARMY, fatalities=5, source="Other outlet"))
        s.add(make_doc("A3", day="2024-03-04", type="PROTEST", actor={"name": "teachers", "kind": "protesters"},
                       city="Kismayo", latlon=KISMAYO, fatalities=None))
        return s.query_events()


def test_column_lists_are_the_published_ones():
    assert list(ACLED_COLUMNS) == ACLED_EXPECTED and len(ACLED_COLUMNS) == 31
    assert list(GDELT_COLUMNS) == GDELT_EXPECTED and len(GDELT_COLUMNS) == 61
    assert PLOVER_REQUIRED == ("id", "date", "actor", "event")


def test_acled_csv(events, tmp_path):
    out = tmp_path / "e.csv"
    assert export(events, out, "acled", "csv") == 2
    with out.open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ACLED_EXPECTED
    assert all(len(r) == 31 for r in rows)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["event_date"] == "2024-03-02" and first["year"] == "2024" and first["time_precision"] == "1"
    assert first["iso"] == "706" and first["country"] == "Somalia" and first["location"] == "Mogadishu"
    assert first["actor1"] == "Al-Shabaab" and first["inter1"] == "2" and first["inter2"] == "1"
    assert first["interaction"] == "12" and first["fatalities"] == "5"  # the lower of the two reports
    assert first["source"] == "Outlet; Other outlet" and first["event_id_cnty"].startswith("SOM")
    assert float(first["latitude"]) == pytest.approx(2.0371)
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["disorder_type"], second["event_type"]) == ("Demonstrations", "Protests")
    assert second["fatalities"] == "0" and second["interaction"] == "60"


def test_gdelt_tsv_has_61_columns_and_no_header(events, tmp_path):
    out = tmp_path / "e.tsv"
    export(events, out, "gdelt", "tsv")
    lines = out.read_text().splitlines()
    assert len(lines) == 2  # no header, and the tab/newline inside the sentence did not split a row
    cells = [line.split("\t") for line in lines]
    assert all(len(c) == 61 for c in cells)
    row = dict(zip(GDELT_EXPECTED, cells[0], strict=True))
    assert row["SQLDATE"] == "20240302" and row["MonthYear"] == "202403" and row["Year"] == "2024"
    assert row["EventCode"] == "190" and row["EventRootCode"] == "19" and row["QuadClass"] == "4"
    assert row["Actor1Code"] == "SOMREB" and row["Actor2Code"] == "SOMMIL" and row["Actor1Name"] == "AL-SHABAAB"
    assert row["NumArticles"] == "2" and row["ActionGeo_CountryCode"] == "SO"  # GDELT geography uses FIPS
    assert row["SOURCEURL"] == "https://news.example/A1" and len(row["DATEADDED"]) == 14


def test_plover_json_has_required_keys(events, tmp_path):
    out = tmp_path / "e.json"
    export(events, out, "plover", "json")
    recs = json.loads(out.read_text())
    assert len(recs) == 2
    for r in recs:
        assert all(r.get(k) for k in PLOVER_REQUIRED)
    assert recs[0]["event"] == "ASSAULT" and recs[0]["date"] == "2024-03-02" and recs[0]["actor"] == "SOMREB"
    assert recs[0]["actorText"] == "Al-Shabaab" and len(recs[0]["sources"]) == 2


@pytest.mark.parametrize("schema", ["native", "plover", "acled", "gdelt"])
def test_parquet_round_trip(events, tmp_path, schema):
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    export(events, out, schema, "parquet")
    table = pq.read_table(out)
    assert table.num_rows == 2
    if schema == "acled":
        assert table.column_names == ACLED_EXPECTED
        assert table.column("event_date").to_pylist() == ["2024-03-02", "2024-03-04"]
    elif schema == "gdelt":
        assert table.column_names == GDELT_EXPECTED
    elif schema == "native":
        assert table.column("type").to_pylist() == ["ASSAULT", "PROTEST"]
        sources = json.loads(table.column("sources").to_pylist()[0])
        assert {s["article_id"] for s in sources} == {"A1", "A2"}


def test_jsonl_and_geojson(events, tmp_path):
    export(events, tmp_path / "e.jsonl", "native", "jsonl")
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [x["id"] for x in lines] == [e["id"] for e in events]
    export(events, tmp_path / "e.geojson", "acled", "geojson")
    gj = json.loads((tmp_path / "e.geojson").read_text())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 2
    assert gj["features"][0]["geometry"]["coordinates"] == pytest.approx([45.3438, 2.0371])
    assert list(gj["features"][0]["properties"]) == ACLED_EXPECTED


def test_errors_and_format_guess(events, tmp_path):
    with pytest.raises(ExportError, match="unknown schema"):
        export(events, tmp_path / "x", "cameo", "json")
    with pytest.raises(ExportError, match="unknown format"):
        export(events, tmp_path / "x", "native", "xlsx")
    with pytest.raises(ExportError, match="cannot write"):
        export(events, tmp_path / "no" / "dir" / "x.json", "native", "json")
    assert guess_format(tmp_path / "a.parquet", "native") == "parquet"
    assert guess_format(tmp_path / "a.out", "gdelt") == "tsv"
    assert guess_format(tmp_path / "a.out", "acled") == "csv"
