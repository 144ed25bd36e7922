"""In-document identity and resolution: actor mentions -> one actor per real-world entity.

Dictionary canonical names, acronyms defined in the text ("Popular Mobilization Forces (PMF)"),
"X, also known as Y", surnames ("Asadi"), titles in apposition, capitals and seats ("Pyongyang",
"the Kremlin") as the country. Different names that share words never merge. Resolution gives each
actor its canonical name, kind, country (demonyms and possessives give country and sector) and
affiliations; unknown actors keep ``canonical: None``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .actor_mentions import Cand
from .document import Actor
from .knowledge.actors import GROUP_ANAPHORS, WORDS, initials, is_acronym, surname_key
from .mentions import ActorIndex, Mention, doc_text

_DATE_WORDS = frozenset(WORDS["date_words"])


def late_mentions(doc: Doc, cands: list[Cand], taken: set[int], dic) -> list[Cand]:
    """Mentions found through earlier ones: bare surnames the model missed ('May told parliament'),
    acronyms in parentheses, and anaphors ('the group', 'the umbrella organization')."""
    out: list[Cand] = []
    surnames = {surname_key(c.text): c for c in cands if c.kind == "person" and " " in c.text}
    named_orgs = [c for c in cands if c.key[0] in ("dict", "name") and c.kind not in ("person", "state", None)]
    by_end = {c.end: c for c in cands if c.key[0] in ("dict", "name")}
    for tok in doc:
        if tok.i in taken:
            continue
        if is_acronym(tok.text) and 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "(" \
                and doc[tok.i + 1].text == ")":
            prev = doc[tok.i - 1]
            before = doc[prev.i - 1] if prev.i else None
            src = by_end.get(prev.idx - 1 if prev.idx and doc_text(doc)[prev.idx - 1] == " " else prev.idx)
            if src is None and before is not None and before.text in ("'s", "\u2019s"):
                src = by_end.get(before.idx)
            if src is not None:  # 'Syria Recovery Trust Fund (SRTF)': an acronym the model did not tag
                out.append(Cand(tok.idx, tok.idx + len(tok.text), tok.text, src.key, src.kind, src.country,
                                src.entry, tok=tok.i))
                taken.add(tok.i)
                continue
        if tok.is_title and tok.text in surnames and tok.ent_type_ in ("", "DATE", "PERSON", "ORG", "GPE") \
                and (tok.tag_ == "NNP" or tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos")) \
                and not (tok.i + 1 < len(doc) and doc[tok.i + 1].like_num) \
                and not (tok.i and doc[tok.i - 1].lower_ in _DATE_WORDS):
            src = surnames[tok.text]
            if src.start < tok.idx:
                out.append(Cand(tok.idx, tok.idx + len(tok.text), tok.text, src.key, "person", src.country,
                                src.entry, tok=tok.i))
                taken.add(tok.i)
        elif tok.lemma_.lower() in GROUP_ANAPHORS and tok.pos_ == "NOUN" and tok.tag_ == "NN":
            det = [c for c in tok.children if c.dep_ == "det"]
            if det and det[0].lower_ == "the" and not any(c.dep_ in ("prep", "relcl", "acl") for c in tok.children):
                prev = [c for c in named_orgs if c.end <= tok.idx and tok.idx - c.end < 1500]
                subj = [c for c in prev if doc[c.tok].dep_ in ("nsubj", "nsubjpass")]
                if prev:
                    src = (subj or prev)[-1]  # the last organisation that acted is the likeliest 'the group'
                    out.append(Cand(det[0].idx, tok.idx + len(tok.text), tok.text, src.key, src.kind, src.country,
                                    src.entry, show=False, tok=tok.i))
                    taken.add(tok.i)
    return out


# --- identity -------------------------------------------------------------------------------------
def merge(doc: Doc, cands: list[Cand]) -> list[int]:
    """Union-find over mentions: same key, acronym definitions, aliases, surnames."""
    parent = list(range(len(cands)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[tuple, int] = {}
    for i, c in enumerate(cands):
        if c.key in first:
            union(first[c.key], i)
        else:
            first[c.key] = i
    text = doc_text(doc)
    for i, c in enumerate(cands):
        for j in range(i + 1, min(i + 3, len(cands))):
            d = cands[j]
            between = text[c.end:d.start]
            if between.strip() in ("(", "[") and is_acronym(d.text) and d.key[0] == "name":
                union(i, j)  # 'Popular Mobilization Forces (PMF)'
            elif j == i + 1 and _role_and_person(c, d) and _gap(doc, c, d).strip() == ",":
                union(i, j)  # 'Minister for the Middle East, Tobias Ellwood said' (parse without appos)
            elif between.strip(" ,(").lower() in ("also known as", "known as", "aka", "a.k.a.", "or", "formerly"):
                if c.kind not in ("person",) or d.kind == "person":
                    union(i, j)  # 'Nujaba Movement, also known as Harakat Hezbollah al-Nujaba'
    _merge_names(cands, union, find)
    _merge_appositions(doc, cands, union)
    _merge_group_anaphors(doc, cands, union)
    for i, c in enumerate(cands):  # 'the defense official' -> the earlier 'U.S. defense official'
        if c.key[0] == "one" and text[max(0, c.start - 4):c.start].lower() == "the ":
            prev = [j for j in range(i) if cands[j].phrase == c.phrase and cands[j].key[0] in ("one", "agent")]
            if prev:
                union(prev[-1], i)
    return [find(i) for i in range(len(cands))]


def _merge_group_anaphors(doc: Doc, cands: list[Cand], union) -> None:
    """'the militant group', 'the terrorist group' -> the last organisation of that kind that acted."""
    for i, c in enumerate(cands):
        head = doc[c.tok]
        group = c.key[0] == "one" and head.lemma_.lower() in GROUP_ANAPHORS \
            and any(t.dep_ == "det" and t.lower_ == "the" for t in head.children)
        # 'its fighters', 'their forces': the members of the organisation the pronoun points back to
        members = c.key[0] == "poss" and c.country is None and c.kind in ("armed_group", "military")
        if not (group or members):
            continue
        prev = [j for j in range(i) if cands[j].key[0] in ("dict", "name") and cands[j].end <= c.start
                and cands[j].kind not in ("person", "state")
                and (c.kind == "other" or members or cands[j].kind == c.kind)]
        subj = [j for j in prev if doc[cands[j].tok].dep_ in ("nsubj", "nsubjpass")]
        if prev:
            union((subj or prev)[-1], i)
            c.show = False


def _gap(doc: Doc, a: Cand, b: Cand) -> str:
    """Text between two mentions, a role's own prepositional tail ('Minister for the Middle East') excluded."""
    end = a.end
    if a.key[0] == "one":
        edge = doc[a.tok].right_edge
        if edge.idx + len(edge.text) <= b.start:
            end = max(end, edge.idx + len(edge.text))
    return doc_text(doc)[end:b.start]


