"""Temporal expression text -> calendar interval (no spaCy here; ``dates.py`` supplies the context).

``resolve(text, anchor, future, ref)`` reads the text of one expression ("last month", "January 2020",
"a day after", "Tuesday night") and returns a ``Reading``: an interval [start, end] of days, a
precision and a kind: ``absolute`` (needs no anchor), ``deictic`` (anchored on the publication
date), ``anaphoric`` (anchored on ``ref``, the date the text last mentioned) or ``present``.
Phrase tables are data (``knowledge/data/dates/phrases.json``). Rules come first; dateparser is
only a cached fallback for spans holding digits that the rules do not read ("22/03/2013").
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "knowledge" / "data" / "dates" / "phrases.json"


@dataclass(frozen=True)
class Reading:
    start: date | None  # None: a relative expression with no anchor to resolve it against
    end: date | None
    precision: str  # day | week | month | year | range | unknown
    kind: str  # absolute | deictic | anaphoric | present


@lru_cache(maxsize=1)
def tables() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


# --- calendar units -----------------------------------------------------------------------------

def day(d: date) -> Reading:
    return Reading(d, d, "day", "")


def week(d: date) -> Reading:
    monday = d - timedelta(days=d.weekday())
    return Reading(monday, monday + timedelta(days=6), "week", "")


def month(y: int, m: int) -> Reading:
    return Reading(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month", "")


def year(y: int) -> Reading:
    return Reading(date(y, 1, 1), date(y, 12, 31), "year", "")


def span(a: date, b: date) -> Reading:
    return Reading(a, b, "day" if a == b else "range", "")


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


def with_kind(r: Reading | None, kind: str) -> Reading | None:
    return None if r is None else Reading(r.start, r.end, r.precision, kind)


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
    for reader in (_phrase, _relative, _window, _named, _holiday):
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


# --- names: weekdays, months, seasons, years, decades, centuries --------------------------------

_M = r"(january|february|march|april|may|june|july|august|september|october|november|december|" \
     r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_WD = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thu|fri|sat|sun)\.?"
_WHICH = r"(?:(last|this|next|past|coming|previous) )?"
_PART = r"(?: (?:morning|afternoon|evening|night|midday|noon|overnight|early hours))?"
_RE_WEEKDAY = re.compile(rf"^{_WHICH}{_WD}{_PART}$")
_RE_MD = re.compile(rf"^{_M} (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?$")
_RE_DM = re.compile(rf"^(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_M}(?:,? (\d{{4}}))?$")
_RE_MDD = re.compile(rf"^{_M} (\d{{1,2}}) ?(?:-|to|and|through) ?(\d{{1,2}})(?:,? (\d{{4}}))?$")
_RE_MY = re.compile(rf"^{_M},? (?:of )?(\d{{4}})$")
_RE_MONTH = re.compile(rf"^{_WHICH}{_M}(?: (?:of )?(this|last|next) year)?$")
_RE_SEASON = re.compile(rf"^(?:the )?{_WHICH}(spring|summer|autumn|fall|winter)(?:,? (?:of )?(\d{{4}}))?$")
_RE_ISO = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?$")
_RE_YEAR = re.compile(r"^(?:the year |fiscal (?:year )?|fy ?|calendar year )?(\d{4})$")
_RE_YEARS = re.compile(r"^(?:between |from )?(\d{4}) ?(?:-|/|to|and|through|until|till) ?(\d{2}|\d{4})$")
_RE_DECADE = re.compile(r"^(?:the )?(?:(\d{3})0|'(\d)0)'?s$")
_RE_CENTURY = re.compile(r"^(?:the )?(\d{1,2})(?:st|nd|rd|th) century$")


def _mnum(name: str) -> int:
    return tables()["months"][name.rstrip(".")]


def _named(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    m = re.match(rf"^{_WD},? (.+)$", t)
    if m and (_RE_MD.match(m.group(2)) or _RE_DM.match(m.group(2))):
        # "Monday, Dec. 26": the weekday picks the year when the text gives none
        got = _named(m.group(2), anchor, future, ref)
        return _agree(got, tables()["weekdays"][m.group(1).rstrip(".")], anchor)
    for rx, fn in ((_RE_ISO, _iso), (_RE_YEAR, _year), (_RE_YEARS, _years), (_RE_DECADE, _decade), (_RE_CENTURY, _century),
                   (_RE_MY, _month_year), (_RE_MD, _month_day), (_RE_MDD, _month_days), (_RE_DM, _day_month),
                   (_RE_WEEKDAY, _weekday), (_RE_MONTH, _month), (_RE_SEASON, _season)):
        m = rx.match(t)
        if m:
            return fn(m, anchor, future)
    return None


def _agree(got: Reading | None, wd: int, anchor: date | None) -> Reading | None:
    if got is None or got.start is None or got.kind != "deictic" or anchor is None or got.start.weekday() == wd:
        return got
    fits = [d for k in (-1, 0, 1) if (d := _safe_day(anchor.year + k, got.start.month, got.start.day))
            and d.weekday() == wd]
    return with_kind(day(min(fits, key=lambda d: abs(d - anchor))), "deictic") if fits else got


def _iso(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    y, mo = int(m.group(1)), int(m.group(2))
    if not (1000 <= y <= 2200 and 1 <= mo <= 12):
        return None
    if m.group(3) is None:
        return with_kind(month(y, mo), "absolute")
    when = _safe_day(y, mo, int(m.group(3)))
    return with_kind(day(when), "absolute") if when else None


def _year(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    y = int(m.group(1))
    return with_kind(year(y), "absolute") if 1000 <= y <= 2200 else None


def _years(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    a, b = int(m.group(1)), m.group(2)
    b = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
    if not (1000 <= a < b <= 2200):
        return None
    return with_kind(span(date(a, 1, 1), date(b, 12, 31)), "absolute")


def _decade(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    y0 = int(m.group(1)) * 10 if m.group(1) else 1900 + int(m.group(2)) * 10
    return with_kind(span(date(y0, 1, 1), date(y0 + 9, 12, 31)), "absolute")


def _century(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    c = int(m.group(1))  # TimeML reads "the 20th century" as 1900-1999
    if not 1 <= c <= 22:
        return None
    return with_kind(span(date((c - 1) * 100 or 1, 1, 1), date((c - 1) * 100 + 99, 12, 31)), "absolute")


def _safe_day(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _month_year(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    return with_kind(month(int(m.group(2)), _mnum(m.group(1))), "absolute")


def _md(mo: int, d: int, y: str | None, anchor: date | None, future: bool) -> Reading | None:
    if y:
        when = _safe_day(int(y), mo, d)
        return with_kind(day(when), "absolute") if when else None
    if anchor is None:
        return Reading(None, None, "unknown", "deictic")
    when = _safe_day(anchor.year, mo, d)
    if when is None:
        return None
    if not future and when > anchor:
        when = _safe_day(anchor.year - 1, mo, d)
    elif future and when < anchor:
        when = _safe_day(anchor.year + 1, mo, d)
    return with_kind(day(when), "deictic") if when else None


def _month_day(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    return _md(_mnum(m.group(1)), int(m.group(2)), m.group(3), anchor, future)


def _month_days(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    """"November 16 - 17": the first day decides the year, the range keeps both."""
    first = _md(_mnum(m.group(1)), int(m.group(2)), m.group(4), anchor, future)
    if first is None or first.start is None:
        return first
    last = _safe_day(first.start.year, first.start.month, int(m.group(3)))
    return with_kind(span(first.start, last), first.kind) if last and last > first.start else None


def _day_month(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    return _md(_mnum(m.group(2)), int(m.group(1)), m.group(3), anchor, future)


def _weekday(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    """Past tense: the latest such day on or before the anchor (the anchor's own weekday is that
    very day); future: the first on or after it. 'last'/'next' exclude the anchor day itself."""
    if anchor is None:
        return Reading(None, None, "unknown", "deictic")
    which, wd = m.group(1), tables()["weekdays"][m.group(2).rstrip(".")]
    back, ahead = (anchor.weekday() - wd) % 7, (wd - anchor.weekday()) % 7
    if which in ("last", "past", "previous"):
        when = anchor - timedelta(days=back or 7)
    elif which in ("next", "coming"):
        when = anchor + timedelta(days=ahead or 7)
    else:
        when = anchor + timedelta(days=ahead) if future else anchor - timedelta(days=back)
    return with_kind(day(when), "deictic")


def _month(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    which, mo, rel_year = m.group(1), _mnum(m.group(2)), m.group(3)
    if which and which not in ("last", "this", "next", "past", "coming", "previous"):
        return None
    if anchor is None:
        return Reading(None, None, "unknown", "deictic")
    y = anchor.year
    if rel_year:
        y += {"this": 0, "last": -1, "next": 1}[rel_year]
    elif which in ("last", "past", "previous"):
        y -= mo >= anchor.month
    elif which in ("next", "coming"):
        y += mo <= anchor.month
    elif which != "this":
        y += (mo < anchor.month) if future else -(mo > anchor.month)
    return with_kind(month(y, mo), "deictic")


def _season_span(y: int, name: str) -> Reading:
    first, last, _ = tables()["seasons"][name]
    if first > last:  # winter: December to February of the next year
        return span(date(y, first, 1), month(y + 1, last).end)
    return span(date(y, first, 1), month(y, last).end)


def _season(m: re.Match, anchor: date | None, future: bool) -> Reading | None:
    which, name, y = m.group(1), m.group(2), m.group(3)
    if y:
        return with_kind(_season_span(int(y), name), "absolute")
    if anchor is None:
        return Reading(None, None, "unknown", "deictic")
    cands = [_season_span(anchor.year + k, name) for k in (-2, -1, 0, 1)]
    if which in ("last", "past", "previous"):
        pick = [c for c in cands if c.end < anchor][-1]
    elif which in ("next", "coming"):
        pick = [c for c in cands if c.start > anchor][0]
    elif future:
        pick = [c for c in cands if c.end >= anchor][0]
    else:
        pick = [c for c in cands if c.start <= anchor][-1]
    return with_kind(pick, "deictic")


def _nth_weekday(y: int, mo: int, wd: int, nth: int) -> date:
    if nth > 0:
        first = date(y, mo, 1)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (nth - 1))
    last = month(y, mo).end
    return last - timedelta(days=(last.weekday() - wd) % 7)


def _holiday(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    """Christmas, New Year's Day, Thanksgiving...: the one before or after the anchor by tense."""
    which, _, name = t.partition(" ") if t.split(" ", 1)[0] in ("this", "last", "next") else ("", "", t)
    rule = tables()["holidays"].get(name)
    if rule is None:
        return None
    if anchor is None:
        return Reading(None, None, "unknown", "deictic")

    def on(y: int) -> date:
        if isinstance(rule[0], str):
            return _nth_weekday(y, rule[1], tables()["weekdays"][rule[0]], rule[2])
        return date(y, rule[0], rule[1])
    when = on(anchor.year)
    if which == "last" or (not which and not future):
        when = when if when < anchor or (not which and when == anchor) else on(anchor.year - 1)
    elif which == "next" or (not which and future):
        when = when if when > anchor or (not which and when == anchor) else on(anchor.year + 1)
    return with_kind(day(when), "deictic")
