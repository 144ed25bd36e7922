"""Dates stage: temporal expressions -> intervals anchored on the publication date; event dates.

``extract(doc, published)`` finds the expressions (spaCy DATE/TIME entities, widened by a few words
spaCy leaves out, plus single words such as "overnight" or "now" that it does not tag), reads each
with ``timex.resolve`` and returns ``TimeExpr`` records. Context decides two things the text alone
cannot: the tense of the clause (a weekday or month in a past-tense clause is the latest one on or
before publication, in a future-tense clause the next one) and the date that anaphoric expressions
("the following year", "a day after") count from. ``event_date`` picks, for an event trigger, the
expression that governs its clause. The rules and figures are in docs/dates.md.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from . import timex, timex_names
from .document import DateInfo
from .mentions import TimeExpr, doc_text

_WIDEN_LEFT = {"earlier", "later", "early", "late", "mid", "mid-", "since", "until"}
_WIDEN_RIGHT = {"ago", "earlier", "later", "after", "before", "previously", "prior"}
_SINGLE = {"overnight", "yesterday", "today", "tonight", "tomorrow", "now", "currently", "nowadays",
           "presently"}
_UNIT_WORDS = {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
               "decade", "decades", "fortnight", "moments", "minutes"}
_NOT_DATE_ENTS = {"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "GPE", "LOC", "NORP"}
_REPORTING = {"say", "tell", "report", "announce", "confirm", "claim", "state", "add", "note", "write"}
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
# Clause links across which a clause shares the time of the clause it hangs from (participles,
# infinitives, conjoined verbs). Relative clauses do not, nor speech (ccomp under a speech verb).
_INHERIT = {"conj", "xcomp", "advcl", "acl", "pcomp", "dep", "prep", "csubj", "oprd"}
_OWN_TIME_MARKS = {"after", "before", "since", "until", "till", "because", "although", "though", "if", "unless",
                   "once"}


def extract(doc: Doc, published: str | None) -> list[TimeExpr]:
    """The calendar-date expressions of a parsed article, in text order (durations left out);
    relative ones without a publication date are kept with precision 'unknown'."""
    anchor = _anchor(published)
    out: list[TimeExpr] = []
    last: timex.Reading | None = None  # the date the text last mentioned: anaphora count from it
    for sp in _candidates(doc):
        reading, sp = _read(doc, sp, anchor, out, last)
        if reading is None or (reading.start is None and reading.kind == "anaphoric"):
            continue  # "a month earlier" with nothing before it to count from: unknown beats wrong
        if reading.start is not None and reading.kind != "present":
            last = reading
        out.append(TimeExpr(sp.start_char, sp.end_char, sp.text, _info(reading, sp.text)))
    return out


def _anchor(published: str | None) -> date | None:
    """The publication day; a date written another way ("July 31, 2024") is read, junk is no anchor."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        r = timex.resolve(published, None)
        return r.start if r is not None and r.precision == "day" and r.kind == "absolute" else None


def publication(published: str | None) -> DateInfo:
    """The fallback date of an event: the publication day, precision 'publication' ('unknown' without)."""
    day = _anchor(published)
    if day is None:
        return DateInfo(precision="unknown")
    return DateInfo(start=day.isoformat(), end=day.isoformat(), precision="publication", text=None)


