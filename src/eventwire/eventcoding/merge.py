"""One event once: mentions of the same event within an article become one record with all evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import ActorRef, DateInfo, PlaceRef
from .mention import EventMention, sentence_number

_VERBAL = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE"}
_PRECISION = {"day": 0, "week": 1, "month": 2, "range": 3, "year": 4, "publication": 8, "unknown": 9}
_STATUS = {"asserted": 0, "historical": 1, "future": 2, "hypothetical": 3, "negated": 4}


@dataclass
class Cluster:
    mentions: list[EventMention]
    actor: ActorRef | None
    recipient: ActorRef | None
    place: PlaceRef | None
    date: DateInfo
    fatalities: int | None
    status: str
    confidence: float
    notes: list[str] = field(default_factory=list)

    @property
    def first(self) -> EventMention:
        return next((m for m in self.mentions if not m.anaphoric), self.mentions[0])

    @property
    def type(self) -> str:
        return self.first.type


_STATEISH = {"state", "government", "military"}


def _same(a: ActorRef | None, b: ActorRef | None) -> bool | None:
    """True / False when both are known, None when either is missing. One state's government and forces
    count as one party ('U.S.' / 'U.S. forces'); a person's surname names the person ('Qassem Soleimani')."""
    if a is None or b is None:
        return None
    if a.id == b.id or (a.canonical and a.canonical == b.canonical):
        return True
    if a.country and a.country == b.country and a.kind in _STATEISH and b.kind in _STATEISH:
        return True
    if a.kind == b.kind == "person" and a.name.split()[-1].lower() == b.name.split()[-1].lower():
        return True
    return False


def _compatriots(a: ActorRef | None, b: ActorRef | None) -> bool:
    """'Kishida condemned ... and said Japan had lodged a protest': a leader and the state speak as one."""
    return bool(a and b and a.country and a.country == b.country and {a.kind, b.kind} <= _STATEISH | {"person"})


def _dates_meet(a: DateInfo, b: DateInfo) -> bool:
    if a.precision in ("publication", "unknown") or b.precision in ("publication", "unknown"):
        return True
    if not (a.start and b.start):
        return True
    return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)


def _fits(c: Cluster, m: EventMention, date: DateInfo) -> bool:
    if c.type != m.type or not _dates_meet(c.date, date):
        return False
    sa, sr = _same(c.actor, m.actor), _same(c.recipient, m.recipient)
    if m.anaphoric and (m.note or "").startswith("responsibility") and (c.actor is None or c.actor.canonical is None):
        sa = None  # a claim of responsibility names the actor an earlier mention left open
    same_sent = c.first.trigger.sent.start == m.trigger.sent.start
    if sa is False and same_sent and m.type in _VERBAL and _compatriots(c.actor, m.actor):
        sa = True
    if sa is False:
        return False
    if m.anaphoric:
        return True  # 'the attack' refers back; its own description of the target may differ
    generic = any(r is not None and r.canonical is None for r in (c.recipient, m.recipient))
    near_attack = m.type == "ASSAULT" and sa and generic and abs(_sent_no(m) - _sent_no(c.mentions[-1])) <= 2
    one_statement = same_sent and sa and m.type in _VERBAL  # 'demanded ... and urged ...' in one quote
    if sr is False and not (near_attack or one_statement):
        return False
    if same_sent:
        return c.first.trigger.i != m.trigger.i
    same_word = c.first.trigger.lemma_.lower() == m.trigger.lemma_.lower() or c.first.entry.cameo == m.entry.cameo
    if sa and (same_word or m.type == "ASSAULT"):
        return True
    if same_word and sr and sa is None:  # 'the slaying of X' ... 'X's slaying'
        return True
    # an attack restated without its actor ('at least 22 people were killed on Tuesday') joins a recent
    # one with a known actor
    near = abs(_sent_no(m) - _sent_no(c.mentions[-1])) <= 2
    return m.type == "ASSAULT" and sa is None and c.actor is not None and near and date.precision != "publication"


def _sent_no(m: EventMention) -> int:
    return sentence_number(m.trigger)


def _better_ref(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return b if (b.canonical and not a.canonical) else a


def _add(c: Cluster, m: EventMention, place: PlaceRef | None, date: DateInfo) -> None:
    c.mentions.append(m)
    claim = (m.note or "").startswith("responsibility")
    if m.actor is not None and (c.actor is None or claim or (getattr(c, "_weak", False) and not m.actor_weak)):
        c.actor = m.actor
    else:
        c.actor = _better_ref(c.actor, m.actor)
    c.recipient = _better_ref(c.recipient, m.recipient)
    if place is not None and (c.place is None or (place.geo_precision or 9) < (c.place.geo_precision or 9)):
        c.place = place
    if _PRECISION.get(date.precision, 9) < _PRECISION.get(c.date.precision, 9):
        c.date = date
    if m.fatalities is not None:
        c.fatalities = max(c.fatalities or 0, m.fatalities)
    if _STATUS.get(m.status, 9) < _STATUS.get(c.status, 9) and not m.anaphoric:
        c.status = m.status
    c.confidence = min(0.95, max(c.confidence, m.confidence) + 0.03)
    if m.note:
        c.notes.append(m.note)


def _head_word(x) -> str:
    t = x.first.trigger if isinstance(x, Cluster) else x.trigger
    lemma = t.lemma_.lower()
    return "strike" if lemma.endswith("strike") else lemma


def merge(items: list[tuple[EventMention, PlaceRef | None, DateInfo]]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m, place, date in items:
        fits = [c for c in clusters if _fits(c, m, date)]
        # the event mentioned last, and for a back-reference ('the strike') one named by the same word
        target = max(fits, key=lambda c: (m.anaphoric and _head_word(c) == _head_word(m),
                                          max(x.trigger.i for x in c.mentions)), default=None)
        if target is not None:
            _add(target, m, place, date)
            continue
        if m.anaphoric and m.actor is None:
            continue  # 'the attack' with nothing before it to refer to: not a new event
        c = Cluster([m], m.actor, m.recipient, place, date, m.fatalities, m.status, m.confidence,
                    [m.note] if m.note else [])
        c._weak = m.actor_weak  # type: ignore[attr-defined]
        clusters.append(c)
    return clusters
