"""Roles of nominal events: 'U.S. strikes on X', 'the killing of X', 'Soleimani's slaying', 'attacks by X'."""

from __future__ import annotations

from spacy.tokens import Token

from ..document import ActorRef
from .detection import is_possessor
from .mention import EventMention
from .roles import RoleContext, actor_inside, np_actor, subject_of

# nouns (and gerund lemmas) whose 'of' phrase or possessor is the one it happened to
_PATIENT_NOUNS = {"slay", "kill", "murder", "assassinate", "killing", "slaying", "assassination", "arrest",
                  "detention", "abduction", "kidnapping", "deportation", "expulsion", "release", "torture", "death"}


def noun_roles(m: EventMention, ctx: RoleContext) -> None:
    n = m.trigger
    lemma = n.lemma_.lower()
    for c in n.children:
        if c.dep_ == "poss" or is_possessor(c) or (c.dep_ in ("compound", "amod") and c.i < n.i and c.ent_type_):
            ref = np_actor(c, ctx)
            if ref and m.actor is None:
                m.actor = ref
        elif c.dep_ == "prep":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if c.lower_ == "by" and m.actor is None:
                m.actor = np_actor(pobj, ctx)
            elif c.lower_ == "of" and m.recipient is None and (lemma in _PATIENT_NOUNS or m.type == "ASSAULT"):
                m.recipient = np_actor(pobj, ctx)
            elif c.lower_ in ("against", "on", "at", "with", "between", "to") and m.recipient is None:
                m.recipient = np_actor(pobj, ctx)
            elif c.lower_ == "for" and m.type == "REQUEST" and m.recipient is None:
                m.recipient = actor_inside(pobj, ctx)  # 'demands for the withdrawal of U.S. troops'

    # the poss/compound of a patient noun is its victim: 'Soleimani's slaying'
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in n.children)
    if lemma in _PATIENT_NOUNS and m.recipient is None and m.actor is not None and not has_of:
        m.recipient, m.actor = m.actor, None
    head = n.head
    if m.actor is None and n.dep_ in ("dobj", "nsubjpass", "pobj"):
        verb = head.head if n.dep_ == "pobj" and head.dep_ == "prt" else head
        if n.dep_ == "pobj" and head.head.pos_ == "VERB" and head.lower_ in ("out", "for"):
            verb = head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() not in ("condemn", "denounce", "blame", "criticize"):
            if n.dep_ == "nsubjpass":
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
                m.actor = np_actor(pobj, ctx)
            elif n.dep_ == "dobj" or verb is not head:
                m.actor = np_actor(subject_of(verb), ctx)
    if m.actor is None:
        m.actor = _climb_actor(n, ctx)
    if m.actor and m.recipient and m.actor.id == m.recipient.id:
        m.recipient = None




def _climb_actor(n: Token, ctx: RoleContext) -> ActorRef | None:
    """'the militia involved in attacks on X', 'the group behind the bombing' -> the modified actor."""
    node = n
    for _ in range(3):
        if node.dep_ != "pobj":
            return None
        prep = node.head
        up = prep.head
        if up.dep_ in ("acl", "amod") and up.head.pos_ in ("NOUN", "PROPN"):
            return np_actor(up.head, ctx)
        if up.pos_ in ("NOUN", "PROPN") and prep.lower_ in ("behind",):
            return np_actor(up, ctx)
        node = up
    return None
