"""Who did it to whom: actor and recipient of an event mention from the dependency parse.

Active and passive voice, nominal events ('strikes against X', 'the killing of X'), speakers of speech
acts, pronouns ('it said it would retaliate'; 'we' inside a quote is its speaker), generic agents
('police', 'protesters') that the actors stage did not name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..document import ActorRef, Quote
from ..knowledge.lexicon import EventLexicon
from ..mentions import ActorIndex, doc_text
from .mention import EventMention

_SUBJ = ("nsubj", "csubj")
_PERSONAL = {"he", "she", "him", "her", "his"}
_GROUP = {"it", "its", "they", "them", "their"}
_FIRST = {"we", "us", "our", "i", "me", "my"}
_RECIPIENT_PREPS = ("against", "on", "at", "with", "to", "toward", "towards", "upon", "over")
_STATIVE_PASSIVE = {"oppose", "commit", "determine", "prepare"}
_SYMMETRIC = ("AGREE", "CONSULT", "COOPERATE")
_NOUN_ACTOR_PREPS = ("by",)


@dataclass
class RoleContext:
    doc: Doc
    actors: ActorIndex
    quotes: list[Quote]
    lex: EventLexicon
    kb: object | None = None  # eventwire.knowledge.Knowledge, for names the actors stage left out
    published: str | None = None
    _cache: dict[int, ActorRef | None] = field(default_factory=dict)

    def quote_speaker(self, tok: Token) -> ActorRef | None:
        for q in self.quotes:
            if q.span[0] <= tok.idx < q.span[1]:
                return q.speaker
        return None


def _core_span(tok: Token) -> tuple[int, int]:
    """Characters of the noun phrase up to its head (pre-modifiers, not relative clauses or PPs)."""
    left = tok
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "npadvmod", "case"):
            left = c.left_edge if c.left_edge.i < left.i else left
    right = tok
    for c in tok.rights:
        if c.dep_ in ("compound", "appos", "flat") and c.i == right.i + 1:
            right = c
    return left.idx, right.idx + len(right)


def _dateline(tok: Token) -> bool:
    """'NAIROBI —' opening a wire story is a place line, never an actor."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.i < 4 and tok.is_upper and nxt is not None and nxt.text in ("—", "--", "–", "-")


def _np_name(tok: Token, s: int, e: int) -> str | None:
    """The surface name of the role: the noun phrase without determiners and numbers ('Russian diplomats')."""
    words = [t for t in tok.doc.char_span(s, e, alignment_mode="expand") or []
             if t.dep_ not in ("det", "nummod", "quantmod", "punct") and not (t.dep_ == "advmod" and t.i < tok.i)]
    words = [t for t in words if t.head.dep_ != "nummod" and t.pos_ != "NUM"]
    if not words:
        return None
    return doc_text(tok.doc)[words[0].idx: words[-1].idx + len(words[-1])]


def np_actor(tok: Token | None, ctx: RoleContext, depth: int = 0) -> ActorRef | None:
    """The actor a noun phrase headed by ``tok`` refers to, or None."""
    if tok is None or depth > 2:
        return None
    if tok.i in ctx._cache:
        return ctx._cache[tok.i]
    ref = _np_actor(tok, ctx, depth)
    ctx._cache[tok.i] = ref
    return ref


def _np_actor(tok: Token, ctx: RoleContext, depth: int) -> ActorRef | None:
    low = tok.lower_
    if tok.pos_ == "PRON" or low in _FIRST | _GROUP | _PERSONAL:
        return resolve_pronoun(tok, ctx)
    if _dateline(tok):
        return None
    s, e = _core_span(tok)
    aid = ctx.actors.at(tok.idx, tok.idx + len(tok))  # the head itself first: 'the group al-Shabaab'
    if aid is None:
        appos = next((c for c in tok.children if c.dep_ == "appos"), None)
        aid = ctx.actors.at(appos.idx, appos.idx + len(appos)) if appos is not None else None
    if aid:
        found = ctx.actors.get(aid)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if found is not None and found.canonical is None and poss is not None:  # 'its fighters'
            ref = np_actor(poss, ctx, depth + 1)
            if ref is not None:
                return ref
        return ctx.actors.ref(aid)
    aid = ctx.actors.at(s, e)
    if aid:
        return ctx.actors.ref(aid, _np_name(tok, s, e))
    # 'the head of the Nujaba Movement', 'members of the police': the actor is in the of-phrase
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            ref = np_actor(pobj, ctx, depth + 1)
            if ref:
                return ref
    ref = _dictionary_actor(tok, ctx, s, e)
    if ref is not None:
        return ref
    if tok.lemma_.lower() in _GROUP_NOUNS and _definite_bare(tok):
        ref = _group_anaphor(tok, ctx)
        if ref is not None:
            return ref
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None and ctx.lex.agents.get(tok.lemma_.lower()):  # 'its fighters', 'Hamas gunmen'
        ref = np_actor(poss, ctx, depth + 1)
        if ref is not None:
            return ref
    kind = ctx.lex.agents.get(tok.lemma_.lower())
    if not kind:  # 'militia positions', 'police vehicles': the agent is the modifier
        comp = next((c for c in tok.children if c.dep_ == "compound" and ctx.lex.agents.get(c.lemma_.lower())), None)
        if comp is not None:
            tok, kind, s, e = comp, ctx.lex.agents[comp.lemma_.lower()], comp.idx, comp.idx + len(comp)
    if not kind and tok.ent_type_ in _NER_KIND and tok.pos_ == "PROPN":
        kind = _NER_KIND[tok.ent_type_]  # a named actor the dictionary does not know: kept, unresolved
        ent = next((x for x in tok.doc.ents if x.start <= tok.i < x.end), None)
        if ent is not None:
            s, e = ent.start_char, ent.end_char
    if kind and tok.pos_ in ("NOUN", "PROPN"):
        name = doc_text(ctx.doc)[s:e]
        for det in ("the ", "The ", "a ", "A ", "an ", "An "):
            if name.startswith(det):
                name, s = name[len(det):], s + len(det)
        aid = ctx.actors.add(name, s, e, kind=kind)
        return ctx.actors.ref(aid)
    return None