def event_date(doc: Doc, start: int, end: int, times: list[TimeExpr], published: str | None,
               carried: DateInfo | None = None) -> DateInfo:
    """The date of an event whose trigger is at chars [start, end): the expression governing its
    clause, else ``carried`` (the previous sentence's, when the text continues the same episode), else
    the date of the report that tells it, else the publication date (precision 'publication')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    best = _governing(doc, span.root, times) if span is not None and len(span) else None
    if best is not None and best[0] < _REPORT_TIER:
        return best[1].date
    if carried is not None:
        return carried
    # the date of the report ("..., the spokesman said Tuesday"): the reported event is no later, and
    # nearer than the publication date
    return best[1].date if best is not None else publication(published)


# --- finding the expressions --------------------------------------------------------------------

def _candidates(doc: Doc) -> list[Span]:
    """DATE/TIME entities (adjacent ones merged, widened by 'earlier' / 'ago' / 'after'), plus single
    deictic words spaCy does not tag, in text order."""
    spans: list[tuple[int, int]] = []
    prev = ""
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = ent.start, ent.end
        if spans and "TIME" in (prev, ent.label_) and _adjacent(doc, spans[-1][1], s):
            s = spans.pop()[0]  # "Tuesday" + "night", "15:00 GMT" + "Saturday"
        spans.append((s, e))
        prev = ent.label_
    taken = {i for s, e in spans for i in range(s, e)}
    for tok in doc:
        if tok.i in taken:
            continue
        if tok.lower_ in _SINGLE and tok.pos_ in ("ADV", "NOUN", "ADJ", "PROPN"):
            spans.append((tok.i, tok.i + 1))
        elif tok.lower_ in _WIDEN_RIGHT and 2 <= tok.i and doc[tok.i - 1].lower_ in _UNIT_WORDS \
                and (doc[tok.i - 2].like_num or doc[tok.i - 2].lower_ in ("a", "an")) \
                and not taken & {tok.i - 1, tok.i - 2}:
            spans.append((tok.i - 2, tok.i))  # "a day [after]" that spaCy did not tag; _widen adds the word
        elif tok.lower_ in ("after", "before") and tok.i and doc[tok.i - 1].lower_ == "hours" \
                and tok.i - 1 not in taken:
            spans.append((tok.i - 1, tok.i))  # "hours after militants fired rockets"
        elif _is_name(tok):
            s, e = _name_span(doc, tok.i, taken)
            spans.append((s, e))
            taken.update(range(s, e))
    spans.sort()
    return [_widen(doc, s, e) for s, e in spans]


def _is_name(tok: Token) -> bool:
    """A capitalised month or weekday name that spaCy left untagged ("September 17", "Thursday")."""
    if not tok.text[:1].isupper() or tok.pos_ != "PROPN" or tok.ent_type_ in _NOT_DATE_ENTS:
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return timex_names.is_date_name(tok.text, nxt is not None and nxt.like_num)


def _name_span(doc: Doc, i: int, taken: set[int]) -> tuple[int, int]:
    s, e = i, i + 1
    while e < len(doc) and e not in taken and (
            (doc[e].like_num and len(doc[e].text) <= 4)
            or (doc[e].text == "," and e + 1 < len(doc) and doc[e + 1].like_num and len(doc[e + 1].text) <= 4)):
        e += 1
    if s > 0 and s - 1 not in taken and doc[s - 1].lower_ in ("last", "next", "this", "early", "late", "mid"):
        s -= 1
    return s, e


def _adjacent(doc: Doc, end: int, start: int) -> bool:
    gap = doc[end:start]
    return len(gap) <= 1 and all(t.text == "," or t.lower_ in ("at", "on") for t in gap)


def _widen(doc: Doc, s: int, e: int) -> Span:
    if s > 0 and doc[s - 1].lower_ in _WIDEN_LEFT - {"since", "until"} and doc[s - 1].sent == doc[s].sent:
        s -= 1
    elif s > 1 and doc[s - 1].lower_ == "in" and doc[s - 2].lower_ in ("later", "earlier") and doc[s].lower_ == "the":
        s -= 2  # "later in the day"
    if e < len(doc) and doc[e].lower_ in _WIDEN_RIGHT and doc[e - 1].lower_ in _UNIT_WORDS:
        e += 1
    return doc[s:e]


# --- reading one expression in context -----------------------------------------------------------

def _read(doc: Doc, sp: Span, anchor: date | None, done: list[TimeExpr],
          last: timex.Reading | None) -> tuple[timex.Reading | None, Span]:
    text = sp.text
    ref = last
    if len(sp) == 1 and sp[0].like_num and _numbered(doc, sp.start):
        return None, sp  # "Resolution 2118", "Flight 1549": a number, not a year
    last_word = sp[-1].lower_
    if last_word in ("after", "before"):
        # "a day after protesters stormed parliament", "two days after the bombing": the expression
        # dates what follows "after", counted back from the date of the clause it hangs from; with no
        # such date ("two years after his diagnosis") it is dropped.
        ref = _clause_ref(doc, sp, done) or (last if sp[-1].dep_ == "mark" else None)
        if ref is None:
            return None, sp
        text = text[: -len(sp[-1].text)] + ("before" if last_word == "after" else "after")
    before = doc[sp.start - 1].lower_ if sp.start else ""
    since = before == "since" or sp[0].lower_ == "since"  # "since June" looks back whatever the tense
    future = not since and _is_future(sp)
    reading = timex.resolve(text, anchor, future=future, ref=ref)
    if reading is None and len(sp) > 1 and sp[0].like_num:  # "CTF 50 last December": the tag took a number
        rest = sp[1:]
        while len(rest) > 1 and rest[0].is_punct:
            rest = rest[1:]
        return _read(doc, rest, anchor, done, last)
    if reading is None or reading.start is None:
        return reading, sp
    if since and reading.kind != "anaphoric":
        end = anchor if anchor and anchor >= reading.start else None
        return timex.Reading(reading.start, end, "range", reading.kind), sp
    return _clip(reading, anchor, future), sp


def _clip(r: timex.Reading, anchor: date | None, future: bool) -> timex.Reading:
    """A unit holding the publication day, in a past-tense clause, ends on that day ("this week" in
    "troops withdrew this week"); in a future-tense clause it starts on it."""
    if anchor is None or r.kind not in ("deictic", "absolute") or r.end is None or not (r.start < anchor < r.end) \
            or r.precision not in ("week", "month", "year"):
        return r
    return timex.Reading(anchor, r.end, "range", r.kind) if future else timex.Reading(r.start, anchor, "range", r.kind)


def _numbered(doc: Doc, i: int) -> bool:
    """Is the number at i one of a list after 'Resolution', 'Flight', ... ("Resolutions 2254 and 2118")?"""
    j = i - 1
    while j >= 0 and i - j <= 6 and (doc[j].like_num or doc[j].lower_ in (",", "and", "or")):
        j -= 1
    return j >= 0 and doc[j].lower_ in timex.tables()["numbered_nouns"]


def _clause_ref(doc: Doc, sp: Span, done: list[TimeExpr]) -> timex.Reading | None:
    if sp[-1].dep_ == "mark":
        sub = _clause(sp[-1].head)
        parent = _clause(sub.head) if sub.head.i != sub.i else sub
    else:
        parent = _clause(sp[-1].head)
    got = _governing(doc, parent, [t for t in done if t.date.start])
    hit = got[1] if got else None
    if hit is None:
        same = [t for t in done if t.date.start and t.start >= sp.sent.start_char]
        hit = same[-1] if same else None
    if hit is None:
        return None
    d = hit.date
    return timex.Reading(date.fromisoformat(d.start), date.fromisoformat(d.end or d.start), d.precision, "")


def _info(r: timex.Reading, text: str) -> DateInfo:
    if r.start is None:
        return DateInfo(start=None, end=None, precision="unknown", text=text)
    return DateInfo(start=r.start.isoformat(), end=r.end.isoformat() if r.end else None,
                    precision=r.precision, text=text)


# --- syntax: clauses, tense, governance ----------------------------------------------------------

def _clause(tok: Token) -> Token:
    """The verb heading the clause of ``tok`` (itself when it is a verb; the root at worst)."""
    seen = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and seen < 50:
        tok, seen = tok.head, seen + 1
    return tok


def _attachment(sp: Span) -> Token:
    """The word the expression modifies: the first head outside it that is not a preposition."""
    if sp[-1].lower_ in ("after", "before") and sp[-1].dep_ == "prep":
        obj = [c for c in sp[-1].children if c.dep_ in ("pobj", "pcomp")]
        if obj:
            return obj[0]  # "two days after the bombing" dates the bombing
    tok = sp.root
    while tok.head.i != tok.i:
        if tok.head.pos_ in ("ADP", "SCONJ") and tok.head.head.i != tok.head.i:
            tok = tok.head
            continue
        return _reported(sp, tok.head)
    return tok


def _reported(sp: Span, head: Token) -> Token:
    """'X pleaded guilty Thursday, the prosecutor announced': a date right after a reported clause
    and before its speech verb belongs to that clause, whatever the parser attached it to."""
    if head.i < sp.end or head.lemma_ not in timex.tables()["speech_verbs"]:
        return head
    for c in head.children:
        if c.dep_ == "ccomp" and c.i < sp.start and max(t.i for t in c.subtree) == sp.start - 1:
            return c
    return head


def _is_future(sp: Span) -> bool:
    """Does the clause the expression modifies speak of the future? (tense rule, docs/dates.md)"""
    v = _clause(_attachment(sp))
    if v.pos_ not in ("VERB", "AUX"):
        return False
    before = sp.doc[sp.start - 1].lower_ if sp.start else ""
    if before in ("until", "till", "through") and v.tag_ != "VBD":
        return True  # "has been postponed until Saturday"
    if v.tag_ in ("VBZ", "VBP") and _headline(sp):
        return False  # headlines tell the past in the present: "Strike kills 20 in Gaza on Tuesday"
    return _verb_future(v)


def _headline(sp: Span) -> bool:
    """A first line without final punctuation, followed by a line break: the article's headline."""
    sent = sp.sent
    text = sent.text.rstrip()
    return sent.start == 0 and not text.endswith((".", "!", "?", '"', "\u201d", ":")) \
        and "\n" in doc_text(sent.doc)[sent.start_char:sent.end_char + 2]