def _role_and_person(a: Cand, b: Cand) -> bool:
    roles = [x for x in (a, b) if x.key[0] == "one" and x.kind not in ("civilians", "protesters")]
    people = [x for x in (a, b) if x.kind == "person" and x.key[0] in ("name", "dict")]
    return len(roles) == 1 and len(people) == 1


def _merge_appositions(doc: Doc, cands: list[Cand], union) -> None:
    """'Iraqi Foreign Minister, Ibrahim al-Jaafari' / 'John Dorrian, the coalition spokesperson':
    a person and the role in apposition to them are one actor."""
    by_tok = {c.tok: i for i, c in enumerate(cands)}
    for i, c in enumerate(cands):
        tok = doc[c.tok]
        if tok.dep_ != "appos" or tok.head.i not in by_tok:
            continue
        j = by_tok[tok.head.i]
        a, b = cands[i], cands[j]
        roles = [x for x in (a, b) if x.key[0] == "one"]
        people = [x for x in (a, b) if x.kind == "person" and x.key[0] in ("name", "dict")]
        if len(roles) == 1 and len(people) == 1:
            union(i, j)


def _merge_names(cands: list[Cand], union, find) -> None:
    """Later short forms join earlier full names: surnames of people, acronyms of organisations."""
    people: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        if c.kind == "person" and c.key[0] == "name":
            key = surname_key(c.forms[0] if c.forms else c.text)
            full = c.forms[0] if c.forms else c.text
            if " " in full or "-" in full:
                people.setdefault(key, []).append(i)
    for i, c in enumerate(cands):
        name = c.forms[0] if c.forms else c.text
        if c.key[0] == "name" and " " not in name:
            if c.kind in ("person", "other", None) and not is_acronym(name):
                earlier = {find(p) for p in people.get(surname_key(name), []) if cands[p].start < c.start
                           and find(p) != find(i)}
                if len(earlier) == 1:
                    union(earlier.pop(), i)
                    continue
            if is_acronym(name):
                hits = {find(j) for j, d in enumerate(cands[:i]) if d.kind != "person" and initials(d.forms[0] if d.forms else d.text) == name.replace(".", "").upper()}
                if len(hits) == 1:
                    union(hits.pop(), i)


