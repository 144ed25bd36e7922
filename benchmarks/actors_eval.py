"""Actor-stage evaluation: python benchmarks/actors_eval.py [--limit N]

1. ConfliBERT CAMEO NER (shared/data/conflibert_cameo/cameo_ner_train.txt), held-out split = the last
   20% of sentences (fixed, no shuffling; we never train on it). Gold: source (S), target (T) and
   reciprocal (R) actor spans. We measure actor-mention spans against S∪T∪R spans: a gold span is
   found when an actor mention overlaps its head region (lenient) or matches it exactly (strict), and
   the event roles through the full pipeline (event actor -> S, recipient -> T, overlap match).
2. re3d (shared/data/re3d): entity type accuracy (Organisation / Person / Nationality spans that became
   actors get a kind consistent with the type) and alias accuracy (IsSynonymOf pairs between two
   actor-like spans end up as the same actor).
3. Stage cost: the actors stage's time as a share of the spaCy parse on the same texts.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"  # ../shared beside the checkout
ORG_KINDS = {"government", "military", "police", "legislature", "judiciary", "political_party", "armed_group",
             "igo", "ngo", "media", "business", "state", "other", "religious", "civilians", "protesters"}


def conll_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
            cur = []
            continue
        tok, _, tag = line.rpartition(" ")
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def detok(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Detokenised text and gold spans (start, end, role)."""
    text, spans, start, role, last_end = "", [], None, None, 0
    for tok, tag in tokens:
        glue = tok in (",", ".", "'s", "n't", ")", ":", ";", "%", "?", "!", "'") or text.endswith(("(", "$")) or not text
        pos = len(text) + (0 if glue else 1)
        text += ("" if glue else " ") + tok
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            if start is not None:
                spans.append((start, last_end, role))
            start, role = pos, tag[2:]
        elif tag == "O" and start is not None:
            spans.append((start, last_end, role))
            start = None
        last_end = pos + len(tok)
    if start is not None:
        spans.append((start, last_end, role))
    return text, spans


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def conflibert(limit: int | None) -> list[tuple[str, str, str]]:
    import eventwire
    import eventwire.errors

    sents = conll_sentences(DATA / "conflibert_cameo/cameo_ner_train.txt")
    test = sents[int(len(sents) * 0.8):][:limit]
    m_tp = m_strict = m_pred = m_gold = m_hit = 0
    role = {"S": [0, 0, 0], "T": [0, 0, 0]}  # tp, pred, gold
    for toks in test:
        text, gold = detok(toks)
        try:
            doc = eventwire.extract(text)
        except eventwire.errors.InputError:  # a short sentence misread as another language: count as missed
            m_gold += len(gold)
            continue
        ments = {(a.start, a.end) for a in _mentions(doc)}
        m_pred += len(ments)
        m_gold += len(gold)
        m_tp += sum(any(s < e2 and s2 < e for s2, e2 in ments) for s, e, _ in gold)
        m_hit += sum(any(s < e2 and s2 < e for s, e, _ in gold) for s2, e2 in ments)
        m_strict += sum((s, e) in ments for s, e, _ in gold)
        for r in ("S", "T"):
            gs = [(s, e) for s, e, rr in gold if rr in (r, "R")]
            ps = _role_spans(doc, text, "actor" if r == "S" else "recipient")
            role[r][0] += sum(any(s < pe and ps_ < e for ps_, pe in ps) for s, e in gs)
            role[r][1] += len(ps)
            role[r][2] += len(gs)
    rows = []
    p, r, f = prf(m_hit, m_pred, m_gold)
    r = m_tp / m_gold if m_gold else 0.0
    rows.append((f"ConfliBERT CAMEO held-out ({len(test)} sents)", "actor mention recall vs S∪T∪R (overlap)", f"{r:.3f}"))
    rows.append(("", "actor mention exact-span recall", f"{m_strict / max(m_gold, 1):.3f}"))
    rows.append(("", "share of our mentions on a gold S/T/R span", f"{p:.3f}"))
    for k, (tp, npred, ngold) in role.items():
        p, r, f = prf(tp, npred, ngold)
        rows.append(("", f"event {'actor→S' if k == 'S' else 'recipient→T'} P/R/F1 (overlap)", f"{p:.3f}/{r:.3f}/{f:.3f}"))
    return rows


