"""Dates stage: phrase families, the tense rule, anaphora and which expression governs an event."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire import dates, timex

WED = date(2024, 7, 31)  # a Wednesday
PUB = WED.isoformat()


def r(text: str, anchor: date | None = WED, future: bool = False, ref: timex.Reading | None = None):
    got = timex.resolve(text, anchor, future=future, ref=ref)
    return None if got is None else (got.start and got.start.isoformat(), got.end and got.end.isoformat(),
                                     got.precision)


# --- timex: text -> interval (fast, no spaCy) --------------------------------------------------

def test_weekday_past_is_latest_on_or_before_publication():
    assert r("Monday") == ("2024-07-29", "2024-07-29", "day")
    assert r("on Thursday") == ("2024-07-25", "2024-07-25", "day")


def test_weekday_equal_to_publication_weekday_is_that_day_in_both_tenses():
    assert r("Wednesday") == (PUB, PUB, "day")
    assert r("Wednesday", future=True) == (PUB, PUB, "day")


def test_weekday_future_is_next_on_or_after_publication():
    assert r("Monday", future=True) == ("2024-08-05", "2024-08-05", "day")
    assert r("Friday", future=True) == ("2024-08-02", "2024-08-02", "day")


def test_last_and_next_weekday_exclude_the_publication_day():
    assert r("last Wednesday") == ("2024-07-24", "2024-07-24", "day")
    assert r("next Wednesday") == ("2024-08-07", "2024-08-07", "day")


def test_weekday_with_part_of_day_or_clock_time():
    assert r("Tuesday night") == ("2024-07-30", "2024-07-30", "day")
    assert r("15:00 GMT Saturday") == ("2024-07-27", "2024-07-27", "day")


def test_month_and_year_is_a_month_interval():
    assert r("January 2020") == ("2020-01-01", "2020-01-31", "month")
    assert r("in February 2024") == ("2024-02-01", "2024-02-29", "month")


def test_bare_month_follows_tense():
    assert r("in February") == ("2024-02-01", "2024-02-29", "month")
    assert r("in September") == ("2023-09-01", "2023-09-30", "month")
    assert r("in September", future=True) == ("2024-09-01", "2024-09-30", "month")
    assert r("last July") == ("2023-07-01", "2023-07-31", "month")


def test_month_day_without_year_follows_tense():
    assert r("Aug. 5") == ("2023-08-05", "2023-08-05", "day")
    assert r("Aug. 5", future=True) == ("2024-08-05", "2024-08-05", "day")
    assert r("March 22, 2013") == ("2013-03-22", "2013-03-22", "day")
    assert r("Monday, July 29") == ("2024-07-29", "2024-07-29", "day")


def test_deictic_phrases():
    assert r("earlier this year") == ("2024-01-01", PUB, "range")
    assert r("last month") == ("2024-06-01", "2024-06-30", "month")
    assert r("last year") == ("2023-01-01", "2023-12-31", "year")
    assert r("this week") == ("2024-07-29", "2024-08-04", "week")
    assert r("yesterday") == ("2024-07-30", "2024-07-30", "day")
    assert r("overnight") == ("2024-07-30", PUB, "range")


def test_years_decades_centuries_seasons():
    assert r("in 2016") == ("2016-01-01", "2016-12-31", "year")
    assert r("mid-2014") == ("2014-01-01", "2014-12-31", "year")
    assert r("the 1990s") == ("1990-01-01", "1999-12-31", "range")
    assert r("2009-2010") == ("2009-01-01", "2010-12-31", "range")
    assert r("last summer") == ("2023-06-01", "2023-08-31", "range")


def test_ago_counts_back_from_publication_at_the_unit_s_grain():
    assert r("two weeks ago") == ("2024-07-15", "2024-07-21", "week")
    assert r("three days ago") == ("2024-07-28", "2024-07-28", "day")
    assert r("four years ago") == ("2020-01-01", "2020-12-31", "year")


def test_anaphora_count_from_the_date_last_mentioned():
    jan2020 = timex.resolve("January 2020", WED)
    assert r("the following year", ref=jan2020) == ("2021-01-01", "2021-12-31", "year")
    monday = timex.resolve("Monday", WED)
    assert r("the next day", ref=monday) == ("2024-07-30", "2024-07-30", "day")
    assert r("Less than 24 hours earlier", ref=monday) == ("2024-07-28", "2024-07-29", "range")
    assert r("the following year") == (None, None, "unknown")  # nothing to count from


@pytest.mark.parametrize("text", ["three decades", "a 20-year war", "24 hours", "five years", "the 90 years",
                                  "the days", "several months"])
def test_durations_are_not_dates(text):
    assert timex.resolve(text, WED) is None


def test_without_publication_relative_dates_stay_unknown_but_absolute_ones_resolve():
    assert r("Monday", anchor=None) == (None, None, "unknown")
    assert r("last month", anchor=None) == (None, None, "unknown")
    assert r("January 2020", anchor=None) == ("2020-01-01", "2020-01-31", "month")


def test_publication():
    assert dates.publication(PUB).model_dump() == {"start": PUB, "end": PUB, "precision": "publication", "text": None}
    assert dates.publication(None).precision == "unknown"


# --- in context (spaCy) -------------------------------------------------------------------------

def _events(nlp, text: str, published: str | None = PUB, carried=None) -> dict[str, tuple]:
    doc = nlp(text)
    times = dates.extract(doc, published)
    out = {}
    for tok in doc:
        if tok.pos_ in ("VERB", "NOUN"):
            d = dates.event_date(doc, tok.idx, tok.idx + len(tok), times, published, carried)
            out[tok.text] = (d.start, d.end, d.precision)
    return out


def _exprs(nlp, text: str, published: str | None = PUB) -> dict[str, tuple]:
    return {t.text: (t.date.start, t.date.end, t.date.precision) for t in dates.extract(nlp(text), published)}


@pytest.mark.slow
def test_tense_decides_the_weekday(nlp):
    assert _exprs(nlp, "Rebels attacked the town on Monday.")["Monday"][0] == "2024-07-29"
    assert _exprs(nlp, "The ministers will meet on Monday.")["Monday"][0] == "2024-08-05"
    assert _exprs(nlp, "The ministers meet Friday in Brussels.")["Friday"][0] == "2024-08-02"
    assert _exprs(nlp, "He said on Wednesday he would resign.")["Wednesday"][0] == PUB


@pytest.mark.slow
def test_durations_are_not_extracted(nlp):
    found = _exprs(nlp, "The 20-year war ended after three decades of talks that lasted 24 hours.")
    assert not any(v[0] for v in found.values())


@pytest.mark.slow
def test_since_is_a_range_to_publication(nlp):
    assert _exprs(nlp, "Militants have attacked the base since 2014.")["2014"] == ("2014-01-01", PUB, "range")


@pytest.mark.slow
def test_following_year_is_anchored_on_the_year_last_mentioned(nlp):
    text = "The slaying of Soleimani in January 2020 angered lawmakers, who voted to expel troops the following year."
    ev = _events(nlp, text)
    assert ev["slaying"] == ("2020-01-01", "2020-01-31", "month")
    assert ev["expel"] == ("2021-01-01", "2021-12-31", "year")


@pytest.mark.slow
def test_a_day_after_dates_the_subordinate_clause(nlp):
    text = "The president spoke to reporters on Wednesday, a day after protesters stormed parliament."
    ev = _events(nlp, text)
    assert ev["stormed"] == ("2024-07-30", "2024-07-30", "day")


@pytest.mark.slow
def test_each_clause_takes_its_own_expression(nlp):
    ev = _events(nlp, "The Pentagon said Tuesday that U.S. forces struck a site near the city on Monday.")
    assert ev["said"][0] == "2024-07-30"
    assert ev["struck"][0] == "2024-07-29"


@pytest.mark.slow
def test_relative_clause_date_belongs_to_its_noun_not_the_main_verb(nlp):
    ev = _events(nlp, "Police are investigating the attack, which happened two weeks ago.")
    assert ev["attack"] == ("2024-07-15", "2024-07-21", "week")
    assert ev["investigating"] == (PUB, PUB, "publication")


@pytest.mark.slow
def test_participle_shares_the_time_of_its_clause(nlp):
    ev = _events(nlp, "Overnight, rebels shelled the town, killing three people.")
    assert ev["killing"] == ("2024-07-30", PUB, "range")


@pytest.mark.slow
def test_no_expression_gives_carried_then_publication(nlp):
    from eventwire.document import DateInfo

    text = "Militants attacked a checkpoint on Sunday. Officials condemned the attack."
    assert _events(nlp, text)["condemned"] == (PUB, PUB, "publication")
    carried = DateInfo(start="2024-07-28", end="2024-07-28", precision="day", text="Sunday")
    assert _events(nlp, text, carried=carried)["condemned"] == ("2024-07-28", "2024-07-28", "day")


@pytest.mark.slow
def test_without_publication_date_relative_event_dates_are_unknown(nlp):
    ev = _events(nlp, "Rebels attacked the town on Monday.", published=None)
    assert ev["attacked"] == (None, None, "unknown")


def test_holidays_follow_tense():
    thu = date(2016, 11, 24)  # Thanksgiving Day 2016
    assert r("Thanksgiving Day", anchor=thu) == ("2016-11-24", "2016-11-24", "day")
    assert r("Christmas", anchor=thu) == ("2015-12-25", "2015-12-25", "day")
    assert r("Christmas", anchor=thu, future=True) == ("2016-12-25", "2016-12-25", "day")
    assert r("last Thanksgiving", anchor=thu) == ("2015-11-26", "2015-11-26", "day")


@pytest.mark.slow
def test_untagged_month_and_weekday_names_are_found(nlp):
    found = _exprs(nlp, "Talks resumed on September 17 and again on Thursday.", published="2024-09-20")
    assert found.get("September 17") == ("2024-09-17", "2024-09-17", "day")
    assert found.get("Thursday") == ("2024-09-19", "2024-09-19", "day")


@pytest.mark.slow
def test_numbered_things_are_not_years(nlp):
    found = _exprs(nlp, "The council adopted Resolution 2118 on Friday.")
    assert not any(v[0] and v[0].startswith("2118") for v in found.values())


def test_weekday_with_month_day_picks_the_year_it_falls_on():
    # 26 December 2016 was a Monday; without the weekday the past-tense reading would be 2015
    assert r("Monday, Dec. 26", anchor=date(2016, 11, 24)) == ("2016-12-26", "2016-12-26", "day")
    assert r("Dec. 26", anchor=date(2016, 11, 24)) == ("2015-12-26", "2015-12-26", "day")


@pytest.mark.slow
def test_n_days_after_a_noun_dates_that_noun_from_the_main_clause(nlp):
    ev = _events(nlp, "Police arrested five suspects last Thursday, two days after the bombing.")
    assert ev["bombing"] == ("2024-07-23", "2024-07-23", "day")
    assert ev["arrested"] == ("2024-07-25", "2024-07-25", "day")


@pytest.mark.slow
def test_present_passive_looks_ahead(nlp):
    assert _exprs(nlp, "The minister is expected to visit Baghdad on Sunday.")["Sunday"][0] == "2024-08-04"
    assert _exprs(nlp, "The minister was expected to visit Baghdad on Sunday.")["Sunday"][0] == "2024-07-28"


@pytest.mark.slow
def test_conjoined_clause_in_another_tense_keeps_its_own_time(nlp):
    ev = _events(nlp, "Soldiers raided the camp on Tuesday and the government has defended the operation.")
    assert ev["raided"][0] == "2024-07-30"
    assert ev["defended"] == (PUB, PUB, "publication")


@pytest.mark.slow
def test_reported_clause_takes_its_own_date_then_carried_then_the_report_date(nlp):
    from eventwire.document import DateInfo

    own = _events(nlp, "Officials said on Tuesday that soldiers raided the camp on Sunday.")
    assert own["said"][0] == "2024-07-30"
    assert own["raided"][0] == "2024-07-28"
    text = "Officials said on Tuesday that soldiers raided the camp."
    assert _events(nlp, text)["raided"] == ("2024-07-30", "2024-07-30", "day")
    carried = DateInfo(start="2024-07-29", end="2024-07-29", precision="day", text="Monday")
    assert _events(nlp, text, carried=carried)["raided"][0] == "2024-07-29"
    trailing = _events(nlp, "Soldiers have raided the camp, the spokesman said in a statement Tuesday.")
    assert trailing["raided"][0] == "2024-07-30"


@pytest.mark.slow
def test_date_before_a_trailing_attribution_belongs_to_the_reported_clause(nlp):
    ev = _events(nlp, "A local man pleaded guilty to a fraud charge Thursday, the district attorney announced.")
    assert ev["pleaded"][0] == "2024-07-25"


@pytest.mark.slow
def test_participial_adjunct_dates_the_main_clause(nlp):
    ev = _events(nlp, "Speaking to reporters in 2019, the minister promised reforms.")
    assert ev["promised"] == ("2019-01-01", "2019-12-31", "year")


def test_publication_date_written_otherwise_is_read_and_junk_is_no_anchor():
    assert dates.publication("July 31, 2024").start == PUB
    assert dates.publication("2024-07-31T09:30:00Z").start == PUB
    assert dates.publication("not a date").precision == "unknown"


@pytest.mark.slow
def test_current_unit_is_clipped_at_publication_by_tense(nlp):
    assert _exprs(nlp, "Troops withdrew from the city this week.")["this week"] == ("2024-07-29", PUB, "range")
    assert _exprs(nlp, "The council will vote on the law this year.")["this year"] == (PUB, "2024-12-31", "range")
    assert _exprs(nlp, "Rebels seized the town in 2024.")["2024"] == ("2024-01-01", PUB, "range")


@pytest.mark.slow
def test_headline_present_tense_tells_the_past(nlp):
    text = "Strike kills 20 in Gaza on Tuesday\n\nGAZA CITY - The ministers meet on Friday."
    found = dates.extract(nlp(text), PUB)
    assert [(t.text, t.date.start) for t in found] == [("Tuesday", "2024-07-30"), ("Friday", "2024-08-02")]


def test_windows_ending_or_starting_at_publication_are_ranges():
    assert r("the past 24 hours") == ("2024-07-30", PUB, "range")
    assert r("over the last three days") == ("2024-07-28", PUB, "range")
    assert r("the next two weeks") == (PUB, "2024-08-14", "range")
    assert r("in recent weeks") == ("2024-07-01", PUB, "range")
    assert r("the past 24 hours", anchor=None) == (None, None, "unknown")
