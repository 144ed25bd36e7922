"""Rules across mentions: claims of responsibility, blame, threats of force, shows of force, modes."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..knowledge.lexicon import EventLexicon
from .mention import EventMention, tokens
from .roles import RoleContext, np_actor, subject_of
from .status import FORCE, speech_governor

_CLAIM_VERBS = {"claim", "take", "accept", "admit", "assume"}
_WEAPONS = {"missile", "rocket", "projectile", "icbm", "warhead"}
_TEST_VERBS = {"fire", "launch", "test", "test-fire"}


def _event_at(tok: Token, mentions: list[EventMention]) -> EventMention | None:
    return next((m for m in mentions if m.trigger.i == tok.i), None)


def responsibility(doc: Doc, mentions: list[EventMention], ctx: RoleContext) -> None:
    """'al-Shabaab claimed responsibility for the attack': al-Shabaab is the attack's actor."""
    for tok in tokens(doc):
        if tok.lemma_.lower() != "responsibility" or tok.dep_ != "dobj":
            continue
        verb = tok.head
        if verb.lemma_.lower() not in _CLAIM_VERBS or any(c.dep_ == "neg" for c in verb.children):
            continue
        claimant = np_actor(subject_of(verb), ctx)
        if claimant is None:
            continue
        for prep in tok.children:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep.lower_ == "for" else None
            m = _event_at(pobj, mentions) if pobj is not None else None
            if m is not None:
                m.actor, m.actor_weak, m.anaphoric = claimant, False, True
                m.note = f"responsibility claimed by {claimant.name}"
                m.confidence = max(m.confidence, 0.7)


def blame(doc: Doc, mentions: list[EventMention], ctx: RoleContext) -> None:
    """'an unclaimed act widely blamed on Israel': Israel as a weakly supported actor of that event."""
    for tok in tokens(doc):
        if tok.lemma_.lower() != "blame" or tok.dep_ not in ("acl", "relcl", "amod"):
            continue
        on = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "on"), None)
        pobj = next((c for c in on.children if c.dep_ == "pobj"), None) if on is not None else None
        who = np_actor(pobj, ctx)
        if who is None:
            continue
        node = tok.head
        for _ in range(6):
            m = _event_at(node, mentions)
            if m is not None and m.type in FORCE:
                if m.actor is None:
                    m.actor, m.actor_weak = who, True
                    m.confidence = min(m.confidence, 0.45)
                    m.note = f"actor not claimed; blamed on {who.name} in the text"
                break
            if node.head is node:
                break
            node = node.head


def _threat(m: EventMention, lex: EventLexicon, ctx: RoleContext) -> EventMention | None:
    """A future or possible use of force said by its actor (or the speaker) is a THREATEN event."""
    gov = speech_governor(m.trigger)
    actor = m.actor
    if gov is not None:
        speaker = np_actor(subject_of(gov), ctx)
        actor = actor if (actor is not None and m.trigger.i > gov.i and _pronoun_subject(m.trigger)) else speaker
        if actor is None:
            actor = m.actor
    if actor is None:
        return None
    entry = lex.entry("138")
    if entry is None:
        return None
    return replace(m, entry=entry, actor=actor, status="asserted", anaphoric=False, fatalities=None,
                   note="threat of force", confidence=0.55)


def _pronoun_subject(tok: Token) -> bool:
    subj = subject_of(tok)
    return subj is not None and subj.pos_ == "PRON"


def _show_of_force(m: EventMention, lex: EventLexicon) -> EventMention:
    """'fired a ballistic missile into the sea' with no target: a show of force (MOBILIZE), not ASSAULT."""
    t = m.trigger
    if m.type != "ASSAULT" or m.recipient is not None or t.lemma_.lower() not in _TEST_VERBS:
        return m
    objs = {c.lemma_.lower() for c in t.children if c.dep_ == "dobj"}
    if not objs & _WEAPONS:
        return m
    for c in t.children:
        pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
        if pobj is not None and c.lower_ in ("at", "on", "against", "toward", "towards") and pobj.ent_type_ not in ("DATE", "TIME"):
            return m  # fired at / on something: an attack
    entry = lex.entry("150")
    return replace(m, entry=entry, note="weapon launch without a target") if entry else m


def _mode(m: EventMention, lex: EventLexicon) -> EventMention:
    if m.type != "ASSAULT" or m.entry.mode:
        return m
    words = {t.lemma_.lower() for t in m.trigger.subtree} | {c.lemma_.lower() for c in m.trigger.head.children}
    words |= {t.lemma_.lower() for t in m.trigger.sent if t.dep_ in ("compound", "amod") and t.head.i == m.trigger.i}
    for w, (mode, cameo) in lex.assault_modes.items():
        if w in words:
            return replace(m, entry=replace(m.entry, mode=mode, cameo=cameo))
    return m


_ORDER_VERBS = {"order", "deploy", "send", "dispatch", "move", "mobilize", "mobilise", "rush"}
_FORCES = {"military", "police"}
VERBAL = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE", "COOPERATE",
          "AID", "SANCTION", "RETREAT"}


