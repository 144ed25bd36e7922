"""Actor mentions: where a text names an actor, and which spans act as one.

Named entities (PERSON, ORG, NORP, GPE acting as an actor, not as a place) and generic agents
("protesters", "U.S. forces", "a U.S. defense official"). A mention's span covers the actor noun phrase
as a whole, so ``ActorIndex.at()`` finds one actor for "U.S. forces". Each mention carries a merge key;
identity across mentions is ``actor_identity``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .knowledge.actors import GROUP_ANAPHORS, LOC_PREPS, WORDS, ActorEntry, clean_name

ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE", "FAC"}
_THINGS = frozenset(WORDS["things"])  # 'military base', 'Framework Agreement': not actors


@dataclass
class Cand:
    """One mention before identity: where it is, what it says, and its key for merging."""

    start: int
    end: int
    text: str  # surface form shown in mentions (determiners, possessive 's stripped)
    key: tuple
    kind: str | None
    country: str | None = None
    entry: ActorEntry | None = None
    forms: list[str] = field(default_factory=list)  # extra surface forms (the bare name inside a titled one)
    show: bool = True  # False for anaphors ("the group"): they point at an actor but do not name it
    tok: int = 0  # index of the head token
    role: str | None = None  # sector from a person's title ('military spokesperson')
    phrase: str = ""  # lemmatised agent phrase ("defense official"), for 'the defense official' anaphors


def ent_at(doc: Doc, i: int) -> Span | None:
    """The entity covering token i, from the IOB tags (``doc.ents`` builds every span on each call)."""
    if not doc[i].ent_type_:
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[i].ent_type_, kb_id=doc[start].ent_kb_id_)


def tok_range(doc: Doc, c: Cand) -> tuple[int, int]:
    """The tokens a mention covers, so later mentions do not claim them again."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (c.tok, c.tok + 1)


def _modifiers(head: Token) -> list[Token]:
    """Tokens left of the head inside its noun phrase (compounds, adjectives, possessors)."""
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "poss", "nmod", "nummod", "det", "npadvmod",
                                                 "quantmod", "case", "punct", "advmod")]
    out: list[Token] = []
    for t in left:
        out.extend(t.subtree)
    return sorted(set(out), key=lambda t: t.i)


def agent_head(doc: Doc, tok: Token, dic) -> tuple[str, str] | None:
    """(kind, phrase) when the noun ``tok`` heads a generic agent: the longest dictionary phrase
    ending at it, by lemma ('riot police', 'security forces' -> 'security force', 'lawmakers')."""
    lemma = tok.lemma_.lower()
    for n in (3, 2):
        if tok.i - n + 1 < 0:
            continue
        words = doc[tok.i - n + 1:tok.i].text.lower().split()
        if len(words) != n - 1:
            continue
        for form in (" ".join([*words, lemma]), " ".join([*words, tok.lower_])):
            kind = dic.agent(form)
            if kind:
                return kind, form
    if tok.pos_ == "PROPN" and lemma.endswith("s"):
        lemma = lemma[:-1]  # 'Coalition Forces' as a proper noun keeps its plural lemma
    kind = dic.agent(lemma) or dic.agent(tok.lower_)
    return (kind, lemma) if kind else None