def _verb_future(v: Token, depth: int = 0) -> bool:
    auxes = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX:
        return True
    if "to" in auxes and v.dep_ == "xcomp" and depth < 3:  # "agreed to sell in October": the head's time
        head = _clause(v.head) if v.head.i != v.i else v
        return head.i != v.i and (_verb_future(head, depth + 1) or head.tag_ in ("VBZ", "VBP"))
    if "to" in auxes:
        return True  # purpose or noun-complement infinitive: "a programme to run through June"
    if v.tag_ in ("VBD", "VBN") or auxes & {"did", "was", "were", "had", "has", "have", "been"}:
        # present passive "is expected / is scheduled" looks ahead; other participles are past
        return v.tag_ == "VBN" and bool(auxes & {"is", "are", "am"}) and v.lemma_ not in _REPORTING
    if v.tag_ == "VBG":
        return bool(auxes & {"is", "are", "am", "'s", "'re"})
    if v.tag_ == "VB":
        # "would" is the future of a past report ("said on Wednesday he would withdraw"): past
        return "would" not in auxes  # modal or imperative: "could meet Friday", "meet us on Friday"
    if v.tag_ in ("VBZ", "VBP"):
        return v.lemma_ not in _REPORTING
    return False


def _governing(doc: Doc, trigger: Token, times: list[TimeExpr]) -> tuple[int, TimeExpr] | None:
    """(tier, expression) governing the clause of ``trigger``: attached to the trigger itself, to its
    clause, to a clause it shares time with or, weakest, to the clause that reports it; the nearest
    of the best tier."""
    sent = trigger.sent
    own = _clause(trigger)
    chain = _inherited(own)
    report = {t.i for t in _reporting(chain[-1] if chain else own)}
    best: tuple[int, int, TimeExpr] | None = None
    for t in times:
        if not (sent.start_char <= t.start < sent.end_char):
            continue
        sp = doc.char_span(t.start, t.end, alignment_mode="expand")
        if sp is None or sp.start <= trigger.i < sp.end:
            continue
        tier = _tier(_attachment(sp), trigger, own, chain, report)
        if tier is None or (tier and sp[-1].lower_ in ("after", "before") and sp[-1].dep_ == "prep"):
            continue  # "two days after the bombing" dates the bombing only
        key = (tier, abs(sp.start - trigger.i))
        if best is None or key < best[:2]:
            best = (*key, t)
    return (best[0], best[2]) if best else None


