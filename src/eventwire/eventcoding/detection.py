"""Finding event triggers: verbs (with their CAMEO patterns) and licensed event nouns."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..knowledge.lexicon import EventLexicon, LexEntry
from .mention import EventMention, tokens

# Verbs whose object noun is the event ('carried out an attack', 'imposed sanctions', 'held talks').
LIGHT = {"conduct", "carry", "launch", "stage", "hold", "make", "lodge", "issue", "impose", "mount", "reach",
         "sign", "begin", "start", "resume", "continue", "announce", "order", "offer", "open", "unleash",
         "perpetrate", "commit", "execute", "intensify", "escalate", "step", "lead", "organize", "organise",
         "join", "call", "renew", "wage", "level", "file", "express", "slap", "extend", "enter", "agree",
         "conclude", "broker", "seal", "declare", "take", "give", "provide", "deliver", "send",
         "approve", "introduce", "tighten", "expand", "plan", "prepare", "threaten", "vow", "echo", "repeat",
         "reiterate", "voice"}
# Verbs that say an event happened or what it did ('a bomb exploded', 'talks began', 'strikes killed').
OCCUR = {"happen", "occur", "explode", "erupt", "break", "take", "begin", "start", "resume", "continue",
         "kill", "hit", "target", "destroy", "damage", "leave", "claim", "injure", "wound", "end", "follow",
         "come", "spark", "prompt", "trigger", "draw", "fuel", "cause", "coincide", "be"}
# Verbs whose object is an earlier event they react to ('condemned the bombing').
REACT = {"condemn", "denounce", "criticize", "criticise", "blame", "claim", "deny", "praise", "welcome",
         "investigate", "probe", "protest", "mourn", "reject", "support", "back", "respond", "avenge"}
# Verbs that end or ease what their object names ('lifted the blockade', 'ended the talks').
ENDING = {"lift", "end", "ease", "halt", "suspend", "stop", "cancel", "break", "abandon", "withdraw", "shorten",
          "relax", "revoke", "scrap"}
# Words that make a noun a weapon or the like, never an event on its own.
_SKIP_DEPS = {"amod", "compound", "npadvmod"}
_DEFINITE = {"the", "this", "that", "these", "those", "such", "both"}


# en_core_web_sm lemmatizer slips on verbs we need ('staged' -> 'stag')
_LEMMA_FIX = {"stag": "stage", "shel": "shell", "ralli": "rally", "spar": "spare"}


def lemma(tok: Token) -> str:
    low = tok.lemma_.lower()
    return _LEMMA_FIX.get(low, low) if tok.pos_ in ("VERB", "AUX") else low


def _objs(tok: Token) -> tuple[str, ...]:
    return tuple(c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass"))


def _preps(tok: Token) -> tuple[tuple[str, str | None], ...]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative"):
            pobj = next((g.lemma_.lower() for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            out.append((c.lemma_.lower(), pobj))
    return tuple(out)


def verb_entry(tok: Token, lex: EventLexicon) -> LexEntry | None:
    if not lex.knows_verb(lemma(tok)):
        return None
    if tok.lemma_.lower() == "fire" and any(c.dep_ == "nsubjpass" and c.pos_ in ("PROPN", "PRON") for c in tok.children):
        return None  # 'he was fired from his job': a dismissal, not gunfire
    prt = next((c.lemma_.lower() for c in tok.children if c.dep_ == "prt"), None)
    return lex.verb(lemma(tok), prt, _objs(tok), _preps(tok))


def is_possessor(tok: Token) -> bool:
    """'Soleimani’s' parsed as the subject of a gerund: a noun with a possessive case marker."""
    return tok.dep_ in ("nsubj", "poss") and any(c.dep_ == "case" and c.lower_ in ("'s", "’s", "'") for c in tok.children)


def _compound(tok: Token) -> str | None:
    comp = [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1]
    return comp[0].lemma_.lower() if comp else None


def noun_entry(tok: Token, lex: EventLexicon) -> LexEntry | None:
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("PERSON", "GPE", "ORG", "NORP"):
        return None
    lemma = tok.lemma_.lower()
    if lemma.endswith("strikes"):
        lemma = lemma[:-1]
    if not lex.knows_noun(lemma):
        return None
    return lex.noun(lemma, _compound(tok))


def _has_participants(tok: Token) -> bool:
    """A noun with its own actor, target, place or time: 'U.S. strikes in Iraq', 'the killing of X'."""
    for c in tok.children:
        if c.dep_ == "poss":
            return True
        if c.dep_ == "compound" and c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            return True
        if c.dep_ == "amod" and c.ent_type_ in ("GPE", "NORP"):
            return True
        if c.dep_ in ("prep", "acl") and c.lemma_ in ("of", "against", "on", "by", "in", "at", "near", "with",
                                                       "between", "for", "conduct", "carry", "launch", "target"):
            return True
        if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an", "one")):
            pass
    return False


def noun_license(tok: Token) -> str | None:
    """Why a noun trigger is an event here, or None: 'light', 'occur', 'participants', 'react', 'anaphor'."""
    head = tok.head
    det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "predet")), None)
    if tok.dep_ in ("dobj", "nsubjpass") and lemma(head) in LIGHT:
        return "light"
    if tok.dep_ == "pobj" and head.head.lemma_.lower() in ("carry", "go", "take", "call") and head.lemma_ in ("out", "on", "part", "for"):
        return "light"
    if tok.dep_ in ("nsubj", "nsubjpass") and lemma(head) in OCCUR:
        return "occur"
    if _has_participants(tok):
        return "participants"
    if tok.dep_ == "dobj" and lemma(head) in REACT:
        return "react" if det in _DEFINITE else None
    if det in _DEFINITE and det not in ("such",):
        return "anaphor"
    return None


_VERBAL = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE", "SANCTION"}


def detect(doc: Doc, lex: EventLexicon) -> list[EventMention]:
    """Verb and noun triggers; where a verb and its object noun both trigger ('lodged a protest',
    'launched a strike'), one mention is kept: the verb's pattern if it is a speech act, else the noun."""
    found = _detect(doc, lex)
    by_i = {m.trigger.i: m for m in found}
    drop: set[int] = set()
    for m in found:
        if m.kind != "verb":
            continue
        for c in m.trigger.children:
            noun = by_i.get(c.i)
            if noun is None or noun.kind != "noun" or c.dep_ not in ("dobj", "nsubjpass"):
                continue
            if lemma(m.trigger) in REACT:
                continue  # 'condemned the bombing': two events, the condemnation and (a mention of) the bombing
            if lemma(m.trigger) in ENDING:
                drop.add(noun.trigger.i)  # 'lifted the curfew': the lifting is the event
                continue
            default = lex.entry(lex.verbs.get(lemma(m.trigger)))
            pattern_speech = m.entry != default and m.type in _VERBAL
            drop.add(noun.trigger.i if pattern_speech else m.trigger.i)
    return [m for m in found if m.trigger.i not in drop]


def _detect(doc: Doc, lex: EventLexicon) -> list[EventMention]:
    out: list[EventMention] = []
    for tok in tokens(doc):
        if tok.pos_ == "VERB" and tok.dep_ not in _SKIP_DEPS:
            entry = verb_entry(tok, lex)
            if entry is not None:
                nominal = any(c.dep_ in ("poss", "det") or is_possessor(c) for c in tok.children)  # "X's slaying"
                out.append(EventMention(tok, entry, "noun" if nominal else "verb", trigger_text=tok.text))
            continue
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            entry = noun_entry(tok, lex)
            if entry is None:
                continue
            why = noun_license(tok)
            if why is None:
                continue
            comp = _compound(tok)
            text = f"{tok.nbor(-1).text} {tok.text}" if comp and lex.noun(tok.lemma_.lower(), comp) != lex.noun(tok.lemma_.lower()) else tok.text
            m = EventMention(tok, entry, "noun", trigger_text=text, confidence=0.55)
            m.anaphoric = why in ("anaphor", "react") or (why in ("occur", "light") and _bare(tok))
            out.append(m)
    return out


def _bare(tok: Token) -> bool:
    det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
    return det in _DEFINITE and not _has_participants(tok)
