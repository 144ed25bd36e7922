"""Events carried by what people say, beyond speech verbs: evaluations and charges are ACCUSE.

'"The American presence is illegal," Asadi said' -> ACCUSE by Asadi against the United States;
'the ministry called the measures "unacceptable"' -> ACCUSE by the ministry; 'the coalition forces have
committed a heinous crime, the spokesman said' -> ACCUSE by the spokesman against the coalition forces.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..document import ActorRef
from ..knowledge.lexicon import EventLexicon
from .mention import EventMention, tokens
from .roles import RoleContext, actor_inside, np_actor, subject_of
from .status import speech_governor

EVALUATIVE = {"illegal", "illegitimate", "unacceptable", "unlawful", "criminal", "provocative", "reckless",
              "irresponsible", "unjustified", "baseless", "absurd", "outrageous", "barbaric", "heinous",
              "shameful", "hostile", "aggressive", "terrorist", "treacherous", "cowardly", "unprovoked",
              "groundless", "false", "fabricated", "unfounded", "dangerous"}
CHARGES = {"crime", "aggression", "atrocity", "violation", "massacre", "genocide", "terrorism", "transgression",
           "provocation", "act"}
_NAMING = {"call", "describe", "term", "brand", "label", "denounce", "condemn"}


def _speaker(tok: Token, ctx: RoleContext) -> ActorRef | None:
    spk = ctx.quote_speaker(tok)
    if spk is not None:
        return spk
    gov = speech_governor(tok)
    return np_actor(subject_of(gov), ctx) if gov is not None else None




def _mention(tok: Token, lex: EventLexicon, code: str, actor, recipient, note: str) -> EventMention | None:
    entry = lex.entry(code)
    if entry is None or actor is None:
        return None
    if recipient is not None and recipient.id == actor.id:
        recipient = None
    return EventMention(tok, entry, "verb", actor=actor, recipient=recipient, trigger_text=tok.text,
                        confidence=0.55, note=note)


_OBLIGATION = {"must", "should"}
_SAYING = {"say", "declare", "announce", "reiterate", "insist", "conclude", "stress", "state", "tell", "add",
           "warn", "write", "urge"}


def obligations(doc: Doc, mentions: list[EventMention], ctx: RoleContext, lex: EventLexicon) -> list[EventMention]:
    """'X said (that) Y must / should do Z': a demand by X on Y (REQUEST), and Z is its content."""
    have = {m.trigger.i for m in mentions}
    out = []
    for tok in tokens(doc):
        if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in _SAYING or tok.head.i in have:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in tok.children):
            continue
        speaker = np_actor(subject_of(tok.head), ctx)
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        target = np_actor(subj, ctx) if subj is not None and subj.pos_ != "PRON" else None
        m = _mention(tok.head, lex, "100", speaker, target, "obligation stated by the speaker")
        if m is not None:
            have.add(tok.head.i)
            out.append(m)
            for x in mentions:  # what Y must do is the demand's content, not an event
                if x.trigger.i == tok.i or tok.i in {a.i for a in x.trigger.ancestors}:
                    x.content_of = tok.head
    return out


_PROMISE_VERBS = {"offer", "promise", "pledge", "commit", "volunteer"}
_READY = {"ready", "willing", "prepared", "committed", "determined"}


def promises(doc: Doc, mentions: list[EventMention], ctx: RoleContext, lex: EventLexicon) -> list[EventMention]:
    """'offered concessions', 'promised to democratize', 'is ready to contribute troops': AGREE (CAMEO 03)
    by the one who commits, when what is promised is not coded itself (force is a threat, a cooperative act
    an AGREE through rules._commissive)."""
    have = {m.trigger.i for m in mentions}
    coded = {m.trigger.i for m in mentions}  # a promised act that is itself coded needs no second record
    out = []
    for tok in tokens(doc):
        low = tok.lemma_.lower()
        verb = None
        if tok.pos_ == "VERB" and low in _PROMISE_VERBS and any(c.dep_ in ("xcomp", "dobj", "ccomp") for c in tok.children):
            verb = tok
        elif low in _READY and tok.dep_ == "acomp" and any(c.dep_ == "xcomp" for c in tok.children):
            verb = tok
        if verb is None or verb.i in have or any(c.dep_ == "neg" for c in verb.head.children):
            continue
        if any(t.i in coded for t in verb.subtree if t.i != verb.i):
            continue
        host = verb if verb.pos_ == "VERB" else verb.head
        m = _mention(verb, lex, "030", np_actor(subject_of(host), ctx), None, "commitment")
        if m is not None:
            out.append(m)
    return out


def accusations(doc: Doc, mentions: list[EventMention], ctx: RoleContext, lex: EventLexicon) -> list[EventMention]:
    have = {m.trigger.i for m in mentions}
    out: list[EventMention] = []
    for tok in tokens(doc):
        if tok.i in have:
            continue
        low = tok.lemma_.lower()
        m = None
        if low in EVALUATIVE and tok.dep_ in ("acomp", "attr") and tok.head.lemma_ == "be":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if any(c.dep_ == "neg" for c in tok.head.children):
                continue
            m = _mention(tok, lex, "111", _speaker(tok, ctx), actor_inside(subj, ctx, adjectives=True), "evaluation in a statement")
        elif low in EVALUATIVE and tok.dep_ in ("oprd", "xcomp", "ccomp", "dobj") and tok.head.lemma_.lower() in _NAMING:
            verb = tok.head
            if verb.i in have:
                continue
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i), None)
            m = _mention(verb, lex, "111", np_actor(subject_of(verb), ctx), actor_inside(obj, ctx, adjectives=True), "called it " + tok.text)
        elif low in CHARGES and tok.dep_ == "dobj" and tok.head.lemma_.lower() == "commit":
            verb = tok.head
            if low == "act" and not any(c.lemma_.lower() in EVALUATIVE for c in tok.children):
                continue
            m = _mention(verb, lex, "112", _speaker(verb, ctx), np_actor(subject_of(verb), ctx), "charge in a statement")
        elif low == "opposed" and tok.dep_ == "acomp" and tok.head.lemma_ == "be" and tok.head.i not in have:
            if any(c.dep_ == "neg" for c in tok.head.children):
                continue
            to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            m = _mention(tok, lex, "120", np_actor(subj, ctx), actor_inside(pobj, ctx, adjectives=True), "stated opposition")
        elif low in ("responsible", "accountable") and tok.head.lemma_.lower() == "hold" and tok.head.i not in have:
            verb = tok.head  # 'we hold the coalition forces fully responsible'
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            obj = obj or next((c for c in tok.children if c.dep_ in ("nsubj", "dobj")), None)
            m = _mention(verb, lex, "112", np_actor(subject_of(verb), ctx), np_actor(obj, ctx), "held responsible")
        if m is not None:
            have.add(m.trigger.i)
            out.append(m)
    return out
