"""Events take the date of their clause, else the previous sentence's episode, else publication."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _dates(extract, text: str, published: str) -> dict[str, tuple]:
    doc = extract(text, published=published)
    return {e.trigger.lower(): (e.date.start, e.date.precision) for e in doc.events if e.trigger}


def test_an_undated_event_continues_the_previous_sentences_episode(extract) -> None:
    text = ("Rebel fighters attacked an army base near Goma in March 2019. "
            "Government troops then shelled rebel positions in the hills. "
            "The United Nations has condemned the violence.")
    d = _dates(extract, text, "2024-05-10")
    assert d["attacked"] == ("2019-03-01", "month")
    assert d["shelled"] == ("2019-03-01", "month")  # carried from the sentence before
    assert d["condemned"][1] == "publication"  # two sentences on: no longer the same episode


def test_now_starts_no_episode(extract) -> None:
    text = ("The army is now shelling rebel positions near Goma. "
            "Rebel fighters attacked an army convoy.")
    d = _dates(extract, text, "2024-05-10")
    assert d["attacked"] == ("2024-05-10", "publication")
