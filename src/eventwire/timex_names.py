"""Calendar names -> intervals: weekdays, months, seasons, years, decades, centuries, holidays.

``read_name`` reads a text naming its date ("Tuesday", "March 5, 2019", "last spring", "the 1990s",
"2010-12"); ``read_holiday`` a feast or public holiday. Both take normalised text (``timex.normalise``)
and are readers of ``timex.resolve``, which tries them after the relative phrases.

This module sits below ``timex`` (timex imports it, never the reverse), so the ``Reading`` type and
the calendar units the readers build live here; ``timex`` re-exports them for its callers.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
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


def month(y: int, m: int) -> Reading:
    return Reading(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month", "")


def year(y: int) -> Reading:
    return Reading(date(y, 1, 1), date(y, 12, 31), "year", "")


def span(a: date, b: date) -> Reading:
    return Reading(a, b, "day" if a == b else "range", "")


def with_kind(r: Reading | None, kind: str) -> Reading | None:
    return None if r is None else Reading(r.start, r.end, r.precision, kind)


# --- spotting a name in running text ------------------------------------------------------------

# Spelt out in full, a capitalised month or weekday names a date on its own; an abbreviation only with
# its dot and before a number, since "Mar", "Sat" or "Wed" are also words and initials.
FULL_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                        "friday", "saturday", "sunday"})


def is_date_name(word: str, before_number: bool) -> bool:
    """Does a capitalised word name a month or weekday ("September", "Sept." before "17")?
    ``before_number``: the next word is a number (a day or a year)."""
    key = word.lower().rstrip(".")
    if key in FULL_NAMES:
        # "May" is also a modal verb and a name: take it only before a day or year number
        return key != "may" or before_number
    tab = tables()
    return (key in tab["months"] or key in tab["weekdays"]) and word.endswith(".") and before_number


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


def read_name(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
    m = re.match(rf"^{_WD},? (.+)$", t)
    if m and (_RE_MD.match(m.group(2)) or _RE_DM.match(m.group(2))):
        # "Monday, Dec. 26": the weekday picks the year when the text gives none
        got = read_name(m.group(2), anchor, future, ref)
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


def read_holiday(t: str, anchor: date | None, future: bool, ref: Reading | None) -> Reading | None:
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