def mobilize(doc: Doc, mentions: list[EventMention], ctx: RoleContext, lex: EventLexicon) -> None:
    """'ordered the army onto the streets', 'deployed troops': MOBILIZE by the one who orders."""
    have = {m.trigger.i for m in mentions}
    entry = lex.entry("154")
    for tok in tokens(doc):
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _ORDER_VERBS or entry is None:
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        ref = np_actor(obj, ctx) if obj is not None else None
        if ref is None or ref.kind not in _FORCES:
            continue
        m = next((x for x in mentions if x.trigger.i == tok.i), None)
        if m is None and tok.i not in have:
            m = EventMention(tok, entry, "verb", trigger_text=tok.text)
            mentions.append(m)
        elif m is not None:
            m.entry = entry
        from .status import classify

        classify(m)
        m.actor, m.recipient = np_actor(subject_of(tok), ctx), None
        if m.actor is None or m.actor.id == ref.id:
            m.actor = ref


def _fold_subject_events(mentions: list[EventMention]) -> list[EventMention]:
    """'the strike targeted a commander': the verb says what the strike did; one mention, the noun's."""
    by_i = {m.trigger.i: m for m in mentions}
    drop = set()
    for m in mentions:
        if m.kind != "verb":
            continue
        subj = next((c for c in m.trigger.children if c.dep_ == "nsubj"), None)
        noun = by_i.get(subj.i) if subj is not None else None
        if noun is not None and noun.kind == "noun" and noun.type == m.type:
            noun.recipient = noun.recipient or m.recipient
            noun.fatalities = noun.fatalities or m.fatalities
            drop.add(m.trigger.i)
    return [m for m in mentions if m.trigger.i not in drop]


def _characterization(m: EventMention, ctx: RoleContext) -> bool:
    """'they occupy the skies of Iraq' in a quote: a present-tense description of another's conduct is
    part of the speaker's accusation, not a dated event of its own."""
    t = m.trigger
    if t.dep_ == "conj" and t.head.pos_ == "VERB" and t.tag_ in ("VB", "VBP", "VBZ"):
        t = t.head  # 'they occupy the skies and violate its airspace'
    if m.kind != "verb" or t.tag_ not in ("VBP", "VBZ") or any(c.dep_ in ("aux", "auxpass") for c in t.children):
        return False
    return ctx.quote_speaker(t) is not None and m.type not in VERBAL


def _prediction(m: EventMention, ctx: RoleContext) -> bool:
    """'warned that such transgressions can undermine efforts': a warning whose content has no actor
    is a prediction, not a threat ('warned that the North would take countermeasures' is one)."""
    t = m.trigger
    if t.lemma_.lower() not in ("warn", "caution"):
        return False
    comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return False
    subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    maybe = any(c.dep_ == "aux" and c.lower_ in ("can", "could", "may", "might") for c in comp.children)
    return maybe and subj is not None and subj.pos_ not in ("PRON", "PROPN") and np_actor(subj, ctx) is None


_COMMISSIVE = {"offer", "promise", "pledge", "commit", "volunteer", "agree"}
_COOPERATIVE = {"AID", "COOPERATE", "CONCEDE", "RETREAT", "SUPPORT", "CONSULT"}


def _commissive(m: EventMention) -> bool:
    """'offered to hand over', 'promised to continue military aid': the promise is AGREE (CAMEO 03)."""
    t = m.trigger
    head = t.head if t.dep_ == "xcomp" else (t.head.head if t.dep_ in ("dobj", "pobj") and t.head.dep_ == "xcomp" else None)
    return m.type in _COOPERATIVE and head is not None and head.lemma_.lower() in _COMMISSIVE


def reshape(mentions: list[EventMention], ctx: RoleContext, lex: EventLexicon) -> list[EventMention]:
    out = []
    for m in _fold_subject_events(mentions):
        if getattr(m, "victims", None) is not None and m.recipient is None:
            m.recipient = np_actor(m.victims, ctx)  # type: ignore[attr-defined]
        if m.content_of is not None:
            continue  # the content of a request, wish or plan, not an event of its own
        if m.type in FORCE and m.status in ("future", "hypothetical"):
            t = _threat(m, lex, ctx)
            if t is not None:
                out.append(t)
            continue
        if m.status == "future" and _commissive(m):
            m = replace(m, entry=lex.entry("030") or m.entry, status="asserted", note="promise / offer")
        if m.status == "hypothetical":
            continue  # a possibility is not an event; prefer fewer, well-supported records
        if _characterization(m, ctx) or _prediction(m, ctx):
            continue
        m = _mode(_show_of_force(m, lex), lex)
        if m.actor is None and not m.anaphoric and (m.type in VERBAL or (m.recipient is None and not m.fatalities)):
            continue  # who said or did it is the heart of a record: none, no record
        if m.actor is not None:
            m.confidence = min(0.95, m.confidence + 0.1)
        out.append(m)
    return out
