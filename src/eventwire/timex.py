"""Temporal expression text -> calendar interval (no spaCy here; ``dates.py`` supplies the context).

``resolve(text, anchor, future, ref)`` reads the text of one expression ("last month", "January 2020",
"a day after", "Tuesday night") and returns a ``Reading``: an interval [start, end] of days, a
precision and a kind: ``absolute`` (needs no anchor), ``deictic`` (anchored on the publication
date), ``anaphoric`` (anchored on ``ref``, the date the text last mentioned) or ``present``.
Phrase tables are data (``knowledge/data/dates/phrases.json``). Rules come first; dateparser is
only a cached fallback for spans holding digits that the rules do not read ("22/03/2013").
Names of days, months, seasons, years and holidays are read in ``timex_names``; this module keeps
the phrases relative to an anchor and the arithmetic they need.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from .timex_names import Reading, day, month, read_holiday, read_name, span, tables, with_kind, year

# --- calendar units -----------------------------------------------------------------------------

def week(d: date) -> Reading:
    monday = d - timedelta(days=d.weekday())
    return Reading(monday, monday + timedelta(days=6), "week", "")


def shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def unit_of(d: date, unit: str, k: int = 0) -> Reading:
    """The calendar unit (day, week, weekend, month, year, decade) holding d, moved k units."""
    if unit == "day":
        return day(d + timedelta(days=k))
    if unit in ("week", "fortnight"):
        return week(d + timedelta(weeks=k * (2 if unit == "fortnight" else 1)))
    if unit == "weekend":
        sat = d + timedelta(days=5 - d.weekday() + 7 * k)
        return span(sat, sat + timedelta(days=1))
    if unit == "month":
        return month(*shift_months(d.year, d.month, k))
    if unit == "year":
        return year(d.year + k)
    if unit == "decade":
        y0 = (d.year // 10 + k) * 10
        return span(date(y0, 1, 1), date(y0 + 9, 12, 31))
    if unit == "century":
        y0 = (d.year // 100 + k) * 100
        return span(date(y0, 1, 1), date(y0 + 99, 12, 31))
    raise ValueError(unit)


def shift(d: date, unit: str, n: int) -> date:
    if unit == "hour":
        return d + timedelta(days=round(n / 24))
    if unit in ("day", "week", "fortnight"):
        return d + timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])
    if unit == "month":
        y, m = shift_months(d.year, d.month, n)
        return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
    years = n * {"year": 1, "decade": 10, "century": 100}[unit]
    return date(d.year + years, d.month, min(d.day, 28) if d.month == 2 else d.day)


# --- text normalisation -------------------------------------------------------------------------

_CLOCK = re.compile(r"\b\d{1,2}([:.]\d{2})?\s*([ap]\.?m\.?|h|hrs|o'clock)(?=\W|$)|\b\d{1,2}[:.]\d{2}\b"
                    r"|\b(gmt|utc|est|edt|bst|cet|cest|pst|pdt|local time|noon|midnight)\b")
_LEAD = re.compile(r"^(on|in|at|during|of|from|by|for|around|about|until|till|through|as of|since|"
                   r"before|after|the night of|the morning of|the evening of|the (?:early|small|late) hours of)\s+")
_MOD = re.compile(r"^(early|late|mid-?|the middle of|the end of|the beginning of|the start of|the first half of|"
                  r"the second half of|the turn of|the early|the late|the mid-?)\s*")


def normalise(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip(" ,.;:()[]\"'")
    t = re.sub(r"\s*-\s*(?=[a-z])", " ", t) if not re.search(r"\d\s*-\s*\d", t) else t
    return t.strip()


def strip_lead(t: str) -> str:
    prev = None
    while prev != t:
        prev, t = t, _LEAD.sub("", t)
    return t


# --- the resolver -------------------------------------------------------------------------------

_NUM = r"(\d+|a couple of|a few|a dozen|[a-z]+)"
_HEDGE = r"(?:(?:less than|more than|nearly|almost|about|around|some|just|at least|roughly|only|over|barely) )?"
_REL = re.compile(rf"^{_HEDGE}(?:{_NUM} )?(hours?|days?|weeks?|fortnight|months?|years?|decades?|centuries|century)"
                  r" (ago|earlier|later|after|before|from now|previously|prior|on|hence|since)$")
_DURATION = re.compile(rf"^{_HEDGE}(the (?:(?:past|last|next|first|coming) )?)?({_NUM}[ -])?(hours?|days?|weeks?|months?|"
                       r"years?|decades?|centuries|fortnight|nights?|mornings?|weekends?)( long| old)?$")


def number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return tables()["numbers"].get(word)


def resolve(text: str, anchor: date | None, future: bool = False, ref: Reading | None = None) -> Reading | None:
    """Read one temporal expression; None when it is not a calendar date (a duration, say)."""
    t = normalise(text)
    if not t:
        return None
    return _resolve(t, anchor, future, ref)


def _resolve(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    tab = tables()
    if t in tab["present"]:
        return Reading(anchor, anchor, "day" if anchor else "unknown", "present")
    for reader in (_phrase, _relative, _window, read_name, read_holiday):
        r = reader(t, anchor, future, ref)
        if r is not None:
            return r
    core = strip_lead(_MOD.sub("", strip_lead(t)))
    core = re.sub(r"\s+", " ", _CLOCK.sub(" ", core)).strip(" ,")
    if core != t and core:
        return _resolve(core, anchor, future, ref)
    return _numeric(t, anchor, future, ref)  # dateparser, last and only for digit dates


def _need(anchor: date | None, kind: str, make) -> Reading:
    if anchor is None:
        return Reading(None, None, "unknown", kind)
    return with_kind(make(anchor), kind)


def _phrase(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    tab = tables()
    if t in tab["deictic"]:
        unit, k = tab["deictic"][t]
        return _need(anchor, "deictic", lambda a: unit_of(a, unit, k))
    if t in tab["to_now"]:
        return _need(anchor, "deictic", lambda a: _to_now(a, tab["to_now"][t]))
    if t in tab["from_now"]:
        return _need(anchor, "deictic", lambda a: _from_now(a, tab["from_now"][t]))
    if t in tab["anaphoric"]:
        unit, k = tab["anaphoric"][t]
        if ref is None or ref.start is None:
            return Reading(None, None, "unknown", "anaphoric")
        base = unit_of(ref.start, unit, 0)
        if _finer(ref.precision, unit):  # "that day" after "in 2019" says no more than the year
            return with_kind(Reading(ref.start, ref.end, ref.precision, ""), "anaphoric")
        return with_kind(unit_of(base.start, unit, k), "anaphoric")
    return None


_ORDER = {"day": 0, "week": 1, "weekend": 1, "month": 2, "range": 2, "year": 3, "decade": 4, "century": 5}


def _finer(ref_precision: str, unit: str) -> bool:
    """True when ``unit`` is finer than what the reference date knows (day after a year-only date)."""
    return _ORDER.get(unit, 0) < _ORDER.get(ref_precision, 0) and ref_precision != "range"


def _to_now(a: date, unit: str) -> Reading:
    if unit == "overnight":  # the night that ends on the anchor day
        return span(a - timedelta(days=1), a)
    if unit.startswith("days"):  # "in recent days" = days7, "in recent weeks" = days30
        return span(a - timedelta(days=int(unit[4:])), a)
    return span(unit_of(a, unit).start, a)


def _from_now(a: date, unit: str) -> Reading:
    if unit.startswith("days"):
        return span(a, a + timedelta(days=int(unit[4:])))
    return span(a, unit_of(a, unit).end)


_WINDOW = re.compile(rf"^(?:over |in |during |within )?the (past|last|next|coming) {_NUM} "
                     r"(hours|days|weeks|months|years)$")


def _window(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    """'the past 24 hours', 'the last three weeks': a window that ends (or starts) on publication.
    A duration in form, but the only date an event told this way has."""
    m = _WINDOW.match(t)
    n = number(m.group(2)) if m else None
    if n is None:
        return None
    unit = tables()["units"][m.group(3)]
    back = m.group(1) in ("past", "last")
    return _need(anchor, "deictic", lambda a: span(shift(a, unit, -n), a) if back else span(a, shift(a, unit, n)))


def _relative(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    """'two weeks ago' (publication), 'a day after' / 'three years later' (the date last mentioned)."""
    m = _REL.match(t)
    if not m:
        return None
    unit = tables()["units"][m.group(2)]
    n = number(m.group(1)) if m.group(1) else (12 if unit == "hour" else None)  # "hours after": within a day
    if n is None:
        return None
    word = m.group(3)
    sign = -1 if word in ("ago", "earlier", "before", "previously", "prior") else 1
    if word in ("ago", "from now", "hence"):
        base, kind = anchor, "deictic"
    else:
        base, kind = (ref.start if ref else None), "anaphoric"
        if ref is not None and ref.start is not None and _finer(ref.precision, unit):
            return with_kind(ref, kind)  # "a day later" after "in 2019": still only 2019
    if base is None:
        return Reading(None, None, "unknown", kind)
    moved = shift(base, unit, sign * n)
    if unit == "hour":  # "24 hours earlier": the day before or the same day
        return with_kind(span(min(base, moved), max(base, moved)) if moved != base
                         else span(base - timedelta(days=1) if sign < 0 else base,
                                   base if sign < 0 else base + timedelta(days=1)), kind)
    gran = {"fortnight": "week", "decade": "year", "century": "year"}.get(unit, unit)
    return with_kind(unit_of(moved, gran), kind)


def _numeric(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    if not re.search(r"\d{4}|\d{1,2}[/.-]\d{1,2}", t) or _DURATION.match(t):
        return None
    if re.search(r"\b(percent|%|per|years? old|\$)", t):
        return None
    return _dateparser(t, anchor.isoformat() if anchor else None, future)


@lru_cache(maxsize=4096)
def _dateparser(t: str, anchor: str | None, future: bool) -> Reading | None:
    import dateparser.date

    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_TIME_AS_PERIOD": True,
                "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
    if anchor:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(anchor)
    parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
    try:
        data = parser.get_date_data(t)
    except Exception:  # noqa: BLE001 - a fallback: whatever dateparser trips on is simply not read
        return None
    d = data.date_obj
    if d is None or not (1000 <= d.year <= 2200):
        return None
    kind = "absolute" if re.search(r"\b\d{4}\b", t) else "deictic"
    if kind == "deictic" and anchor is None:
        return Reading(None, None, "unknown", kind)
    if data.period == "month":
        return with_kind(month(d.year, d.month), kind)
    if data.period == "year":
        return with_kind(year(d.year), kind)
    if data.period in ("day", "time", "week"):
        return with_kind(day(d.date()), kind)
    return None

