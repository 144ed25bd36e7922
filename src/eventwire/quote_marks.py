"""Quote marks -> segments, and the filter that tells a speaker's words from scare quotes and titles.

``segments(text)`` scans the marks paragraph by paragraph, with the typesetting faults of real copy:
straight or curly marks, a quote left open at the end of a paragraph (continued in the next one), an
opening mark used as the closing one (``personnel. “``), stray closing marks. No parse is needed.

Segments of one to three words are scare quotes, nicknames or names (the "combat" mission, John "J.D."
Dorrian) unless they are the argument of a speech verb with a subject ("called the measures
'unacceptable'"): ``short_argument`` finds that verb, ``titled`` spots names and titles, ``is_partial``
quoted words inside the reporter's own sentence. Rules and figures: docs/quotes.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .knowledge.quotes import QuoteLexicon
from .mentions import doc_text

OPENS, CLOSES, STRAIGHT = "“„«", "”»", '"'
TRIM = " \t\r\u00a0\u200b\u200e\u200f\u2060\ufeff"
SENT_END = {".", "!", "?"}
_ARG_DEPS = {"dobj", "oprd", "attr", "ccomp", "xcomp", "acomp", "pobj", "appos", "npadvmod"}
SHORT_WORDS = 3  # a quote of at most this many words needs a speech verb to count


@dataclass
class Seg:
    mark: int  # offset of the opening mark
    start: int  # first character inside the marks (after trimming)
    end: int  # one past the last character inside
    close: int | None  # offset of the closing mark; None when the paragraph ended first
    para: int  # paragraph number (blank lines do not count)
    para_start: int
    para_end: int
    last: str = ""  # the last character inside the marks, a comma included ("..., ” he said")
    cont: bool = False  # opened inside the previous quote: the next paragraph of it, run together

    @property
    def after(self) -> int:
        return self.end if self.close is None else self.close + 1


def _closes_like(line: str, i: int) -> bool:
    """An opening-shaped mark inside an open quote is its (mistyped) closing mark when it ends the
    paragraph or follows the quote's final punctuation: ``personnel. “`` / ``reach, “Caughlin said``."""
    rest = line[i + 1:].strip(TRIM)
    before = line[:i].rstrip(TRIM)
    return not rest or (bool(before) and before[-1] in ",.!?;:—–-")


def _reopens(line: str, i: int) -> bool:
    """An opening mark inside an open quote that starts the next quote: paragraphs run together by a
    scraper (``... them to. “The spirit ...``, ``Read More “We continue ...``), not a nested quote
    (``“He called it “madness” again”``, whose next mark closes it)."""
    if line[i + 1:i + 2].isspace() or not line[i + 1:].strip(TRIM):
        return False
    before = line[:i].rstrip(TRIM)
    if before[-1:] in tuple(".!?…"):
        return True
    if before[-1:] in tuple(",;:—–-"):
        return False
    nxt = next((c for c in line[i + 1:] if c in OPENS or c in CLOSES), "")
    return nxt not in CLOSES


def _closing_shape(line: str, i: int) -> bool:
    """After a word or punctuation and before a space, punctuation or the end: ``word," `` / ``word." ``."""
    after = line[i + 1:i + 2]
    return i > 0 and (line[i - 1].isalnum() or line[i - 1] in ".,;!?") and (not after or after in " \t),.;:")