def agent_mention(doc: Doc, tok: Token, dic, when: str | None) -> Cand | None:
    """A generic agent noun phrase: 'U.S. forces', 'Iraqi lawmakers', 'police', 'a defense official'."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("PERSON", "DATE", "CARDINAL", "TIME", "MONEY"):
        return None
    if tok.dep_ in ("compound", "amod") and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        return None  # 'police officer': the head decides
    hit = agent_head(doc, tok, dic)
    if hit is None or tok.lemma_.lower() in _THINGS:
        return None
    kind, phrase = hit
    mods = [t for t in _modifiers(tok) if t.i < tok.i]
    start_tok = next((t for t in mods if t.dep_ not in ("det", "punct") and t.pos_ not in ("ADP", "ADV", "CCONJ")
                      and t.lower_ not in ("its", "their", "his", "her") and t.lower_ not in LOC_PREPS), None)
    first = start_tok.i if start_tok is not None else tok.i
    if tok.ent_type_ in ("ORG", "NORP", "GPE", "FAC") and tok.ent_iob_ != "B" and doc[tok.i].ent_type_:
        ent = ent_at(doc, tok.i)
        if ent is not None and ent.label_ in ("ORG", "FAC") and dic.lookup(ent.text, when):
            return None  # 'Kenya Defence Forces' is a name, not an agent phrase
    country, org = _owner(doc, mods, dic, when)
    end = tok.i + 1
    if org is None and country is None:
        of_org = _of_owner(doc, tok, dic, when)  # 'commanders of the Lebanese Hezbollah movement'
        if of_org is not None:
            org, end = of_org
        else:
            country, end = _of_country(doc, tok, kind, dic, end)
    span = doc[first:end]
    text = clean_name(span.text)
    if org is not None:  # 'Hamas fighters', 'PMF fighters' -> the organisation itself
        return Cand(span.start_char, span.end_char, org[0], ("dict", org[1].canonical), org[1].kind,
                    org[1].country, org[1], forms=[org[0]], tok=tok.i)
    plural = tok.tag_ in ("NNS", "NNPS") or tok.lemma_.lower() in ("police", "military", "government", "army",
                                                                   "ministry", "parliament", "authorities")
    entry = dic.sector_entry(country, kind) if country and plural else None
    lemmas = " ".join(t.lemma_.lower() for t in span if t.dep_ not in ("det", "nummod", "poss", "punct"))
    if entry is not None:
        key: tuple = ("dict", entry.canonical)
    elif any(t.dep_ == "poss" and t.lower_ in ("its", "their") for t in tok.children):
        key = ("poss", kind, country, lemmas, first)  # 'its fighters': whose depends on the pronoun
    elif plural and kind == "civilians" and country and phrase == "people":
        key = ("agent", "civilians", country, "people")  # 'the Iraqi people' = 'the Iraqis'
    elif plural:
        key = ("agent", kind, country, lemmas)
    else:
        key = ("one", kind, country, lemmas, first)  # one unnamed individual; 'the <phrase>' may join it later
    return Cand(span.start_char, span.end_char, text, key, kind, country, entry, tok=tok.i, phrase=phrase)


def _of_owner(doc: Doc, tok: Token, dic, when: str | None) -> tuple[tuple, int] | None:
    """The organisation in '<agents> of <ORG>': its members act for it."""
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None:
        return None
    ent = next((e for e in (ent_at(doc, i) for i in range(obj.left_edge.i, obj.i + 1))
                if e is not None and e.label_ == "ORG"), None)
    if ent is None or (obj.i >= ent.end and obj.lower_ not in GROUP_ANAPHORS):
        return None
    entry = dic.lookup(clean_name(ent.text), when)
    if entry is None or entry.kind in ("person", "state") or entry.source == "countries":
        return None
    return (clean_name(ent.text), entry), max(ent.end, obj.i + 1)


def _of_country(doc: Doc, tok: Token, kind: str, dic, end: int) -> tuple[str | None, int]:
    """'Government of Guatemala', 'authorities in Pakistan', 'a court in Venezuela' -> the country.
    Troops 'in' a country are often foreign there, so 'in' counts for civil authorities only."""
    preps = ("of", "in") if kind in ("government", "police", "judiciary", "legislature") else ("of",)
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or obj.pos_ != "PROPN":
        return None, end
    iso = dic.country_of(clean_name(doc[obj.left_edge.i:obj.i + 1].text))
    return (iso, obj.i + 1) if iso else (None, end)


def _owner(doc: Doc, mods: list[Token], dic, when: str | None) -> tuple[str | None, tuple | None]:
    """Country (from a demonym / country / possessive) and owning organisation among the modifiers."""
    country, org = None, None
    for t in mods:
        if t.ent_type_ in ("GPE", "NORP") or t.pos_ == "PROPN" or t.tag_ == "JJ":
            ent = ent_at(doc, t.i)
            text = clean_name(ent.text if ent is not None else t.text)
            iso = dic.country_of(text) or dic.country_of(t.text)
            if iso and _hyphened(doc, t):
                continue  # 'U.S.-led', 'Iran-backed': a relation, not the country of the actor
            if iso:
                country = country or iso
                continue
            if ent is not None and ent.label_ in ("ORG", "PERSON") and org is None:
                entry = dic.lookup(text, when)
                if entry is not None and entry.kind not in ("person", "state"):
                    org = (text, entry)
    return country, org


_TALK_VERBS = frozenset(WORDS["talk_verbs"])


def _acts(tok: Token) -> bool:
    """A capital stands for its government as a subject, possessor, agent, or the one spoken to."""
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "appos"):
        return True
    if tok.dep_ == "pobj":
        return tok.head.lower_ in ("with", "by", "against", "from", "to", "toward", "towards", "between")
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in _TALK_VERBS


def _dateline(doc: Doc, ent: Span) -> bool:
    """'MOGADISHU —' opening an article names where it was filed, not an actor."""
    nxt = doc[ent.end] if ent.end < len(doc) else None
    return ent.start <= 2 and nxt is not None and nxt.text in ("\u2014", "-", "--", "\u2013", ",", "(")


def _hyphened(doc: Doc, t: Token) -> bool:
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    return nxt is not None and nxt.text in ("-", "\u2013") and not nxt.whitespace_ and not t.whitespace_


_AIM_VERBS = frozenset(WORDS["aim_verbs"])


def _locative(span: Span) -> bool:
    """'in Iraq', 'near Mogadishu': the entity is a place here, not an actor."""
    head = span.root
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in LOC_PREPS:
        # 'fired rockets at Israel', 'lashed out at Washington': the target, not where it happened
        return not (head.head.lower_ == "at" and head.head.head.lemma_.lower() in _AIM_VERBS)
    return head.dep_ in ("npadvmod",) and head.head.pos_ == "VERB"


def entity_mention(doc: Doc, ent: Span, dic, when: str | None, gaz=None) -> Cand | None:
    """A named entity that acts here; places, datelines and modifiers only ('Iraqi territory') give None."""
    name = clean_name(ent.text)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    entry = dic.lookup(ent.ent_id_ or name, when) if ent.ent_id_ else dic.lookup(name, when)
    if entry is not None and entry.source == "phoenix" and entry.kind == "person" and dic.country_of(entry.canonical):
        # Phoenix files a country's towns under it ("Kharkiv" -> Ukraine) with the entry's oldest role,
        # "person", as its kind: a named town that acts stands for its country's state
        entry = dic.country_entry(dic.country_of(entry.canonical))
    label = ent.label_
    if label == "GPE" and entry is None:
        ent = _misread_person(doc, ent)  # 'police officer Abdullahi Hassan' with 'Hassan' read as a town
        if ent is None:
            return None
        label, name = "PERSON", clean_name(ent.text)
    if label == "NORP":
        return _norp(doc, ent, name, dic)
    if label in ("GPE", "FAC") or (entry is not None and entry.source == "countries"):
        if entry is None or entry.kind not in ("state", "government") or _locative(ent) or _dateline(doc, ent):
            return None
        if ent.root.dep_ in ("compound", "amod", "nmod") and ent.root.head.i >= ent.end:
            # 'U.S. strikes': the country acts; 'U.S.-Iraq agreement', 'Iraqi territory': a modifier only
            return _acting_modifier(doc, ent, name, entry.country, dic)
        if entry.kind == "government" and not _acts(ent.root):
            return None  # 'seized Kabul', 'visited Beijing': the capital is a place there
        return Cand(ent.start_char, ent.end_char, name, ("state", entry.country), entry.kind, entry.country,
                    dic.country_entry(entry.country), tok=ent.root.i)
    if entry is None and (ent.root.lemma_.lower() in _THINGS or _is_place(doc, ent, name, dic, gaz)):
        return None
    start, title_country = _titled_start(doc, ent, dic)
    country = title_country or (entry.country if entry else None)
    if entry is not None and title_country and entry.country and entry.country != title_country:
        entry = None  # "South Korea's Joint Chiefs of Staff" is not another country's body
    if entry is None and label != "PERSON":
        kind, name_country = _kind_from_name(ent, dic)
        country = country or name_country
    else:
        kind = entry.kind if entry else "person"
    key = ("dict", entry.canonical) if entry else ("name", name.lower())
    role = _title_role(doc, ent, start, dic) if kind == "person" and entry is None else None
    return Cand(start, ent.end_char, name, key, kind, country, entry, tok=ent.root.i, role=role)


def _misread_person(doc: Doc, ent: Span) -> Span | None:
    """A one-word place name after a first name ('Abdullahi Hassan told') is a surname: the person."""
    root = ent.root
    i = ent.start
    while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].dep_ == "compound" and doc[i - 1].head.i == root.i \
            and not doc[i - 1].ent_type_:
        i -= 1
    if i == ent.start or len(ent) != 1 or root.dep_ not in ("nsubj", "nsubjpass", "appos", "dobj"):
        return None
    return Span(doc, i, ent.end, label="PERSON")


def _title_role(doc: Doc, ent: Span, start: int, dic) -> str | None:
    """The sector a person's title gives ('military spokesperson' -> military, 'Foreign Minister')."""
    span = doc.char_span(start, ent.start_char, alignment_mode="contract")
    if span is None or not len(span):
        return None
    head = span[-1]
    hit = agent_head(doc, head, dic)
    return hit[0] if hit and hit[0] in ("government", "military", "police", "legislature", "judiciary") else None


