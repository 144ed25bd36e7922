"""Builds eventwire's verb lexicon and CAMEO->PLOVER table from the Phoenix / PLOVER source files.

usage: python scripts/build_lexicon.py [--phoenix DIR] [--plover DIR]

Reads  shared/data/phoenix/CAMEO.2.0.txt (PETRARCH verb dictionary, MIT, Open Event Data Alliance)
and    shared/data/plover/CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, Open Event Data Alliance),
writes src/eventwire/knowledge/data/lexicon/verbs.json and data/mappings/cameo2plover.tsv.
The hand-made files beside them (nouns.tsv, verb_overrides.tsv, plover2acled.tsv) are not touched.

A verb block in CAMEO.2.0.txt is '--- HEAD [code] ---', then its verb forms (optionally with their own
[code]; '+A_B' is a phrasal verb), then patterns '- words * words [code]': '*' is the verb, '(P W)' a
prepositional phrase, '{A B}' a phrase, '&SET' a synonym set, '$'/'+' the source/target slots. We keep
what a dependency parse can check cheaply: particle, direct-object head, preposition + object head.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/eventwire/knowledge/data"
SHARED_DATA = ROOT.parent / "shared" / "data"  # ../shared beside the checkout
_CODE = re.compile(r"\[([^\]]*)\]")
_PARTICLES = {"up", "down", "out", "off", "back", "away", "over", "in", "on", "aside", "forward", "together"}


def _code(raw: str) -> str | None:
    """'[042:043]' -> '042', '[:173]' -> '173', '[---]' -> '---' (a pattern that blocks coding)."""
    raw = raw.strip()
    if raw.startswith("---"):
        return "---"
    parts = [p for p in raw.split(":") if p.strip()]
    code = parts[0].strip() if parts else ""
    return code if re.fullmatch(r"\d{2,4}", code) else None


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = line.strip()[1:]
            sets[current] = []
        elif line.startswith("+") and current:
            word = line[1:].split("#")[0].strip().rstrip("_").lower()
            if word:
                sets[current].append(word.replace("_", " "))
    return sets


def _words(text: str, synsets: dict[str, list[str]]) -> list[list[str]]:
    """Pattern text -> list of slots, each a list of alternative lower-case head words."""
    out = []
    for m in re.finditer(r"\{([^}]*)\}|(&\w+)|([A-Z][A-Z'\-_]*)", text):
        if m.group(1):
            out.append([m.group(1).split()[-1].lower().strip("_")])  # the phrase's head: its last word
        elif m.group(2):
            out.append([w.split()[-1] for w in synsets.get(m.group(2)[1:], [])] or ["?"])
        else:
            out.append([m.group(3).lower().strip("_")])
    return out


def parse_pattern(line: str, synsets: dict[str, list[str]]) -> list[dict] | None:
    """'- * (TO BORDER) [154]' -> [{'prep': 'to', 'pobj': 'border', 'code': '154'}]; None if unusable."""
    m = _CODE.search(line)
    if not m or "*" not in line:
        return None
    code = _code(m.group(1))
    if code is None:
        return None
    body = line[1:m.start()].strip()
    pre, post = body.split("*", 1)
    if re.search(r"[A-Z&{]", pre):  # needs a subject word: the parse cannot check it cheaply
        return None
    pps = re.findall(r"\(([^)]*)\)", post)
    bare = re.sub(r"\([^)]*\)", " ", post)
    slots = _words(bare, synsets)
    particle = None
    if slots and len(slots[0]) == 1 and slots[0][0] in _PARTICLES:
        particle = slots.pop(0)[0]
    objs = slots[0] if slots else [None]
    prep, pobjs = None, [None]
    if pps:
        pw = _words(pps[0], synsets)
        if pw:
            prep = pw[0][0]
            pobjs = pw[1] if len(pw) > 1 else [None]
    out = []
    for o in objs:
        for p in pobjs:
            if o is None and p is None and particle is None and prep is None:
                continue
            out.append({k: v for k, v in (("prt", particle), ("obj", o), ("prep", prep), ("pobj", p),
                                          ("code", code)) if v})
    return out


def read_verbs(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets = read_synsets(lines)
    verbs: dict[str, dict] = {}
    blocks: dict[str, list[dict]] = {}
    block = None
    started = False
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if not started or not line.strip() or line.startswith("#"):
            continue
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if head:
            block = head.group(1).lower()
            default = _code(head.group(2))
            blocks[block] = []
            block_default = None if default == "---" else default
            continue
        if block is None:
            continue
        if line.startswith("-"):
            pats = parse_pattern(line.split("#")[0], synsets)
            if pats:
                blocks[block].extend(pats)
            continue
        word_part = line.split("#")[0]
        m = re.match(r"^\+?([A-Z][A-Z_\-']*)", word_part.strip())
        if not m:
            continue
        own = _CODE.search(re.sub(r"\{[^}]*\}", "", word_part))
        code = _code(own.group(1)) if own else block_default
        words = m.group(1).lower().strip("_").split("_")
        lemma, rest = words[0], [w for w in words[1:] if w]
        key = lemma if not rest else f"{lemma} {' '.join(rest)}"
        if key in verbs:
            continue
        verbs[key] = {"block": block, "code": None if code == "---" else code}
    return {"verbs": verbs, "blocks": blocks}


def read_cameo2plover(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)", line)
        if m:
            ctx = ";".join(c.strip() for c in m.group(4).split(";") if c.strip())
            rows.append((m.group(1), m.group(2), m.group(3).strip(), ctx))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--phoenix", default=str(SHARED_DATA / "phoenix"), help="folder with CAMEO.2.0.txt")
    ap.add_argument("--plover", default=str(SHARED_DATA / "plover"), help="folder with CAMEO2PLOVER-2021.txt")
    a = ap.parse_args()
    for path, flag in ((Path(a.phoenix) / "CAMEO.2.0.txt", "--phoenix"), (Path(a.plover) / "CAMEO2PLOVER-2021.txt", "--plover")):
        if not path.exists():
            raise SystemExit(f"{path} not found: pass {flag} DIR (the folder holding {path.name})")
    lex = read_verbs(Path(a.phoenix) / "CAMEO.2.0.txt")
    lex["source"] = "Derived from Phoenix CAMEO.2.0.txt (PETRARCH2 dictionaries, MIT, Open Event Data Alliance)"
    (OUT / "lexicon").mkdir(parents=True, exist_ok=True)
    (OUT / "lexicon/verbs.json").write_text(json.dumps(lex, separators=(",", ":"), sort_keys=True))
    rows = read_cameo2plover(Path(a.plover) / "CAMEO2PLOVER-2021.txt")
    with open(OUT / "mappings/cameo2plover.tsv", "w", encoding="utf-8") as f:
        f.write("# CAMEO code -> PLOVER type, mode, context. From CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8,\n"
                "# Open Event Data Alliance, CC BY-SA 4.0); rebuilt by scripts/build_lexicon.py.\n")
        f.write("cameo\ttype\tmode\tcontext\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    n_pat = sum(len(v) for v in lex["blocks"].values())
    print(f"{len(lex['verbs'])} verbs, {len(lex['blocks'])} blocks, {n_pat} patterns, {len(rows)} CAMEO codes")


if __name__ == "__main__":
    main()
