"""What the stages hand each other inside one article: mentions tied to character spans.

These are not part of the output contract (that is ``document.py``); they let a later stage ask an
earlier one "which actor / place / date is at this span?" without re-reading the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .document import Actor, ActorRef, DateInfo, Place, PlaceRef


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets in the article text
    end: int
    text: str
    ref: str  # the id of the actor / place this mention belongs to


@dataclass
class ActorIndex:
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def get(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def at(self, start: int, end: int) -> str | None:
        """The actor whose mention overlaps [start, end), preferring the longest mention."""
        best: Mention | None = None
        for m in self.mentions:
            if m.start < end and start < m.end and (best is None or m.end - m.start > best.end - best.start):
                best = m
        return best.ref if best else None

    def add(self, name: str, start: int, end: int, kind: str | None = None, country: str | None = None,
            canonical: str | None = None) -> str:
        """Register an actor a later stage found (an unnamed speaker, say) that the actors stage did not.

        Returns the id of the actor already at that span, if any; else of the actor with the same
        dictionary identity (``canonical``), which gains this mention; else of a new actor.
        """
        existing = self.at(start, end)
        if existing:
            return existing
        same = next((a for a in self.actors if canonical and a.canonical == canonical), None)
        if same is not None:  # one real-world entity stays one actor, however late it is found
            same.mentions.append(name)
            self.mentions.append(Mention(start, end, name, same.id))
            return same.id
        actor = Actor(id=f"a{len(self.actors) + 1}", name=name, canonical=canonical, kind=kind, country=country,
                      mentions=[name], confidence=0.5)
        self.actors.append(actor)
        self.mentions.append(Mention(start, end, name, actor.id))
        return actor.id

    def ref(self, actor_id: str, name: str | None = None) -> ActorRef | None:
        a = self.get(actor_id)
        if a is None:
            return None
        return ActorRef(id=a.id, name=name or a.name, canonical=a.canonical, kind=a.kind, country=a.country)


@dataclass
class PlaceIndex:
    places: list[Place] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dateline: str | None = None  # place id of the dateline ("MOGADISHU —"), if any
    main_country: str | None = None  # ISO3 the article is mostly about
    # Spans that name a place only as a modifier ("Iraqi" in "Iraqi forces", "U.S." in "U.S. troops"):
    # evidence for the article's country, never an event's own place.
    adjectival: set[tuple[int, int]] = field(default_factory=set)

    def get(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def at(self, start: int, end: int) -> str | None:
        for m in self.mentions:
            if m.start < end and start < m.end:
                return m.ref
        return None

    def ref(self, place_id: str, precision: int | None = None) -> PlaceRef | None:
        p = self.get(place_id)
        if p is None:
            return None
        if precision is None:
            precision = 3 if p.feature == "country" else 2 if p.feature in ("admin1", "admin2", "region") else 1
        return PlaceRef(id=p.id, name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                        geo_precision=precision)


@dataclass(frozen=True)
class TimeExpr:
    start: int  # character offsets of the expression in the article text
    end: int
    text: str
    date: DateInfo


_TEXT_KEY = "eventwire_text"


def doc_text(doc: Doc) -> str:
    """The article text of a parsed doc. ``Doc.text`` rebuilds the string from every token on each
    call, and the stages slice it hundreds of times per article: read it once per doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """``Span.text`` without rebuilding it from the span's tokens (same string: the doc text's slice)."""
    return doc_text(span.doc)[span.start_char:span.end_char]
