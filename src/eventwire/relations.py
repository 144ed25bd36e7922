"""Relations stage: membership and alliance between actors, from the sentence that states it.

- member_of: "X is one of several groups operating under Y", "X, part of Y", "X, also a member of Y",
  "the armed wing of Y", "Y, including A and B", "Y ... includes A and B".
- allied_with: "the Iran-aligned Axis", "Iran-backed militias", "X, allied with Y", "an ally of Y".
Each relation keeps its sentence; member_of objects are added to the subject's ``affiliations``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .document import Relation
from .mentions import ActorIndex

_MEMBER_NOUNS = frozenset({"member", "part", "faction", "wing", "branch", "affiliate", "unit", "one", "component"})
_UNDER = frozenset({"under", "within"})
_INCLUDE = frozenset({"include", "including", "comprise", "comprising"})
_ALLY_SUFFIX = ("aligned", "backed", "allied", "sponsored", "supported")


def extract(doc: Doc, actors: ActorIndex) -> list[Relation]:
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(kind: str, subj: str | None, obj: str | None, sent: Span) -> None:
        if subj and obj and subj != obj and (kind, subj, obj) not in seen:
            seen.add((kind, subj, obj))
            out.append(Relation(type=kind, subject=subj, object=obj, sentence=sent.text.strip()))

    for sent in doc.sents:
        for tok in sent:
            low = tok.lemma_.lower()
            if low in _MEMBER_NOUNS and _has_of(tok) and tok.dep_ in ("attr", "appos", "conj") \
                    or low in _UNDER and tok.head.pos_ == "VERB":
                obj = _first_actor_after(tok, actors)
                add("member_of", _subject(tok, actors, sent), obj, sent)
            elif low in _INCLUDE:
                whole = _includer(tok, actors)
                for part in _listed(tok, actors):
                    add("member_of", part, whole, sent)
            elif tok.text == "-" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in _ALLY_SUFFIX:
                patron = _named_as(doc[tok.i - 1], actors)
                client = _modified_actor(doc[tok.i + 1], actors)
                add("allied_with", client, patron, sent)
            elif low in ("ally", "allied") and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("of", "with", "to"):
                add("allied_with", _subject(tok, actors, sent), _first_actor_after(tok, actors), sent)
    _affiliate(out, actors)
    return out


def _has_of(tok: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("of", "within", "under") for c in tok.children)


def _actor_at(tok: Token, actors: ActorIndex) -> str | None:
    """The named actor at this token; generic ones ('factions', 'fighters') do not take part."""
    ref = actors.at(tok.idx, tok.idx + len(tok.text))
    a = actors.get(ref) if ref else None
    if a is None or (a.canonical is None and a.name[:1].islower()):
        return None
    return ref


def _first_actor_after(tok: Token, actors: ActorIndex) -> str | None:
    """The first actor named in the phrase that follows the trigger ('member of [the IRI]')."""
    for t in sorted(tok.subtree, key=lambda t: t.i):
        if t.i > tok.i:
            ref = _actor_at(t, actors)
            if ref:
                return ref
    return None


def _subject(tok: Token, actors: ActorIndex, sent: Span) -> str | None:
    """Who is the member: the subject of the copula, or the noun an apposition describes."""
    node = tok
    while node.head.i != node.i:
        parent = node.head
        if node.dep_ in ("appos", "acl", "relcl") and parent.pos_ in ("NOUN", "PROPN"):
            ref = _actor_at(parent, actors)
            if ref:
                return ref
        subj = [c for c in parent.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
        if subj:
            return _actor_at(subj[0], actors) or _relative_antecedent(subj[0], actors)
        node = parent
    return None


def _relative_antecedent(tok: Token, actors: ActorIndex) -> str | None:
    # 'the PMF, ... branch that includes ...': 'that' -> branch -> (appos) PMF
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        noun = tok.head.head
        return _actor_at(noun, actors) or (_actor_at(noun.head, actors) if noun.dep_ == "appos" else None)
    return None


def _includer(tok: Token, actors: ActorIndex) -> str | None:
    """The whole of 'Y, including A' / 'Y includes A': the first named actor up the tree, or the subject."""
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "prep":
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                return _actor_at(subj[0], actors) or _relative_antecedent(subj[0], actors)
        if node is not tok:
            ref = _actor_at(node, actors)
            if ref:
                return ref
            if node.dep_ == "appos" and _actor_at(node.head, actors):
                return _actor_at(node.head, actors)
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _listed(tok: Token, actors: ActorIndex) -> list[str]:
    """The actors of 'including A and B' / 'includes A, B and C'."""
    objs = [c for c in tok.children if c.dep_ in ("pobj", "dobj")]
    out: list[str] = []
    for o in objs:
        for t in [o, *[c for c in o.conjuncts]]:
            ref = _actor_at(t, actors) or next((_actor_at(x, actors) for x in t.subtree if _actor_at(x, actors)), None)
            if ref and ref not in out:
                out.append(ref)
    return out


def _named_as(tok: Token, actors: ActorIndex) -> str | None:
    """The actor at this token, or the actor the article names with the same word elsewhere
    ('Iran' in 'Iran-aligned' is a modifier, not a mention, but the article names Iran)."""
    ref = actors.at(tok.idx, tok.idx + len(tok.text))
    if ref:
        return ref
    low = tok.text.lower()
    return next((a.id for a in actors.actors if low in (m.lower() for m in [a.name, *a.mentions])), None)


def _modified_actor(tok: Token, actors: ActorIndex) -> str | None:
    """'Iran-[aligned] Axis of Resistance': the actor the hyphenated adjective modifies."""
    node = tok
    for _ in range(3):
        node = node.head
        ref = _actor_at(node, actors)
        if ref:
            return ref
    return None


def _affiliate(rels: list[Relation], actors: ActorIndex) -> None:
    for r in rels:
        if r.type != "member_of":
            continue
        subj, obj = actors.get(r.subject), actors.get(r.object)
        if subj is None or obj is None:
            continue
        name = obj.canonical or obj.name
        if name not in subj.affiliations:
            subj.affiliations.append(name)
