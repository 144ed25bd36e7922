"""Attribution: the speech-cue verb of a quote and the actor who said it (rules in docs/quotes.md).

The text between a quote and its neighbours (after it first when the quote ends in a comma, before it
when the clause runs into it) is searched for a speech-cue verb (``attribute``); the speaker is the
verb's subject in the dependency parse, mapped to the actor mention at that span (``Speakers``).
Pronouns, definite descriptions ("the secretary") and quotes with no attribution of their own carry
the last speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .document import ActorRef
from .knowledge.quotes import QuoteLexicon
from .mentions import ActorIndex, Mention, doc_text
from .quote_marks import SENT_END, TRIM, Seg, inside, text_span

_DETS = {"a", "an", "the", "one", "another", "some", "this", "that"}
_NP_DEPS = {"compound", "amod", "det", "nummod", "poss", "nmod", "case", "quantmod", "punct"}
_PERSON_PRONOUNS = {"he", "she", "i", "him", "her", "me"}
_PRONOUNS = _PERSON_PRONOUNS | {"they", "it", "we", "them", "us"}


@dataclass
class Attr:
    actor: str | None = None  # actor id
    name: str | None = None
    cue: str | None = None


def _cue_of(tok: Token, lex: QuoteLexicon) -> bool:
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        return True
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.lemma_.lower() in lex.cues:
        return True
    # "released / issued / provided the following statement:", "paid tribute to"
    return any(c.dep_ == "dobj" and c.lemma_.lower() in lex.cue_objects for c in tok.children)


def cue_after(frame: Span | None, last: str, lex: QuoteLexicon) -> Token | None:
    """The attribution after a quote: ``“...,” Cook said.`` / ``“...,” said Col. Lyons``."""
    if frame is None:
        return None
    for k, tok in enumerate(frame):
        if k > 25 or (k > 0 and _sentence_break(tok)):
            return None
        # not "... an analysis that says", not "“...,” pointing to ..."
        if _cue_of(tok, lex) and tok.dep_ not in ("relcl", "acl") and (tok.tag_ != "VBG" or tok.lower_ == "according"):
            if last == "." and any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > tok.i for c in tok.children):
                return None  # "“...done.” Cook said the campaign ..." reports something else
            return tok
    return None


def _cue_before(frame: Span | None, lex: QuoteLexicon) -> Token | None:
    """The attribution before a quote, in the clause that runs into it: ``He added, “...``; after a colon,
    the main verb even when it is no speech verb (``X ended his sermon with a question: “...``)."""
    if frame is None or not len(frame) or frame[-1].text in SENT_END:
        return None
    for k, tok in enumerate(reversed(frame)):
        if k > 0 and tok.i + 1 < len(tok.doc) and _sentence_break(tok.doc[tok.i + 1]):
            break
        if _cue_of(tok, lex):
            return tok
    if frame[-1].text != ":":
        return None
    # the clause's own main verb: a verb of the frame that does not hang on another word of the frame
    tops = [t for t in frame if t.pos_ == "VERB" and (t.head is t or not frame.start <= t.head.i < frame.end)]
    return next((v for v in reversed(tops) if _subject(v) is not None), None)


def _sentence_break(tok: Token) -> bool:
    """A new sentence starts at ``tok`` (the parser's boundary after final punctuation; "Lt. Gen." is none)."""
    if not (tok.is_sent_start and tok.i > 0 and tok.doc[tok.i - 1].text in SENT_END | {"”", '"'}):
        return False
    abbr = tok.doc[tok.i - 2] if tok.i > 1 and tok.doc[tok.i - 1].text == "." else None
    return not (abbr is not None and abbr.is_title and abbr.is_alpha and len(abbr) <= 4)  # "Sgt. Don", "Lt. Gen."


def _subject(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    if cue.lemma_.lower() in ("quote", "cite") and cue.tag_ != "VBN":
        # "they quoted her as saying": the one quoted, not the ones quoting
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects:  # "Kyiv's mayor Vitali Klitschko said" parsed as two subjects: the person, else the nearest
        return min(subjects, key=lambda c: (c.ent_type_ != "PERSON", abs(c.i - cue.i)))
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "as":  # "was quoted / cited as saying"
        return _subject(head.head)
    # "... and said", "said, adding": the subject of the verb they hang on
    if cue.dep_ == "conj" or (cue.dep_ in ("advcl", "xcomp") and cue.tag_ == "VBG"):
        return _subject(head) if head is not cue else None
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and head.head.pos_ == "VERB":
        return _subject(head.head)  # "issued a statement calling on ..."
    return None


class Speakers:
    """Maps a speaker token to an actor id; remembers the last speaker and who holds which title."""

    def __init__(self, doc: Doc, actors: ActorIndex, lex: QuoteLexicon) -> None:
        self.doc, self.actors, self.lex = doc, actors, lex
        self.last: list[tuple[str, str]] = []  # (actor id, name) of every speaker so far
        self._titles: list[tuple[int, str, set[str]]] | None = None  # (offset, actor id, title lemmas)

    def mention(self, tok: Token) -> Mention | None:
        best = None
        for m in self.actors.mentions:
            if m.start < tok.idx + len(tok) and tok.idx < m.end and (best is None or m.end - m.start > best.end - best.start):
                best = m
        return best

    def speaker_like(self, tok: Token) -> bool:
        return (tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                or tok.lemma_.lower() in self.lex.speaker_kinds or self.mention(tok) is not None)

    def titles(self) -> list[tuple[int, str, set[str]]]:
        """Who holds which title ("Defense Secretary Ash Carter" -> secretary), for "the secretary said"."""
        if self._titles is None:
            self._titles = []
            for m in self.actors.mentions:
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:  # "a police commander" is itself titled "commander"
                    own = {span.root.lemma_.lower()} if span.root.pos_ == "NOUN" else set()
                    self._titles.append((m.start, m.ref, _title_words(span.root) | own))
        return self._titles

    def resolve(self, tok: Token, at: int, segs: list[Seg]) -> tuple[str, str] | None:
        """(actor id, name) for the speaker whose head token is ``tok``; ``at`` is the quote's offset."""
        if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
            return self.pronoun(tok.lower_, at, segs)
        if tok.lemma_.lower() in self.lex.cue_objects and self.last and self.mention(tok) is None:
            return self.last[-1]  # "the statement said": the one who issued it, the last speaker
        if tok.ent_type_ != "PERSON":
            # "the head of the bureau, Sheikh X, said" / "The Task Force Commander, Lt. Gen. X, said" /
            # "Family friend and historian Dr X said": the person the title belongs to
            named = [c for c in _title_chain(tok) if c.ent_type_ == "PERSON" or (
                tok.pos_ != "PROPN" and self.mention(tok) is None and (c.pos_ == "PROPN" or self.mention(c)))]
            tok = named[0] if named else tok
        m = self.mention(tok)
        if m is not None:
            return m.ref, m.text
        if tok.pos_ == "PROPN":  # a surname the actors stage left alone: "Tagle" of "Cardinal Luis Tagle"
            same = next((a for a in self.actors.actors if a.kind in (None, "person") and any(
                n.split()[-1:] == [tok.text] for n in [a.name, *a.mentions])), None)
            if same is not None:
                return same.id, tok.text
        left = min((c.left_edge.i for c in tok.lefts if c.dep_ in _NP_DEPS), default=tok.i)
        np = list(self.doc[left:tok.i + 1])
        while np and (np[0].lower_ in _DETS or np[0].is_punct):
            det = np.pop(0).lower_
            if det in ("the", "this", "that") and tok.pos_ != "PROPN":
                found = self.described(tok.lemma_.lower(), at)
                if found:
                    return found
        return self.register(np or [tok], tok)

    def described(self, head: str, at: int) -> tuple[str, str] | None:
        """"the secretary said": the actor most recently given that title before the quote."""
        best = None
        for start, ref, words in self.titles():
            if start < at and head in words and (best is None or start > best[0]):
                best = (start, ref)
        if best is None:
            return self.generic(head, at)
        actor = self.actors.get(best[1])
        return (best[1], actor.name) if actor else None

    def generic(self, head: str, at: int) -> tuple[str, str] | None:
        """"the group said" / "the ministry said": the organisation of that sort named last before the quote."""
        kind = self.lex.speaker_kinds.get(head)
        if kind in (None, "person"):
            return None
        fits = (lambda k: k not in (None, "person", "state", "civilians")) if kind == "other" else (lambda k: k == kind)
        before = [m for m in self.actors.mentions if m.start < at and (a := self.actors.get(m.ref)) and fits(a.kind)]
        if not before:
            return None
        m = max(before, key=lambda m: m.start)
        actor = self.actors.get(m.ref)
        return m.ref, actor.name if actor else m.text

    def register(self, np: list[Token], head: Token) -> tuple[str, str]:
        """An unnamed or unregistered speaker ("a U.S. defense official") becomes an actor record."""
        country, first = None, 0
        for k, t in enumerate(np[:-1]):
            m = self.mention(t)
            if m is not None:  # "U.S." / "Russia's": the speaker's country, not the speaker
                a = self.actors.get(m.ref)
                country = country or (a.country if a else None)
                first = k + 1
        name = doc_text(self.doc)[np[0].idx:head.idx + len(head)]
        start = np[first].idx if first < len(np) else head.idx
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and head.lemma_.lower() not in self.lex.speaker_kinds):
            kind = "person" if head.ent_type_ in ("PERSON", "") else "other"
        else:
            kind = self.lex.speaker_kinds.get(head.lemma_.lower())
        ref = self.actors.add(name, start, head.idx + len(head), kind, country)
        if self._titles is not None:
            self._titles.append((head.idx, ref, {head.lemma_.lower()} | _title_words(head)))
        actor = self.actors.get(ref)
        return ref, (actor.name if actor else name)

    def pronoun(self, word: str, at: int, segs: list[Seg]) -> tuple[str, str] | None:
        """"he added": the subject of the sentence before the quote when it is a fitting actor ("Jones
        disagreed. “...,” he said."), else the last speaker, else the last person named before."""
        person = word in _PERSON_PRONOUNS
        sent = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if sent is not None and sent.sent.start > 0:
            root = self.doc[sent.sent.start - 1].sent.root
            subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            m = self.mention(subj) if subj is not None and not inside(subj, segs) else None
            actor = self.actors.get(m.ref) if m else None
            if actor is not None and (actor.kind == "person") == person:
                return actor.id, actor.name
        for ref, name in reversed(self.last):
            actor = self.actors.get(ref)
            if not person or actor is None or actor.kind in (None, "person"):
                return ref, actor.name if actor else name
        if person:
            people = [m for m in self.actors.mentions if m.start < at and getattr(self.actors.get(m.ref), "kind", None) == "person"]
            if people:
                m = max(people, key=lambda m: m.start)
                return m.ref, m.text
        return None


def _title_chain(tok: Token) -> list[Token]:
    """Heads of the names in apposition or coordination with a title noun (not its "of" phrase)."""
    out, todo = [], [c for c in tok.children if c.dep_ in ("appos", "conj")]
    while todo:
        t = todo.pop(0)
        out.append(t)
        todo += [c for c in t.children if c.dep_ in ("appos", "conj")]
    return out


def _title_words(root: Token) -> set[str]:
    """Title nouns around a name: left compounds/modifiers, appositions ("X, head of Y"), "the commander, X"."""
    words = {c.lemma_.lower() for c in root.lefts if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN")}
    words |= {c.lemma_.lower() for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"}
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        words.add(root.head.lemma_.lower())
    return words


def attribute(seg: Seg, prev: Seg | None, nxt: Seg | None, doc: Doc, lex: QuoteLexicon) -> Token | None:
    """The cue verb of this quote, after it when the quote ends in a comma, else before, else after."""
    after_end = nxt.mark if nxt is not None and nxt.para == seg.para else seg.para_end
    after = cue_after(text_span(doc, seg.after, after_end), seg.last, lex) if seg.close is not None else None
    if after is not None and seg.last in ",?!—–-…" and after.lower_ != "according":
        return after  # "according to" the outlet yields to "X says “...”" before the quote
    lo = prev.after if prev is not None and prev.para == seg.para else seg.para_start
    if lo == seg.mark and seg.para_start > 0:  # a paragraph that opens with the quote: "X said:\n“..."
        intro = doc_text(doc)[:seg.para_start].rstrip(TRIM + "\n")
        if intro.endswith(":") and (prev is None or prev.after <= intro.rfind("\n") + 1):
            return _cue_before(text_span(doc, intro.rfind("\n") + 1, len(intro)), lex)
    return _cue_before(text_span(doc, lo, seg.mark), lex) or after


def _speaker_token(cue: Token, segs: list[Seg], before: bool, doc: Doc, sp: Speakers) -> Token | None:
    """The cue's subject; failing the parse, the nearest named actor beside the cue."""
    subj = _subject(cue)
    if subj is not None and cue.dep_ == "conj" and not sp.speaker_like(subj):
        # "X said the pollution had made him upset and vowed to ...": the parser hung "vowed" on the
        # wrong verb; the speaker is the subject of a speech verb higher up
        subj = next((t for a in cue.ancestors if _cue_of(a, sp.lex) and (t := _subject(a)) is not None
                     and sp.speaker_like(t)), subj)
    if subj is not None and not inside(subj, segs) and subj.tag_ not in ("WDT", "WP"):
        return subj
    side = range(cue.i - 1, cue.sent.start - 1, -1) if before else range(cue.i + 1, min(cue.i + 12, len(doc)))
    named: list[Token] = []
    for i in side:
        tok = doc[i]
        if inside(tok, segs):
            break
        if sp.mention(tok) is not None or tok.ent_type_ in ("PERSON", "ORG") or (not before and tok.pos_ == "PROPN"):
            named.append(tok)  # "added Tagle" parsed as an object: the name after the verb
    # "recalled former NewsChannel 7 reporter Bill Holland": the person before the outlet
    return next((t for t in named if t.ent_type_ == "PERSON"), named[0] if named else None)


def cue_in_previous_sentence(seg: Seg, segs: list[Seg], doc: Doc, sp: Speakers) -> Token | None:
    """A quote with no attribution of its own after "X said ..." in the sentence just before it."""
    here = doc.char_span(seg.mark, seg.mark + 1, alignment_mode="expand")
    if here is None or here.sent.start == 0:
        return None
    before = doc[here.sent.start - 1].sent
    gap = doc_text(doc)[before.end_char:seg.mark].split("\n")[1:-1]
    if any(line.strip(TRIM) for line in gap):  # a whole paragraph in between
        return None
    root = before.root
    subj = _subject(root) if _cue_of(root, sp.lex) and not inside(root, segs) else None
    return root if subj is not None and not inside(subj, segs) and sp.speaker_like(subj) else None


def from_cue(cue: Token, seg: Seg, segs: list[Seg], sp: Speakers) -> Attr:
    tok = _speaker_token(cue, segs, cue.idx < seg.mark, sp.doc, sp)
    who = sp.resolve(tok, seg.mark, segs) if tok is not None else None
    return Attr(*(who or (None, None)), "according to" if cue.lower_ == "according" else cue.lower_)


def speaker_ref(actors: ActorIndex, attr: Attr) -> ActorRef | None:
    """The speaker as named where it was attributed ("Asadi said") when that is a name; the actor's own name
    for descriptions ("the group", "the defense official") and for pronouns."""
    if not attr.actor:
        return None
    named = attr.name if attr.name and any(c.isupper() for c in attr.name) else None
    return actors.ref(attr.actor, named)