_NER_KIND = {"PERSON": "person", "ORG": "other", "NORP": "other"}
_GROUP_NOUNS = {"group", "organization", "organisation", "faction", "coalition", "alliance",
                "militia", "party", "government", "ministry", "administration", "bloc", "network"}


def _definite_bare(tok: Token) -> bool:
    """'the group', 'the umbrella organization': a back-reference, not a new actor."""
    det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
    named = any(c.ent_type_ for c in tok.children if c.dep_ in ("compound", "amod", "poss"))
    return det in ("the", "this", "that") and not named and not any(c.dep_ == "appos" for c in tok.children)


def _group_anaphor(tok: Token, ctx: RoleContext) -> ActorRef | None:
    """The non-person actor a definite group noun refers to: the previous sentence's subject if it is
    one, else the last non-person actor mentioned before."""
    sent = tok.sent
    if sent.start > 0:
        prev = tok.doc[sent.start - 1].sent
        root = prev.root
        agent = next((c for c in root.children if c.dep_ == "agent"), None)
        subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        subj = subj or next((c for c in root.children if c.dep_ == "nsubj"), None)
        ref = np_actor(subj, ctx) if subj is not None and subj.i != tok.i else None
        if ref is not None and ref.kind != "person":
            return ref
    best = None
    for m in ctx.actors.mentions:
        if m.end <= tok.idx and (best is None or m.end > best.end):
            a = ctx.actors.get(m.ref)
            if a is not None and a.kind not in ("person", None, "state"):
                best = m
    return ctx.actors.ref(best.ref) if best else None


def _dictionary_actor(tok: Token, ctx: RoleContext, s: int, e: int) -> ActorRef | None:
    """A named entity in the role ('U.S. strikes', 'Israeli aircraft') that the actors stage did not
    list: looked up in the actor dictionary and added to the ActorIndex, unresolved names left out."""
    if ctx.kb is None:
        return None
    cands = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod", "poss") and c.i < tok.i]
    for c in cands:
        if c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            ent = next((x for x in tok.doc.ents if x.start <= c.i < x.end), None)
        elif c.pos_ == "PROPN" and not c.ent_type_:  # 'The US' that NER left untagged
            ent = tok.doc[c.i: c.i + 1]
        else:
            continue
        if ent is None:
            continue
        entry = ctx.kb.actors.lookup(ent.text, ctx.published)
        if entry is None:
            continue
        aid = ctx.actors.add(ent.text, ent.start_char, ent.end_char, kind=entry.kind, country=entry.country)
        actor = ctx.actors.get(aid)
        if actor is not None and actor.canonical is None and actor.name == ent.text:
            actor.canonical = entry.canonical
        return ctx.actors.ref(aid, _np_name(tok, s, e) if c is not tok else None)
    return None


