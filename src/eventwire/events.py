"""Events stage: PLOVER event records from the parsed article and the earlier stages (issue 7).

Steps (each in ``eventwire.eventcoding``): detect verb and noun triggers with the CAMEO-derived lexicon,
find actor and recipient in the parse, decide status, attach fatalities, place and date, turn threatened
force into THREATEN, then merge the mentions of one event into one record with all its evidence.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from . import dates as dates_stage
from . import places as places_stage
from .document import Codes, DateInfo, Event, Quote
from .eventcoding import classifier, fatalities, rules, speech
from .eventcoding.detection import detect
from .eventcoding.merge import Cluster, merge
from .eventcoding.nominal import noun_roles
from .eventcoding.roles import RoleContext, verb_roles
from .eventcoding.status import classify
from .knowledge import Knowledge
from .mentions import ActorIndex, PlaceIndex, TimeExpr, span_text

HISTORICAL_DAYS = 90  # an event that ended this long before publication is background history


def extract(doc: Doc, kb: Knowledge, actors: ActorIndex, places: PlaceIndex, times: list[TimeExpr],
            quotes: list[Quote], published: str | None = None) -> list[Event]:
    try:
        return _extract(doc, kb, actors, places, times, quotes, published)
    finally:  # the per-article caches hold Token objects: never leave them on a Doc that may be serialized
        doc.user_data.pop("eventwire_tokens", None)
        doc.user_data.pop("eventwire_sent_starts", None)


def _extract(doc: Doc, kb: Knowledge, actors: ActorIndex, places: PlaceIndex, times: list[TimeExpr],
             quotes: list[Quote], published: str | None) -> list[Event]:
    lex = kb.lexicon
    ctx = RoleContext(doc, actors, quotes, lex, kb, published)
    mentions = detect(doc, lex)
    for m in mentions:
        classify(m)
        (verb_roles if m.kind == "verb" else noun_roles)(m, ctx)
    rules.responsibility(doc, mentions, ctx)
    rules.blame(doc, mentions, ctx)
    rules.mobilize(doc, mentions, ctx, lex)
    charged = (speech.accusations(doc, mentions, ctx, lex) + speech.obligations(doc, mentions, ctx, lex)
               + speech.promises(doc, mentions, ctx, lex))
    # a material event that is really a charge ('have committed a crime', X said) gives way to the ACCUSE
    charged_verbs = {m.trigger.i for m in charged}
    mentions = [m for m in mentions if m.trigger.i not in charged_verbs] + charged
    fatalities.attach(mentions, doc)
    mentions = rules.reshape(mentions, ctx, lex)
    items = []
    sent_starts = [sent.start for sent in doc.sents]
    dated: dict[int, DateInfo] = {}  # sentence number -> date an event there took from its own words
    for m in sorted(mentions, key=lambda m: m.trigger.i):
        start, end = _span(m.trigger)
        k = bisect_right(sent_starts, m.trigger.i) - 1
        # An undated event in the sentence right after a dated one continues that episode ("Soon after
        # the slaying in January 2020, lawmakers voted ..."); carried dates are not carried on again.
        carried = dated.get(k - 1)
        date = dates_stage.event_date(doc, start, end, times, published, carried)
        # 'now' / 'today' say nothing the publication date does not: they start no episode
        if date is not carried and date.precision not in ("publication", "unknown") \
                and (date.start, date.end) != (published, published):
            dated[k] = date
        if m.status == "asserted" and _historical(date, published):
            m.status = "historical"
        items.append((m, None, date))
    clusters = merge(items)
    for c in clusters:
        c.place = _place(doc, places, c)
    _reaction_targets(clusters)
    _counterparts(clusters)
    _calibrate(clusters)
    return [_record(i, c, lex) for i, c in enumerate(clusters, 1)]


def _reaction_targets(clusters: list[Cluster]) -> None:
    """'condemned the bombing', 'the strike was condemned by X': the recipient is the bombing's actor."""
    by_tok = {m.trigger.i: c for c in clusters for m in c.mentions}
    for k, c in enumerate(clusters):
        if c.recipient is not None or c.type not in rules.VERBAL:
            continue
        for child in c.first.trigger.children:
            if child.dep_ not in ("dobj", "nsubjpass") or child.pos_ not in ("NOUN", "PROPN"):
                continue
            other = by_tok.get(child.i) or _recent_material(clusters[:k], child)
            if other is not None and other is not c and other.actor is not None:
                if c.actor is None or other.actor.id != c.actor.id:
                    c.recipient = other.actor
            break


