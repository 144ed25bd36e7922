"""Numbers killed, from the text: 'killing at least eight people', 'the deaths of three soldiers'."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .mention import EventMention

_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                     "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200, "a": 1, "an": 1})
_DEATH = {"kill", "die", "dead", "death", "killing", "slay", "murder", "execute", "massacre", "fatality",
          "life", "body", "behead"}


def number(tok: Token) -> int | None:
    """'eight' -> 8, '1,200' -> 1200, 'twenty-two' -> 22; None for vague words ('several')."""
    text = tok.lower_.replace(",", "")
    if re.fullmatch(r"\d+", text):
        return int(text)
    if "-" in text:
        parts = text.split("-")
        if all(p in _WORDS for p in parts):
            return sum(_WORDS[p] for p in parts)
    return _WORDS.get(text) if text not in ("a", "an", "dozens", "hundreds") else None


def _count(np: Token) -> int | None:
    for c in np.children:
        if c.dep_ == "nummod":
            return number(c)
    if np.pos_ == "NUM":
        return number(np)
    return None


def _victims(tok: Token) -> Token | None:
    """The noun phrase of those killed for a death word."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma == "die":
            return next((c for c in tok.children if c.dep_ == "nsubj"), None)
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        dep = "nsubjpass" if passive else "dobj"
        return next((c for c in tok.children if c.dep_ == dep), None)
    if tok.pos_ in ("NOUN", "ADJ"):
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            return next((c for c in of.children if c.dep_ == "pobj"), None)
        if lemma == "dead" and tok.head.pos_ in ("NOUN", "NUM"):
            return tok.head
    return None


def deaths(doc: Doc, sent) -> list[tuple[Token, int, Token]]:
    """(death word, number, victims NP) in a sentence."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in _DEATH:
            continue
        np = _victims(tok)
        if np is None:
            continue
        n = _count(np)
        if n is not None and n > 0:
            out.append((tok, n, np))
    return out


def attach(mentions: list[EventMention], doc: Doc) -> None:
    """Give each ASSAULT mention the number killed in its sentence (nearest in the tree)."""
    by_sent: dict[int, list[EventMention]] = {}
    for m in mentions:
        if m.type == "ASSAULT":
            by_sent.setdefault(m.trigger.sent.start, []).append(m)
    for _start, ms in by_sent.items():
        for word, n, np in deaths(doc, ms[0].trigger.sent):
            best = min(ms, key=lambda m: _distance(m.trigger, word))
            best.fatalities = max(best.fatalities or 0, n)
            best.victims = np  # type: ignore[attr-defined]


def _distance(a: Token, b: Token) -> int:
    if a.i == b.i:
        return 0
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            return k + ids_b[t.i]
    return 100 + abs(a.i - b.i)