_LAST_INDEX: dict = {}


def _mentions(doc):
    return _LAST_INDEX.get("mentions", [])


def _role_spans(doc, text: str, role: str) -> list[tuple[int, int]]:
    out = []
    for ev in doc.events:
        ref = getattr(ev, role)
        if ref is None:
            continue
        for m in _LAST_INDEX.get("mentions", []):
            if m.ref == ref.id:
                out.append((m.start, m.end))
    return out


def _hook() -> None:
    """Keep the ActorIndex of the last article (mention spans are not in the output document)."""
    from eventwire import actors, pipeline

    orig = actors.extract

    def wrapped(doc, kb, published=None):
        idx = orig(doc, kb, published)
        _LAST_INDEX["mentions"] = idx.mentions
        return idx

    pipeline.actors_stage.extract = wrapped


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def re3d(limit: int | None) -> list[tuple[str, str, str]]:
    import eventwire
    import eventwire.errors

    type_ok = type_n = alias_ok = alias_n = 0
    docs_n = 0
    for sub in sorted(p for p in (DATA / "re3d").iterdir() if p.is_dir()):
        docs = _jsonl(sub / "documents.json")[:limit]
        ents = _jsonl(sub / "entities.json")
        rels = _jsonl(sub / "relations.json")
        for d in docs:
            docs_n += 1
            try:
                doc = eventwire.extract(d["text"])
            except eventwire.errors.InputError:
                continue
            ments = _LAST_INDEX.get("mentions", [])
            kinds = {a.id: a.kind for a in doc.actors}

            def actor_at(b: int, e: int, ments=ments) -> str | None:
                best = [m for m in ments if m.start < e and b < m.end]
                return max(best, key=lambda m: m.end - m.start).ref if best else None
            for en in ents:
                if en["documentId"] != d["_id"] or en["type"] not in ("Organisation", "Person", "Nationality"):
                    continue
                ref = actor_at(en["begin"], en["end"])
                if ref is None:
                    continue
                type_n += 1
                k = kinds.get(ref)
                type_ok += (k == "person") if en["type"] == "Person" else (k in ORG_KINDS)
            for r in rels:
                if r["documentId"] != d["_id"] or r["type"] != "IsSynonymOf" or r["sourceBegin"] > r["targetBegin"]:
                    continue
                a, b = actor_at(r["sourceBegin"], r["sourceEnd"]), actor_at(r["targetBegin"], r["targetEnd"])
                if a is None and b is None:
                    continue
                alias_n += 1
                alias_ok += a is not None and a == b
    return [(f"re3d ({docs_n} docs)", "entity kind consistent with gold type", f"{type_ok / max(type_n, 1):.3f} (n={type_n})"),
            ("", "IsSynonymOf pairs resolved to one actor", f"{alias_ok / max(alias_n, 1):.3f} (n={alias_n})")]


def cost() -> list[tuple[str, str, str]]:
    from eventwire import actors, relations
    from eventwire.pipeline import default_pipeline

    p = default_pipeline()
    texts = [f.read_text(encoding="utf-8") for f in sorted((DATA.parent / "samples").glob("*.txt"))] * 4
    t0 = time.perf_counter()
    docs = list(p.nlp.pipe(texts))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        idx = actors.extract(d, p.kb, "2024-07-31")
        relations.extract(d, idx)
    stage = time.perf_counter() - t0
    return [("samples ×4", "actors+relations time / parse time", f"{stage / parse:.3f}")]


def main() -> None:
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    _hook()
    rows = conflibert(limit) + re3d(limit) + cost()
    w = max(len(r[1]) for r in rows)
    print(f"{'set':44s} {'metric':{w}s} value")
    for s, m, v in rows:
        print(f"{s:44s} {m:{w}s} {v}")


if __name__ == "__main__":
    main()