_RESPONSES = {"THREATEN", "REJECT", "ACCUSE", "SANCTION"}
_PARTIES = {"state", "government", "military", "armed_group", "igo", "police", "legislature"}


def _counterparts(clusters: list[Cluster]) -> None:
    """A response with no stated recipient ('Moscow refused to explain', 'said it would retaliate') is
    aimed at the other party of the nearest event in its sentence or the one before, when that party is
    a state-like actor of another country."""
    for c in clusters:
        if c.recipient is not None or c.actor is None or c.type not in _RESPONSES or not c.actor.country:
            continue
        t = c.first.trigger
        best, dist = None, 10**6
        for o in clusters:
            if o is c or o.actor is None or o.actor.kind not in _PARTIES or not o.actor.country:
                continue
            if o.actor.country == c.actor.country:
                continue
            for m in o.mentions:
                gap = t.sent.start - m.trigger.sent.start
                same_or_prev = m.trigger.sent.start == t.sent.start or 0 < gap and m.trigger.sent.end == t.sent.start
                if same_or_prev and abs(m.trigger.i - t.i) < dist:
                    best, dist = o.actor, abs(m.trigger.i - t.i)
        if best is not None:
            c.recipient = best
            c.notes.append("recipient inferred from the neighbouring event")


_MATERIAL = {"ASSAULT", "MOBILIZE", "COERCE", "SANCTION", "PROTEST", "RETREAT"}


def _recent_material(before: list[Cluster], noun: Token) -> Cluster | None:
    """'condemned the launch', 'called the measures unacceptable': a definite noun that is no event of our
    lexicon refers to the latest material event within the last ~120 tokens."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "such") for c in noun.children):
        return None
    sent_start = noun.sent.start
    for c in reversed(before):
        t = c.mentions[-1].trigger
        if c.type in _MATERIAL and t.i < noun.i and sent_start - t.sent.start < 120:
            return c
    return None


def _calibrate(clusters: list[Cluster]) -> None:
    """Blend the rules' confidence with the sentence classifier's belief in the event's pentaclass."""
    model = classifier.load()
    if model is None:
        return
    seen: dict[int, dict] = {}
    for c in clusters:
        m = c.first
        sent = m.trigger.sent
        probs = seen.get(sent.start)
        if probs is None:
            probs = seen[sent.start] = model.proba(span_text(sent))
        p = probs.get(classifier.penta_of_cameo(m.entry.cameo, m.type), 0.0)
        c.confidence = min(0.95, 0.75 * c.confidence + 0.25 * (0.4 + 0.6 * p))


def _place(doc: Doc, places: PlaceIndex, c: Cluster):
    """The most precise place among the cluster's first few mentions (locate is not free)."""
    best = None
    for m in sorted(c.mentions, key=lambda m: m.anaphoric)[:3]:
        p = places_stage.locate(doc, places, *_span(m.trigger))
        if p is not None and (best is None or (p.geo_precision or 9) < (best.geo_precision or 9)):
            best = p
        if best is not None and best.geo_precision == 1:
            break
    return best


def _span(tok: Token) -> tuple[int, int]:
    return tok.idx, tok.idx + len(tok)


def _historical(date: DateInfo, published: str | None) -> bool:
    if not published or date.precision in ("publication", "unknown") or not date.end:
        return False
    from datetime import date as _d

    try:
        end, pub = _d.fromisoformat(date.end[:10]), _d.fromisoformat(published[:10])
    except ValueError:
        return False
    return (pub - end).days > HISTORICAL_DAYS


def _record(i: int, c: Cluster, lex) -> Event:
    m = c.first
    sent = m.trigger.sent
    evidence = []
    for x in c.mentions:
        text = span_text(x.trigger.sent)
        if text not in evidence:
            evidence.append(text)
    et, st = lex.acled_types(m.type, m.entry.mode, c.recipient.kind if c.recipient else None)
    return Event(id=f"e{i}", type=m.type, mode=m.entry.mode, context=list(m.entry.context), actor=c.actor,
                 recipient=c.recipient, place=c.place, date=c.date, fatalities=c.fatalities, status=c.status,
                 sentence=span_text(sent), span=(sent.start_char, sent.end_char), confidence=round(c.confidence, 2),
                 codes=Codes(cameo=m.entry.cameo, acled_event_type=et, acled_sub_event_type=st),
                 trigger=m.trigger_text, evidence=evidence, note="; ".join(dict.fromkeys(c.notes)) or None)