def opponent_mentions(doc: Doc, ent: Span, dic, when: str | None) -> list[Cand]:
    """'Global Coalition against Daesh' also names Daesh: the actor after 'against' is its own mention."""
    for t in ent:
        if t.lower_ == "against" and t.i + 1 < ent.end:
            part = doc[t.i + 1:ent.end]
            entry = dic.lookup(clean_name(part.text), when)
            if entry is not None and entry.source != "countries":
                return [Cand(part.start_char, part.end_char, clean_name(part.text), ("dict", entry.canonical),
                             entry.kind, entry.country, entry, tok=part.root.i)]
    return []


_NAME_HEADS: dict[str, str] = WORDS["name_heads"]  # '... Front' -> armed_group


def _kind_from_name(ent: Span, dic) -> tuple[str, str | None]:
    words = [t.lower_.strip(".") for t in ent]
    kind = next((_NAME_HEADS[w] for w in reversed(words) if w in _NAME_HEADS), None)
    if kind is None:
        kind = dic.agent(ent.root.lemma_.lower()) or "other"
        kind = "other" if kind in ("civilians", "person") else kind
    country = next((dic.country_of(t.text) for t in ent[:2] if dic.country_of(t.text)), None)
    return kind, country


def _is_place(doc: Doc, ent: Span, name: str, dic, gaz) -> bool:
    """An ORG/PERSON label on a gazetteer place in a locative phrase ('in Musayib') is a place."""
    if gaz is None or ent.label_ not in ("ORG", "PERSON", "FAC"):
        return False
    try:
        place = gaz.lookup(name)
    except Exception:  # noqa: BLE001 - the gazetteer is another stage's; a failure there is not ours
        return False
    if place is None:
        return False
    root = ent.root
    while root.dep_ in ("compound", "conj", "appos") and root.head.i != root.i:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in LOC_PREPS or ent.label_ != "PERSON"


