"""Cross-article dedup: one real-world event reported by many articles -> one event with many sources.

eventwire counts events the way ACLED does, not reports the way GDELT does. Each incoming event
record is compared with the stored events of the same PLOVER type and status whose dates are near;
it joins the best compatible one, or starts a new event. The rule (every threshold is a setting,
env prefix ``EVENTWIRE_DEDUP_``; see docs/corpus.md):

* **type** and **status** equal;
* no field **conflicts**: two known canonical actors that differ, two known actor countries or kinds
  that differ, places more than ``max_km`` apart (both located to a city or finer), place countries
  that differ, date intervals that do not overlap (day dates may differ by ``date_window_days``; an
  event dated only by its publication may have happened up to ``publication_lag_days`` before);
* at least ``min_agreements`` positive **agreements** among actor, recipient, place (within
  ``max_km``) and date (both to the day);
* never two events of the same article (within one article the events stage decides identity);
* for mutual events (AGREE, CONSULT, COOPERATE) actor and recipient may be swapped.

Unknown fields (no actor, a country-level place, a publication date) neither agree nor conflict.
Events are compared with the merged event's representative fields, which fill in as sources join.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .document import Event

Rel = Literal["agree", "unknown", "conflict"]
ROLES = ("actor", "recipient")
_ACTOR_FIELDS = ("name", "canonical", "kind", "country")
# Role nouns that name no particular group: compatible with any actor of the same kind ("gunmen" and
# "al-Shabaab fighters" may be one attacker; "teachers" and "nurses" are two groups of protesters).
GENERIC_NAMES = frozenset(
    "people protesters demonstrators crowd crowds residents civilians gunmen militants fighters attackers assailants "
    "insurgents rebels troops soldiers forces police officers security authorities government officials men".split())
# Events two parties do together: "A met B" and "B met A" report one meeting, so roles may swap.
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "range": 3, "publication": 4, "year": 5, "unknown": 6}


class DedupSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_DEDUP_", extra="ignore")

    enabled: bool = Field(True, description="Merge reports of the same real-world event across articles.")
    max_km: float = Field(25.0, description="Two located places farther apart than this are different events.")
    date_window_days: int = Field(0, description="Day-precision dates may differ by this many days and still agree.")
    publication_lag_days: int = Field(2, description="An event dated only by publication may have happened this many days earlier.")
    min_agreements: int = Field(2, description="Positive agreements (actor, recipient, place, day date) needed to merge.")
    candidate_days: int = Field(31, description="Stored events whose start date is this close are compared (index range).")


def event_key(ev: Event, article_id: str) -> dict:
    """The flat fields dedup compares (same names as the ``events`` table's columns)."""
    key: dict = {"article_id": article_id, "type": ev.type, "status": ev.status}
    for role in ROLES:
        ref = getattr(ev, role)
        for f in _ACTOR_FIELDS:
            key[f"{role}_{f}"] = getattr(ref, f) if ref else None
    pl = ev.place
    key.update(place_name=pl.name if pl else None, place_country=pl.country if pl else None,
               lat=pl.lat if pl else None, lon=pl.lon if pl else None,
               geo_precision=pl.geo_precision if pl else None,
               date_start=ev.date.start, date_end=ev.date.end or ev.date.start, date_precision=ev.date.precision,
               fatalities=ev.fatalities, confidence=ev.confidence)
    return key


def _norm(name: str | None) -> str:
    s = re.sub(r"[^\w\s]", " ", (name or "").lower())
    return " ".join(w for w in s.split() if w not in ("the", "a", "an", "s"))


def actor_rel(a: dict, b: dict, role: str) -> Rel:
    an, bn = a.get(f"{role}_name"), b.get(f"{role}_name")
    if not an or not bn:
        return "unknown"
    ac, bc = a.get(f"{role}_canonical"), b.get(f"{role}_canonical")
    if ac and bc:
        return "agree" if ac == bc else "conflict"
    na, nb = _norm(an), _norm(bn)
    ta, tb = set(na.split()), set(nb.split())
    if ta and tb and (ta <= tb or tb <= ta):
        # "people" and "people" is no evidence of one event; "Kenyan teachers" and "teachers" is.
        return "unknown" if ta <= GENERIC_NAMES or tb <= GENERIC_NAMES else "agree"
    aco, bco = a.get(f"{role}_country"), b.get(f"{role}_country")
    if aco and bco and aco != bco:
        return "conflict"
    ak, bk = a.get(f"{role}_kind"), b.get(f"{role}_kind")
    if not ak or not bk or ak == "other" or bk == "other" or ak != bk:
        return "conflict"  # two different names and nothing that says they are one actor
    if not (set(na.split()) & GENERIC_NAMES or set(nb.split()) & GENERIC_NAMES):
        return "conflict"  # two specific names of the same kind ("teachers", "nurses")
    return "unknown"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _located(k: dict) -> bool:
    # Country-level places (ACLED geo_precision 3) carry a centroid, not a location.
    return k.get("lat") is not None and k.get("lon") is not None and (k.get("geo_precision") or 1) < 3


def place_rel(a: dict, b: dict, s: DedupSettings) -> Rel:
    ac, bc = a.get("place_country"), b.get("place_country")
    if ac and bc and ac != bc:
        return "conflict"
    if _located(a) and _located(b):
        d = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
        return "agree" if d <= s.max_km else "conflict"
    return "unknown"


def _interval(k: dict, s: DedupSettings) -> tuple[date, date] | None:
    try:
        start = date.fromisoformat(k["date_start"])
        end = date.fromisoformat(k.get("date_end") or k["date_start"])
    except (KeyError, TypeError, ValueError):
        return None
    if k.get("date_precision") == "publication":
        return start - timedelta(days=s.publication_lag_days), end
    w = timedelta(days=s.date_window_days)
    return start - w, end + w


def date_rel(a: dict, b: dict, s: DedupSettings) -> Rel:
    ia, ib = _interval(a, s), _interval(b, s)
    if ia is None or ib is None:
        return "unknown"
    if ia[1] < ib[0] or ib[1] < ia[0]:
        return "conflict"
    return "agree" if a.get("date_precision") == b.get("date_precision") == "day" else "unknown"


def _swap(k: dict) -> dict:
    out = dict(k)
    for f in _ACTOR_FIELDS:
        out[f"actor_{f}"], out[f"recipient_{f}"] = k.get(f"recipient_{f}"), k.get(f"actor_{f}")
    return out


def score(new: dict, cand: dict, s: DedupSettings) -> float | None:
    """How well ``new`` matches the stored event ``cand``; None when they must stay apart."""
    if new["type"] != cand["type"] or new["status"] != cand["status"]:
        return None
    rels = [actor_rel(new, cand, "actor"), actor_rel(new, cand, "recipient"),
            place_rel(new, cand, s), date_rel(new, cand, s)]
    if "conflict" in rels[:2] and new["type"] in MUTUAL_TYPES:
        swapped = [actor_rel(_swap(new), cand, "actor"), actor_rel(_swap(new), cand, "recipient")]
        if "conflict" not in swapped:
            rels[:2] = swapped
    if "conflict" in rels:
        return None
    agreements = rels.count("agree")
    if agreements < s.min_agreements:
        return None
    closeness = 0.0
    if _located(new) and _located(cand):
        closeness = 1.0 - haversine_km(new["lat"], new["lon"], cand["lat"], cand["lon"]) / (s.max_km + 1.0)
    return agreements + 0.5 * closeness


def ranked(new: dict, candidates: Iterable[dict], s: DedupSettings) -> list[dict]:
    """Compatible candidates, best first (ties keep the given order: the oldest event wins)."""
    scored = [(sc, i, c) for i, c in enumerate(candidates) if (sc := score(new, c, s)) is not None]
    return [c for _sc, _i, c in sorted(scored, key=lambda t: (-t[0], t[1]))]


def search_pad(s: DedupSettings) -> int:
    """Days around an event's interval in which a compatible stored event can start or end."""
    return max(s.date_window_days, s.publication_lag_days)


def best_match(new: dict, candidates: Iterable[tuple[dict, set[str]]], s: DedupSettings) -> dict | None:
    """The candidate (with the article ids of its sources) that ``new`` joins, or None."""
    best, best_score = None, 0.0
    for cand, cand_articles in candidates:
        if new.get("article_id") in cand_articles:
            continue
        sc = score(new, cand, s)
        if sc is not None and sc > best_score:
            best, best_score = cand, sc
    return best


def absorb(rep: dict, new: dict) -> dict:
    """Column updates for the representative ``rep`` when ``new`` joins it (only changed columns)."""
    upd: dict = {}
    for role in ROLES:
        if not rep.get(f"{role}_name") and new.get(f"{role}_name"):
            upd.update({f"{role}_{f}": new.get(f"{role}_{f}") for f in _ACTOR_FIELDS})
        elif not rep.get(f"{role}_canonical") and new.get(f"{role}_canonical") and actor_rel(rep, new, role) == "agree":
            upd.update({f"{role}_{f}": new.get(f"{role}_{f}") for f in _ACTOR_FIELDS})
    if _located(new) and (not _located(rep) or (new.get("geo_precision") or 1) < (rep.get("geo_precision") or 1)):
        upd.update({f: new.get(f) for f in ("place_name", "place_country", "lat", "lon", "geo_precision")})
    elif not rep.get("place_country") and new.get("place_country"):
        upd.update({f: new.get(f) for f in ("place_name", "place_country", "lat", "lon", "geo_precision")})
    if new.get("date_start") and (not rep.get("date_start") or _PRECISION_RANK.get(new.get("date_precision"), 9)
                                  < _PRECISION_RANK.get(rep.get("date_precision"), 9)):
        upd.update({f: new.get(f) for f in ("date_start", "date_end", "date_precision")})
    # ACLED codes the most conservative fatality figure when reports differ.
    nf, rf = new.get("fatalities"), rep.get("fatalities")
    if nf is not None and (rf is None or nf < rf):
        upd["fatalities"] = nf
    if (new.get("confidence") or 0) > (rep.get("confidence") or 0):
        upd["confidence"] = new["confidence"]
    return upd


def cluster(keys: list[dict], s: DedupSettings | None = None) -> list[int]:
    """Offline clustering of event keys (in the given order): the cluster index of each key."""
    s = s or DedupSettings()
    reps: list[dict] = []
    members: list[set[str]] = []
    out: list[int] = []
    for k in keys:
        hit = best_match(k, ((r, m) for r, m in zip(reps, members, strict=True)), s) if s.enabled else None
        if hit is None:
            reps.append(dict(k))
            members.append({k.get("article_id", "")})
            out.append(len(reps) - 1)
        else:
            i = next(i for i, r in enumerate(reps) if r is hit)
            hit.update(absorb(hit, k))
            members[i].add(k.get("article_id", ""))
            out.append(i)
    return out