def _tier(att: Token, trigger: Token, own: Token, chain: list[Token], report: set[int]) -> int | None:
    clause = _clause(att)
    if att.i == trigger.i or _noun_path(att, trigger):
        return 0
    if clause.dep_ in ("relcl", "acl") and trigger.pos_ not in ("VERB", "AUX") \
            and trigger in (clause.head, clause.head.head):
        return 0  # "the strike, which happened on Monday"
    if clause.i == own.i:
        return 1
    if clause in chain or (clause.dep_ == "conj" and _clause(clause.head).i == own.i):
        return 2
    if clause.dep_ == "advcl" and clause.tag_ in ("VBG", "VBN") and _clause(clause.head).i == own.i \
            and not any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children):
        return 2  # a participial adjunct shares the main clause's time: "Speaking in 1995, he said"
    if clause.i in report:
        return _REPORT_TIER
    return None


def _noun_path(att: Token, trigger: Token) -> bool:
    """Is ``att`` inside the noun phrase of a nominal trigger ("the killing of X in 2020")?"""
    tok, steps = att, 0
    while tok.i != trigger.i and tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX") and steps < 8:
        tok, steps = tok.head, steps + 1
    return tok.i == trigger.i and trigger.pos_ not in ("VERB", "AUX")


_REPORT_TIER = 3


def _reporting(clause: Token) -> list[Token]:
    """The speech verb that reports ``clause`` ("officials said Tuesday that ...", "..., he said"),
    with the clauses whose time it shares."""
    speech = timex.tables()["speech_verbs"]
    parent = _clause(clause.head)
    if clause.dep_ in ("ccomp", "parataxis") and parent.i != clause.i and parent.lemma_ in speech:
        verb = parent
    else:
        verb = next((c for c in clause.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_ in speech), None)
    if verb is None:
        return []
    return [verb, *_inherited(verb)]


def _inherited(clause: Token) -> list[Token]:
    """The clauses whose time ``clause`` shares, nearest first (see docs/dates.md)."""
    chain: list[Token] = []
    speech = timex.tables()["speech_verbs"]
    while clause.head.i != clause.i and len(chain) < 6:
        parent = _clause(clause.head)
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        linked = clause.dep_ in _INHERIT or (clause.dep_ == "ccomp" and parent.lemma_ not in speech)
        if not linked or (clause.dep_ == "advcl" and marks & _OWN_TIME_MARKS):
            break
        own, up = _tense(clause), _tense(parent)
        if own and up and own != up:
            break  # "ordered ... on Tuesday night ... and has challenged": another time
        clause = parent
        chain.append(clause)
    return chain


def _tense(v: Token) -> str | None:
    """past / present / future for a finite verb, None for participles and infinitives."""
    auxes = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX:
        return "future"
    if v.tag_ == "VBD" or auxes & {"was", "were", "had", "did"}:
        return "past"
    if v.tag_ in ("VBZ", "VBP") or auxes & {"has", "have", "is", "are", "am", "does", "do"}:
        return "present"
    return None