def resolve_pronoun(tok: Token, ctx: RoleContext) -> ActorRef | None:
    """'we' in a quote -> its speaker; 'it'/'he' -> the subject of the speech verb above, else the last
    actor mentioned before it."""
    low = tok.lower_
    if low in _FIRST:
        spk = ctx.quote_speaker(tok)
        if spk:
            return spk
    # climb to a clause whose subject is a noun: 'Russia's ministry said it would retaliate'
    node = tok.head
    for _ in range(6):
        subj = next((c for c in sorted(node.children, key=lambda c: -c.i)
                     if c.dep_ in _SUBJ and c.i != tok.i and c.pos_ != "PRON" and not _dateline(c)), None)
        if subj is not None and subj.i < tok.i:
            ref = np_actor(subj, ctx)
            if ref:
                return ref
        if node.head is node:
            break
        node = node.head
    if low in _FIRST:
        return None
    want_person = low in _PERSONAL
    best = None
    for m in ctx.actors.mentions:
        if m.end <= tok.idx and (best is None or m.end > best.end):
            a = ctx.actors.get(m.ref)
            if a is None or (a.kind == "person") != want_person:
                continue
            best = m
    return ctx.actors.ref(best.ref) if best else None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited through conjunction, xcomp, advcl participles and relative clauses."""
    node = verb
    via_conj = False
    for _ in range(4):
        if via_conj and node.dep_ == "ccomp" and not any(c.dep_ == "nsubj" for c in node.children):
            node = node.head  # 'alleged that the strike was launched ... and issued warnings': parse slip
            via_conj = False
            continue
        subj = next((c for c in sorted(node.children, key=lambda c: -c.i) if c.dep_ in _SUBJ and not _dateline(c)),
                    None)
        if subj is not None and subj.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
            return node.head  # 'Moscow and Beijing, which have resisted ...'
        if subj is not None:
            return subj
        if node.dep_ == "conj" and not any(c.dep_ in ("cc", "preconj") for c in (*node.head.children, *node.children)):
            return None  # a 'conjunct' with no 'and' is a parse slip ('a deployment the LSK has challenged')
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head is not node:
            via_conj = node.dep_ == "conj"
            node = node.head
        elif node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head if node.dep_ == "relcl" else None
        else:
            return None
    return None


def _first_conj_other(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "conj"), None)


def _prep_actor(tok: Token, ctx: RoleContext, preps=_RECIPIENT_PREPS) -> ActorRef | None:
    """An actor in the verb's prepositional phrases, then in its object's ('suspend contacts with Russia')."""
    kids = list(tok.children)
    kids += [g for c in kids if c.dep_ == "dobj" for g in c.children]
    for c in kids:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            ref = np_actor(pobj, ctx)
            if ref:
                return ref
    return None


def verb_roles(m: EventMention, ctx: RoleContext) -> None:
    v = m.trigger
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    if passive:
        agent = next((c for c in v.children if c.dep_ == "agent"), None)
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
        m.actor = np_actor(pobj, ctx)
        subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        m.recipient = np_actor(subj, ctx)
        if agent is None and v.lemma_.lower() in _STATIVE_PASSIVE:  # 'Israel is opposed to X': Israel acts
            m.actor, m.recipient = m.recipient, _prep_actor(v, ctx, ("to",))
    else:
        subj = subject_of(v)
        m.actor = np_actor(subj, ctx)
        if m.actor is None and subj is not None and subj.pos_ == "NOUN":
            m.actor_instrument = subj  # type: ignore[attr-defined]  # 'a car bomb killed': no actor
        obj = next((c for c in v.children if c.dep_ in ("dobj", "dative")), None)
        m.recipient = np_actor(obj, ctx)
        if m.type in _SYMMETRIC and m.recipient is None and subj is not None:
            m.recipient = np_actor(_first_conj_other(subj), ctx)
    if m.recipient is None:
        m.recipient = _prep_actor(v, ctx)
    if m.recipient is None and m.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT", "AGREE", "SUPPORT"):
        m.recipient = _complement_recipient(v, m, ctx)
    if m.recipient is None and obj_event_actor(v, ctx) is not None:
        m.recipient = obj_event_actor(v, ctx)
    if m.actor and m.recipient and m.actor.id == m.recipient.id:
        m.recipient = None


def obj_event_actor(v: Token, ctx: RoleContext) -> ActorRef | None:
    """'condemned the U.S. strike': the recipient is the actor of the event object."""
    obj = next((c for c in v.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for c in obj.children:
        if c.dep_ in ("compound", "poss", "amod") and c.i < obj.i:
            ref = np_actor(c, ctx)
            if ref:
                return ref
    return None


def _complement_recipient(v: Token, m: EventMention, ctx: RoleContext) -> ActorRef | None:
    """'demanded that Ruto resign' -> Ruto; 'warned of countermeasures against drills by X' -> X."""
    def other(ref: ActorRef | None) -> ActorRef | None:
        return ref if ref is not None and (m.actor is None or ref.id != m.actor.id) else None

    for c in v.children:
        if c.dep_ not in ("ccomp", "xcomp"):
            continue
        subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON" and other(np_actor(subj, ctx)):
            return np_actor(subj, ctx)
        pobjs = [(g.lower_, x) for g in c.subtree if g.dep_ == "prep" for x in g.children if x.dep_ == "pobj"]
        for prep in ("against", "on", "at", "by"):
            for p, x in pobjs:
                if p == prep and other(np_actor(x, ctx)):
                    return np_actor(x, ctx)
    return None


_INSIDE_DEPS = ("pobj", "compound", "poss", "nmod")


def actor_inside(tok: Token | None, ctx: RoleContext, adjectives: bool = False) -> ActorRef | None:
    """The first actor named inside a phrase, the head first ('demands for the withdrawal of U.S. troops');
    with ``adjectives``, a demonym modifier counts too ('the origin of the American presence' -> U.S.)."""
    if tok is None:
        return None
    ref = np_actor(tok, ctx)
    if ref is not None:
        return ref
    pos = ("PROPN", "NOUN", "ADJ") if adjectives else ("PROPN", "NOUN")
    deps = _INSIDE_DEPS + ("amod",) if adjectives else _INSIDE_DEPS
    for t in tok.subtree:
        if t.i != tok.i and t.pos_ in pos and t.dep_ in deps:
            ref = np_actor(t, ctx)
            if ref is not None:
                return ref
    return None
