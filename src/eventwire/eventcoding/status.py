"""Factuality of an event mention: asserted, negated, hypothetical, future (historical is set from the date).

Also the rules that turn content into other events: a threatened use of force is THREATEN by the one
who threatens, and the content of a request ('demanded that Ruto resign') is not an event of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from .mention import EventMention

_MODAL_HYPO = {"could", "may", "might", "should", "can", "must"}
_MODAL_FUT = {"will", "would", "shall", "'ll", "wo"}
_INTENT = {"vow", "pledge", "promise", "plan", "prepare", "intend", "threaten", "aim", "seek", "decide",
           "want", "hope", "expect", "propose", "agree", "offer", "consider", "weigh", "mull", "warn"}
# Verbs whose infinitive complement happened: 'claimed to have killed', 'continued to conduct'.
_IMPLICATIVE = {"claim", "manage", "begin", "start", "continue", "resume", "use", "proceed", "go", "keep",
                "help", "dare", "appear", "seem", "be", "have", "get", "move", "return"}
_NEG_GOVERNORS = {"deny", "refuse", "fail", "avoid", "decline", "halt", "stop", "prevent", "reject", "rule"}
_REQUEST_GOVERNORS = {"demand", "urge", "call", "ask", "appeal", "request", "press", "push", "want", "seek",
                      "insist", "pressure", "hope", "wish", "expect", "fear", "prefer"}
_HYPO_NOUNS = {"plan", "call", "demand", "threat", "risk", "possibility", "prospect", "fear", "calls",
               "appeal", "bid", "effort", "attempt", "push", "vow", "warning", "readiness"}
_SPEECH = {"say", "tell", "add", "warn", "state", "announce", "claim", "vow", "threaten", "insist",
           "declare", "note", "stress", "write", "report"}
FORCE = {"ASSAULT", "COERCE"}


def _modal(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ == "neg":
            return "negated"
    for c in tok.children:
        if c.dep_ == "aux":
            if c.lower_ in _MODAL_HYPO:
                return "hypothetical"
            if c.lower_ in _MODAL_FUT:
                return "future"
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return "hypothetical"
        if c.dep_ == "det" and c.lower_ == "no":
            return "negated"
    return None


def classify(m: EventMention) -> None:
    """Set m.status, m.content_of from the trigger's clause and the clauses above it."""
    tok = m.trigger
    status = _modal(tok)
    node = tok
    # 'is preparing new restrictions', 'are going to strike'
    if status is None and any(c.lower_ in ("going", "about") for c in tok.children if c.dep_ == "aux"):
        status = "future"
    for _ in range(5):
        head = node.head
        if head is node:
            break
        lemma = head.lemma_.lower()
        dep = node.dep_
        if status is None and dep in ("xcomp", "ccomp", "dobj", "pobj", "acl", "advcl", "nsubj", "nsubjpass"):
            hs = _modal(head)
            if hs == "negated" and dep in ("xcomp", "dobj", "nsubj", "nsubjpass", "pobj"):
                status = "negated"
            elif hs in ("future", "hypothetical") and dep in ("xcomp", "dobj", "nsubj", "nsubjpass"):
                status = hs
        if dep in ("xcomp", "ccomp", "dobj") and lemma in _NEG_GOVERNORS and status is None:
            status = "negated"
        if dep == "xcomp" and lemma in _INTENT and status is None:
            status = "future"
        if dep in ("ccomp", "xcomp") and lemma in _REQUEST_GOVERNORS and m.content_of is None:
            m.content_of = head
        if dep == "pobj" and head.head.lemma_.lower() in _HYPO_NOUNS and m.content_of is None:
            m.content_of = head.head
        if dep in ("acl", "compound") and lemma in _HYPO_NOUNS and m.content_of is None:
            m.content_of = head
        if dep in ("ccomp", "conj", "advcl", "relcl") or lemma in _SPEECH:
            break
        node = head
    if status is None and _infinitive(tok):
        status = "future" if tok.head.lemma_.lower() in _INTENT else "hypothetical"
    m.status = status or "asserted"


def _infinitive(tok: Token) -> bool:
    """'to expel the Americans', 'justification to confront them': not (yet) an event, unless the verb
    above says it happened ('claimed to have killed')."""
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB" and tok.head is not tok:
        return _infinitive(tok.head)
    if tok.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return not (tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _IMPLICATIVE)


def speech_governor(tok: Token) -> Token | None:
    """The speech verb whose complement holds ``tok`` ('warned that the North would ...')."""
    node = tok
    for _ in range(6):
        head = node.head
        if head is node:
            return None
        if head.pos_ == "VERB" and head.lemma_.lower() in _SPEECH and node.dep_ in ("ccomp", "xcomp", "dobj"):
            return head
        node = head
    return None