def _titled_start(doc: Doc, ent: Span, dic) -> tuple[int, str | None]:
    """Extend a mention over its titles and country ('Somalia's President', 'Iraqi military spokesperson');
    an organisation among them ('Hamas Political Bureau chief') stays its own mention and ends the title."""
    mods = {t.i for t in _modifiers(ent.root) if t.i < ent.start and t.dep_ != "det"}
    first, country = ent.start, None
    while first - 1 in mods:
        t = doc[first - 1]
        if t.ent_type_ == "ORG" or t.text in (",", "(", "\u2014", "\u201c", '"', "-", "\u2013") or t.pos_ == "VERB":
            break  # 'Iran-aligned', 'U.S.-backed' describe a relation, not the actor's name or country
        ent2 = ent_at(doc, t.i)
        ent2 = ent2 if ent2 is not None and ent2.label_ in ("GPE", "NORP") else None
        iso = dic.country_of(clean_name(ent2.text)) if ent2 is not None else dic.country_of(t.text)
        if not _hyphened(doc, t):
            country = country or iso
        first -= 1
    return doc[first].idx, country


_ACTED = frozenset(WORDS["acted_heads"])


def _acting_modifier(doc: Doc, ent: Span, name: str, iso: str | None, dic) -> Cand | None:
    """The country in 'U.S. strikes' / 'Israeli airstrikes' is the one acting: a mention of its state
    (a demonym is not shown as a name of it)."""
    head = ent.root.head
    if iso is None or head.lemma_.lower() not in _ACTED or _hyphened(doc, doc[ent.end - 1]):
        return None
    return Cand(ent.start_char, ent.end_char, name, ("state", iso), "state", iso, dic.country_entry(iso),
                show=dic.country_of(name) is None or ent.label_ != "NORP", tok=ent.root.i)


def _norp(doc: Doc, ent: Span, name: str, dic) -> Cand | None:
    """'three Palestinians', 'the Iraqis' -> that country's people (civilians), as 'the Iraqi people';
    'Iraqi territory' -> nothing (a modifier)."""
    iso = dic.country_of(name)
    if iso is not None and ent.root.dep_ in ("compound", "amod", "nmod") and ent.root.head.i >= ent.end:
        return _acting_modifier(doc, ent, name, iso, dic)
    if iso is None or ent.root.pos_ not in ("NOUN", "PROPN") or ent.root.dep_ in ("compound", "amod"):
        return None
    if not ent.root.text.endswith("s") and ent.root.tag_ not in ("NNPS", "NNS"):
        return None
    return Cand(ent.start_char, ent.end_char, name, ("agent", "civilians", iso, "people"), "civilians", iso,
                tok=ent.root.i)
