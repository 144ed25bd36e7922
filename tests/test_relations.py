"""Relations stage: member_of / allied_with and the affiliations they give."""

from __future__ import annotations

import pytest


def _id(doc, name):
    return next(a.id for a in doc.actors if name.lower() in (m.lower() for m in [a.name, *a.mentions]))


def _rels(doc):
    return {(r.type, r.subject, r.object) for r in doc.relations}


@pytest.mark.slow
def test_operating_under(extract):
    doc = extract("Kataib Hezbollah is one of several groups operating under the banner of the Islamic "
                  "Resistance in Iraq.", published="2024-07-30")
    assert ("member_of", _id(doc, "Kataib Hezbollah"), _id(doc, "Islamic Resistance in Iraq")) in _rels(doc)


@pytest.mark.slow
def test_also_a_member_of(extract):
    doc = extract("Hamas, also a member of the Axis of Resistance, rejected the proposal.", published="2024-07-30")
    rel = ("member_of", _id(doc, "Hamas"), _id(doc, "Axis of Resistance"))
    assert rel in _rels(doc)
    assert all(r.sentence for r in doc.relations)


@pytest.mark.slow
def test_including_a_and_b(extract):
    doc = extract("The strike was condemned by the Popular Mobilization Forces, which includes several "
                  "factions, including Kataib Hezbollah and the Badr Organization.", published="2024-07-30")
    pmf = _id(doc, "Popular Mobilization Forces")
    rels = _rels(doc)
    assert ("member_of", _id(doc, "Kataib Hezbollah"), pmf) in rels
    assert ("member_of", _id(doc, "Badr Organization"), pmf) in rels
    kh = next(a for a in doc.actors if a.id == _id(doc, "Kataib Hezbollah"))
    assert "Popular Mobilization Forces" in kh.affiliations


@pytest.mark.slow
def test_no_relation_without_a_cue(extract):
    doc = extract("Hamas and Hezbollah both condemned the strike.", published="2024-07-30")
    assert not [r for r in doc.relations if r.type == "member_of"]


@pytest.mark.slow
def test_aligned_gives_allied_with(extract):
    doc = extract("Iran condemned the raid. The Iran-aligned Axis of Resistance vowed revenge.", published="2024-07-30")
    assert ("allied_with", _id(doc, "Axis of Resistance"), _id(doc, "Iran")) in _rels(doc)


@pytest.mark.slow
def test_armed_wing_part_of_and_allied_with(extract):
    doc = extract("The Qassam Brigades, the armed wing of Hamas, fired rockets. The Houthis, allied with Iran, "
                  "attacked a ship. Hamas is part of the Axis of Resistance.", published="2024-01-01")
    rels = _rels(doc)
    assert ("member_of", _id(doc, "Qassam Brigades"), _id(doc, "Hamas")) in rels
    assert ("allied_with", _id(doc, "Houthis"), _id(doc, "Iran")) in rels
    assert ("member_of", _id(doc, "Hamas"), _id(doc, "Axis of Resistance")) in rels