def _scan(line: str, base: int, para: int) -> list[Seg]:
    segs: list[Seg] = []
    opened: int | None = None
    depth = 0  # nested double quotes (rare: most publishers nest single marks)
    cont = False

    def emit(close: int | None) -> None:
        a, b = opened + 1, (close if close is not None else len(line))
        while a < b and line[a] in TRIM:
            a += 1
        while b > a and line[b - 1] in TRIM:
            b -= 1
        last = line[:b].rstrip(TRIM + "’'")[-1:] if b > a else ""  # "... ‘classics for everyone,’”"
        while b > a and line[b - 1] in TRIM + ",":  # the comma before the attribution is not quoted
            b -= 1
        if b > a:
            segs.append(Seg(base + opened, base + a, base + b, None if close is None else base + close,
                             para, base, base + len(line), last, cont))

    for i, ch in enumerate(line):
        if ch not in OPENS and ch not in CLOSES and ch != STRAIGHT:
            continue
        if opened is None:
            # a closing mark with nothing open is a stray, and so is a straight mark shaped like one
            # (``kapagkumbabaan ," Tagle said`` where the opening mark was lost): ignored
            if ch not in CLOSES and not (ch == STRAIGHT and _closing_shape(line, i)):
                opened, depth, cont = i, 0, False
            continue
        if ch == STRAIGHT and line[opened] != STRAIGHT and not _closes_like(line, i) and (
                depth or (line[i - 1].isspace() and i + 1 < len(line) and not line[i + 1].isspace())):
            depth += -1 if depth else 1  # straight marks nested in a curly quote: “He said "no" to us”
            continue
        if ch in OPENS and not depth and _reopens(line, i):
            emit(i)
            opened, cont = i, True
            continue
        if ch in OPENS and not _closes_like(line, i):
            depth += 1
            continue
        if depth and ch != STRAIGHT:
            depth -= 1
            continue
        emit(i)
        opened = None
    if opened is not None:
        emit(None)  # left open: the quote runs to the end of the paragraph
    return segs


def segments(text: str) -> list[Seg]:
    """Every stretch of text inside quotation marks, paragraph by paragraph."""
    out: list[Seg] = []
    pos, para = 0, 0
    for line in text.split("\n"):
        if line.strip(TRIM):
            out.extend(_scan(line, pos, para))
            para += 1
        pos += len(line) + 1
    return out


def text_span(doc: Doc, a: int, b: int) -> Span | None:
    return doc.char_span(a, b, alignment_mode="contract") if b > a else None


def inside(tok: Token, segs: list[Seg]) -> bool:
    return any(s.mark <= tok.idx < s.after for s in segs)


def titled(inner: Span) -> bool:
    """Names and titles, not quotes: 'also called "Q-West"', 'a story, "The Boys of Summer"'."""
    return all(t.pos_ in ("PROPN", "PUNCT") or t.is_title or (t.is_lower and t.pos_ in ("ADP", "DET", "CCONJ"))
               for t in inner) and any(t.is_title or t.pos_ == "PROPN" for t in inner) and inner[-1].text not in SENT_END


def short_argument(seg: Seg, doc: Doc, lex: QuoteLexicon) -> Token | None:
    """The speech verb whose argument a one- to three-word quote is ("called X 'unacceptable'"); a quote of
    three words may also hang deeper under a speech verb ("said the strikes were 'a strategic mistake'")."""
    inner = text_span(doc, seg.start, seg.end)
    if inner is None:
        return None
    named = titled(inner)
    for tok in inner:
        if inner.start <= tok.head.i < inner.end:
            continue
        head, dep = tok.head, tok.dep_
        if head.lower_ == "as":  # "condemned the launch as a 'reckless act'" (whatever label the parser gave)
            head, dep = head.head, "oprd"
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        if head.lemma_.lower() in lex.short_cues and dep in _ARG_DEPS and own_subject and not named:
            return head
        if len(inner) >= 3 and not named:  # three words: "said the strikes were 'a strategic mistake'"
            return next((a for a in tok.ancestors if a.lemma_.lower() in lex.cues and a.pos_ == "VERB"
                         and any(c.dep_ in ("nsubj", "nsubjpass") for c in a.children)), None)
    return None


def is_partial(seg: Seg, doc: Doc, lex: QuoteLexicon) -> bool:
    """Quoted words inside the reporter's own sentence ("denounced the measures as 'illegal'")."""
    before = doc_text(doc)[seg.para_start:seg.mark].rstrip(TRIM)
    if not before or not before[-1].isalnum():
        return False
    prev = doc.char_span(len(before) + seg.para_start - 1, len(before) + seg.para_start, alignment_mode="expand")
    return prev is None or prev.root.lemma_.lower() not in lex.cues
