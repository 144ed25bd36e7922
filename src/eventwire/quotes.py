"""Quotes stage: direct and partial quotes and who said them (issue 6; rules in docs/quotes.md).

1. Marks -> segments, and scare quotes, nicknames and titles told from a speaker's words
   (``quote_marks``).
2. Attribution: the speech-cue verb beside each quote and the actor it names (``quote_speakers``).
3. Here: which segments are quotes at all, and the speaker carried from quote to quote.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .document import Quote
from .knowledge.quotes import QuoteLexicon, load_quote_lexicon
from .mentions import ActorIndex, doc_text
from .quote_marks import SHORT_WORDS, Seg, is_partial, segments, short_argument, text_span, titled
from .quote_speakers import (
    Attr,
    Speakers,
    attribute,
    cue_after,
    cue_in_previous_sentence,
    from_cue,
    speaker_ref,
)


# The keep test sits here rather than in quote_marks because a split quote ("Therefore," he added,
# "...") is told by its attribution, and quote_speakers already depends on quote_marks.
def _keep(seg: Seg, nxt: Seg | None, doc: Doc, lex: QuoteLexicon) -> tuple[bool, Token | None]:
    """Is this a speaker's quote? (keep, the cue verb when a short quote is a verb's argument)."""
    text = doc_text(doc)[seg.start:seg.end]
    if len(text.split()) > SHORT_WORDS:
        return True, None
    cue = short_argument(seg, doc, lex)
    if cue is not None:
        return True, cue
    # one piece of a quote split by its attribution: "Therefore," he added, "we hold ..."
    if text[:1].isupper() and seg.last in ",.!?" and seg.close is not None:
        stop = nxt.mark if nxt is not None and nxt.para == seg.para else seg.para_end
        return cue_after(text_span(doc, seg.after, stop), seg.last, lex) is not None, None
    return False, None


def _same_sentence(doc: Doc, a: Seg, b: Seg) -> bool:
    sa, sb = doc.char_span(a.mark, a.mark + 1, "expand"), doc.char_span(b.mark, b.mark + 1, "expand")
    return sa is not None and sb is not None and sa.sent.start == sb.sent.start


def _candidates(doc: Doc, lex: QuoteLexicon) -> list[tuple[Seg, Token | None]]:
    """Segments that are a speaker's quote, with the cue verb when a short quote is its argument."""
    found = segments(doc_text(doc))
    kept = []
    for k, seg in enumerate(found):
        keep, cue = _keep(seg, found[k + 1] if k + 1 < len(found) else None, doc, lex)
        if keep:
            kept.append((seg, cue))
    return kept


def _back_fill(out: list[Quote], done: list[Seg], seg: Seg, attr: Attr, actors: ActorIndex) -> None:
    """Paragraphs of one quote, left open, before the attribution: "“...\n“...,” X said."."""
    if not attr.actor or seg.mark != seg.para_start:
        return
    para = seg.para
    for q, s in zip(reversed(out), reversed(done), strict=True):
        if q.speaker is not None or s.close is not None or s.para != para - 1:
            break
        q.speaker, q.cue, para = speaker_ref(actors, attr), attr.cue, s.para


def extract(doc: Doc, actors: ActorIndex) -> list[Quote]:
    """Every direct or partial quote in the article, with its speaker (an actor of ``actors``) and cue."""
    lex = load_quote_lexicon()
    kept = _candidates(doc, lex)
    segs = [s for s, _ in kept]
    sp = Speakers(doc, actors, lex)
    out: list[Quote] = []
    done: list[Seg] = []
    prev_attr: Attr | None = None
    for k, (seg, cue) in enumerate(kept):
        prev, nxt = segs[k - 1] if k else None, segs[k + 1] if k + 1 < len(segs) else None
        partial = not seg.cont and is_partial(seg, doc, lex)
        cue = cue or attribute(seg, prev, nxt, doc, lex)
        if cue is None and not partial and not (prev and prev.para == seg.para):
            cue = cue_in_previous_sentence(seg, segs, doc, sp)  # "X said the talks failed. “We ...”"
        inner = text_span(doc, seg.start, seg.end)
        vetted = len(doc_text(doc)[seg.start:seg.end].split()) <= SHORT_WORDS  # short ones passed _keep's tests
        if inner is not None and not vetted and len(inner) < 10 and titled(inner):
            continue  # a title or a name in quotation marks ("The Boys of Summer"), not anybody's words
        if cue is None and partial and not (prev and _same_sentence(doc, prev, seg)):
            if len(doc_text(doc)[seg.start:seg.end].split()) < 8:
                continue  # quoted words in the reporter's sentence with nobody saying them: a title, a term
            prev_attr = None
        if cue is not None:
            attr = from_cue(cue, seg, segs, sp)
        elif prev is not None and prev_attr is not None and seg.para - prev.para <= 1:
            attr = prev_attr  # no attribution of its own: the same speaker goes on
        else:
            attr = Attr()
        if attr.actor:
            sp.last.append((attr.actor, attr.name or ""))
        prev_attr = attr
        _back_fill(out, done, seg, attr, actors)
        done.append(seg)
        out.append(Quote(id=f"q{len(out) + 1}", text=doc_text(doc)[seg.start:seg.end],
                         speaker=speaker_ref(actors, attr), cue=attr.cue,
                         span=(seg.start, seg.end), partial=partial))
    return out
