"""Conflict-news toponyms: is each resolved to the right country? One command, one table.

    .venv/bin/python benchmarks/conflict_places.py [--misses]

The names (``benchmarks/data/conflict_toponyms.tsv``, our own annotation) are the towns, provinces and
regions our users' articles carry: Iraq, Syria, Yemen, Libya, Sudan, Somalia, the Sahel, eastern Congo,
Afghanistan, Ukraine, Gaza, Lebanon, Myanmar. Each is read in three ways:
- bare: resolution of the given span in "Fighting was reported in NAME on Monday, officials said." (the
  gazetteer's priors alone: Palma is Majorca's, Beni Bolivia's department);
- in context: the same with "..., officials in COUNTRY said." (the story names the country);
- end to end: the context sentence through the spaCy model and the places stage: found as a place and
  resolved to the country.
A name counts when its reading lies in the country (its ISO3), unresolved counts as a miss.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DATA = Path(__file__).resolve().parent / "data" / "conflict_toponyms.tsv"


def load() -> list[tuple[str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, iso3 = line.split("\t")
            rows.append((name, iso3))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list every name read wrong")
    args = ap.parse_args()

    from eventwire import places
    from eventwire.knowledge import load_knowledge
    from eventwire.pipeline import load_nlp
    from eventwire.settings import Settings

    kb = load_knowledge(Settings())
    gaz = kb.gazetteer
    nlp = load_nlp(Settings(), kb)
    rows = load()
    hits = {"bare": 0, "context": 0, "end to end": 0}
    misses: list[tuple[str, str, str, str]] = []
    for name, iso3 in rows:
        country = gaz.countries[iso3].name
        for way, text in (("bare", f"Fighting was reported in {name} on Monday, officials said."),
                          ("context", f"Fighting was reported in {name} on Monday, officials in {country} said.")):
            start = text.index(name)
            doc = nlp(text) if way == "context" else None  # the country named in the sentence is context
            got = places.resolve_spans(text, [(start, start + len(name))], gaz, doc)
            entry = got[0].entry if got else None
            ok = entry is not None and entry.country == iso3
            hits[way] += ok
            if not ok:
                misses.append((way, name, iso3, f"{entry.name} ({entry.country})" if entry else "unresolved"))
        found = [p for p in places.extract(nlp(text), kb).places if p.name == name]
        ok = bool(found) and found[0].country == iso3
        hits["end to end"] += ok
        if not ok:
            misses.append(("end to end", name, iso3, f"{found[0].canonical} ({found[0].country})" if found else "not found"))
    print(f"{'reading':12} {'names':>5} {'country accuracy':>16}")
    for way, n in hits.items():
        print(f"{way:12} {len(rows):5} {n / len(rows):16.3f}")
    if args.misses:
        for way, name, iso3, got in misses:
            print(f"  {way:10} {name:22} want {iso3}  got {got}")


if __name__ == "__main__":
    main()