# --- output ---------------------------------------------------------------------------------------
def build_index(cands: list[Cand], roots: list[int], dic, when: str | None) -> ActorIndex:
    """One actor per merged group, numbered in order of first mention so ids are stable across runs."""
    index = ActorIndex()
    by_root: dict[int, Actor] = {}
    groups: dict[int, list[Cand]] = {}
    for c, r in zip(cands, roots, strict=True):
        groups.setdefault(r, []).append(c)
    for r in sorted(groups):
        members = groups[r]
        actor = _actor(f"a{len(index.actors) + 1}", members, when, dic)
        by_root[r] = actor
        index.actors.append(actor)
    for c, r in zip(cands, roots, strict=True):
        index.mentions.append(Mention(c.start, c.end, c.text, by_root[r].id))
    return index


def _actor(aid: str, members: list[Cand], when: str | None, dic) -> Actor:
    shown = [c for c in members if c.show] or members
    entry = next((c.entry for c in members if c.entry is not None), None)
    kinds = [c.kind for c in members if c.kind]
    country = next((c.country for c in members if c.country), None)
    forms: list[str] = []
    for c in shown:
        for f in [c.text, *c.forms]:
            if f and f not in forms:
                forms.append(f)
    if entry is not None and entry.kind == "person":
        # the short name the dictionary knows this person by ('Lavrov'), as the spec's "Nujaba" example
        last = surname_key(entry.canonical)
        if any(n.lower() == last.lower() for n in entry.names) and last not in forms:
            forms.append(last)
    kind = entry.kind if entry else ("person" if "person" in kinds else kinds[0] if kinds else None)
    if entry is not None and entry.source == "countries" and any(c.kind == "state" for c in members):
        kind = "state"
    affiliations = list(entry.affiliations) if entry else []
    role_kind = next((c.role for c in members if c.role), None) or next(
        (c.kind for c in members if c.key[0] == "one" and kind == "person"), None)
    if entry is None and role_kind and country and dic.sector_entry(country, role_kind):
        affiliations.append(dic.sector_entry(country, role_kind).canonical)  # 'Iraqi military spokesperson'
    if entry is not None:
        role = entry.role_at(when)
        if role is not None and role.country and role.role in ("government", "military", "legislature"):
            sector = dic.sector_entry(role.country, role.role)  # 'United States government' in office
            if sector is not None:
                affiliations.append(sector.canonical)
    name = shown[0].text
    if kind == "person":  # 'Foreign Secretary, Boris Johnson': the person's name, not the role
        name = next((c.text for c in shown if c.key[0] in ("name", "dict")), name)
    if entry is not None and entry.source == "countries":
        name = next((c.text for c in shown if c.text.lower() in (f.lower() for f in [entry.canonical, *entry.names])),
                    name if any(c.show for c in members) else entry.canonical)
    return Actor(id=aid, name=name, canonical=entry.canonical if entry else None, kind=kind,
                 country=country or (entry.country if entry else None), mentions=forms,
                 affiliations=list(dict.fromkeys(affiliations)), wikidata=entry.wikidata if entry else None,
                 confidence=0.9 if entry else 0.6)
