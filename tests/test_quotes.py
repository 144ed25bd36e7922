"""Quotes stage: marks and their typesetting faults (fast), attribution and speakers (slow, spaCy)."""

from __future__ import annotations

import pytest

from eventwire.knowledge.quotes import load_quote_lexicon
from eventwire.quotes import segments


def _texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in segments(text)]


# --- marks -> segments (no spaCy) -----------------------------------------------------------------

def test_curly_and_straight_marks():
    assert _texts('He said “curly words here” and "straight words here" today.') == [
        "curly words here", "straight words here"]


def test_comma_before_attribution_is_not_quoted():
    assert _texts("“We will stay,” she said.") == ["We will stay"]


def test_quote_left_open_runs_to_paragraph_end_and_continues():
    text = "The envoy said:\n“First part of the statement.\n“Second part of it.”\nUnquoted."
    segs = segments(text)
    assert [text[s.start:s.end] for s in segs] == ["First part of the statement.", "Second part of it."]
    assert segs[0].close is None and segs[1].close is not None
    assert segs[1].para == segs[0].para + 1


def test_opening_mark_used_as_closing_mark_at_paragraph_end():
    assert _texts("“This protects our people. “\nNext paragraph.") == ["This protects our people."]


def test_opening_mark_used_as_closing_mark_before_attribution():
    text = "“We are the key to reach, “Mills said. “Without us nothing moves.”"
    assert _texts(text) == ["We are the key to reach", "Without us nothing moves."]


def test_stray_closing_mark_is_ignored():
    assert _texts("No quote here” at all. “A real one here now.”") == ["A real one here now."]


def test_straight_mark_shaped_like_a_closing_one_is_a_stray():
    # the opening mark was lost: the stray must not pair up with the next quote's opening mark
    assert _texts('Roll it away," the bishop said. "The dead is no longer here," he added.') == [
        "The dead is no longer here"]


def test_paragraphs_run_together_start_new_quotes():
    text = "“We moved on. Read More “We keep our identity. “The spirit is good.”"
    segs = segments(text)
    assert [text[s.start:s.end] for s in segs] == [
        "We moved on. Read More", "We keep our identity.", "The spirit is good."]
    assert [s.cont for s in segs] == [False, True, True]


def test_invisible_characters_are_trimmed():
    assert _texts('"\u200eThe forces have begun their operation."') == ["The forces have begun their operation."]


def test_cue_lexicon_is_data():
    lex = load_quote_lexicon()
    assert {"say", "tell", "add", "warn"} <= lex.cues
    assert "call" in lex.short_cues and "say" not in lex.short_cues
    assert "statement" in lex.cue_objects and "statement" not in lex.cues
    assert lex.speaker_kinds["official"] == "person"


# --- attribution (spaCy) ----------------------------------------------------------------------------

def _quotes(extract, text):
    doc = extract(text, published="2024-05-01")
    ids = {a.id for a in doc.actors}
    for q in doc.quotes:  # every speaker is an actor record of the same document
        assert q.speaker is None or q.speaker.id in ids
    return doc, doc.quotes


def _by_start(quotes, words):
    hit = [q for q in quotes if q.text.startswith(words)]
    assert hit, f"no quote starting {words!r} in {[q.text for q in quotes]}"
    return hit[0]


# one speaker, two quote records: (text, first words of each, the speaker's surname, the cue both share)
TWO_PARTS = [
    ("“For that reason,” Minister Laura Brennan added, “we hold the rebels responsible for the attack on the "
     "convoy.”", ("For that reason", "we hold the rebels"), "Brennan", "added"),  # a split quote
    ("General Samuel Ortiz released the following statement:\n“We mourn the loss of two soldiers in the "
     "north.\n“Their service will not be forgotten by this nation.”",
     ("We mourn", "Their service"), "Ortiz", None),  # a colon introduction, continued paragraphs
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "starts", "surname", "cue"), TWO_PARTS)
def test_a_quote_in_two_parts_has_one_speaker(extract, text, starts, surname, cue):
    _, qs = _quotes(extract, text)
    a, b = (_by_start(qs, w) for w in starts)
    assert a.speaker and surname in a.speaker.name
    assert b.speaker and b.speaker.id == a.speaker.id
    if cue:
        assert a.cue == b.cue == cue


@pytest.mark.slow
def test_pronoun_carries_the_last_speaker(extract):
    _, qs = _quotes(extract, "“The talks in Geneva have failed completely,” Foreign Minister Karl Weber said. "
                             "The conference ended early.\n“We will not return to the table this year,” he added.")
    a, b = _by_start(qs, "The talks"), _by_start(qs, "We will not return")
    assert a.speaker and b.speaker and b.speaker.id == a.speaker.id and b.cue == "added"


@pytest.mark.slow
def test_unnamed_speaker_becomes_an_actor_and_is_reused(extract):
    doc, qs = _quotes(extract, "A senior army official told reporters that “the border crossing will stay closed "
                               "until further notice.”\n“No trucks will pass before the inspection,” the army "
                               "official said.")
    a, b = _by_start(qs, "the border crossing"), _by_start(qs, "No trucks")
    assert a.speaker and "official" in a.speaker.name and a.partial
    assert b.speaker and b.speaker.id == a.speaker.id
    assert any(act.id == a.speaker.id for act in doc.actors)


@pytest.mark.slow
def test_organisation_statement_and_according_to(extract):
    _, qs = _quotes(extract, "“The strike on the depot was a violation of our sovereignty,” the Defence Ministry "
                             "said in a statement.\nThe attack was “a deliberate act of aggression against "
                             "civilians,” according to the Red Crescent.")
    a, b = _by_start(qs, "The strike"), _by_start(qs, "a deliberate act")
    assert a.speaker and "Ministry" in a.speaker.name and a.cue == "said"
    assert b.speaker and "Red Crescent" in b.speaker.name and b.cue == "according to"


@pytest.mark.slow
def test_partial_quote_inside_a_sentence(extract):
    _, qs = _quotes(extract, "Opposition leader Maria Okafor denounced the new curfew as “illegal and unjust” "
                             "on Tuesday.")
    q = _by_start(qs, "illegal and unjust")
    assert q.partial and q.speaker and "Okafor" in q.speaker.name and q.cue == "denounced"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # scare quotes and names
    "The president declared an end to the “combat” mission last year. Troops moved to the airfield, also "
    "called “Camp North”, in the spring.",
    # titles of works and operations
    "Last year I wrote a long story about the town team, “The Boys of Summer”, for the paper. The raid was "
    "called “Operation Steel Curtain” by the marines.",
])
def test_quoted_words_that_are_no_ones_speech_are_not_quotes(extract, text):
    _, qs = _quotes(extract, text)
    assert qs == []


@pytest.mark.slow
def test_short_quote_as_argument_of_a_speech_verb_is_kept(extract):
    _, qs = _quotes(extract, "The Foreign Ministry called the sanctions “unacceptable” on Friday.")
    q = _by_start(qs, "unacceptable")
    assert q.partial and q.speaker and "Ministry" in q.speaker.name


@pytest.mark.slow
def test_odd_closing_mark_does_not_swallow_the_next_paragraph(extract):
    _, qs = _quotes(extract, "“The convoy reached the city safely,” the spokesman said. “The aid is being "
                         "distributed now. “\nLocal officials counted 40 trucks on Monday.")
    q = _by_start(qs, "The aid is being")
    assert "Local officials" not in q.text
    assert q.speaker and "spokesman" in q.speaker.name


@pytest.mark.slow
def test_quote_after_a_reported_speech_sentence(extract):
    _, qs = _quotes(extract, "Prime Minister Elena Vasquez said the negotiations had collapsed on Friday. "
                             "“We are deeply disappointed by the outcome of these talks.”")
    q = _by_start(qs, "We are deeply disappointed")
    assert q.speaker and "Vasquez" in q.speaker.name and q.cue == "said"


@pytest.mark.slow
def test_stage_registers_speakers_without_an_actors_stage(nlp):
    from eventwire import quotes
    from eventwire.mentions import ActorIndex

    doc = nlp("“The bridge was destroyed overnight by shelling,” a local police commander said.\n"
              "“Nobody can cross the river now,” the commander added.")
    index = ActorIndex()
    qs = quotes.extract(doc, index)
    assert len(qs) == 2 and qs[0].speaker is not None
    assert qs[1].speaker is not None and qs[1].speaker.id == qs[0].speaker.id
    actor = index.get(qs[0].speaker.id)
    assert actor is not None and "commander" in actor.name and actor.kind == "person"


@pytest.mark.slow
def test_attribution_after_a_quote_spanning_paragraphs(extract):
    _, qs = _quotes(extract, "“The first convoy left the port before dawn on Monday.\n“The second one followed "
                             "at noon,” logistics chief Daniel Mensah said.")
    a, b = _by_start(qs, "The first convoy"), _by_start(qs, "The second one")
    assert a.speaker and b.speaker and a.speaker.id == b.speaker.id and "Mensah" in b.speaker.name


def test_nested_marks_of_the_other_kind_stay_inside():
    assert _texts('“He said "no" to us twice,” she said.') == ['He said "no" to us twice']
    assert _texts('"He called it “madness” again," she said.') == ["He called it “madness” again"]


@pytest.mark.slow
def test_short_full_quote_is_not_partial(extract):
    _, qs = _quotes(extract, "“We are ready,” said Ahmed Salim, a spokesman for the movement.")
    q = _by_start(qs, "We are ready")
    assert not q.partial and q.speaker and "Salim" in q.speaker.name and q.cue == "said"


@pytest.mark.slow
def test_title_abbreviation_does_not_end_the_attribution(extract):
    _, qs = _quotes(extract, "“Vandals keep painting on the old buildings downtown,” Detective Sgt. Don Warren "
                             "said. “It is really a nuisance for the owners.”")
    a, b = _by_start(qs, "Vandals keep"), _by_start(qs, "It is really")
    assert a.speaker and "Warren" in a.speaker.name and b.speaker and b.speaker.id == a.speaker.id


@pytest.mark.slow
def test_the_group_said_is_the_last_organisation_named(nlp):
    from eventwire import quotes
    from eventwire.document import Actor
    from eventwire.mentions import ActorIndex, Mention

    text = "The Tawhid Brigade claimed the attack on the base.\n“We will continue until they leave,” the group said."
    doc = nlp(text)
    index = ActorIndex(actors=[Actor(id="a1", name="Tawhid Brigade", kind="armed_group")],
                       mentions=[Mention(4, 18, "Tawhid Brigade", "a1")])
    qs = quotes.extract(doc, index)
    assert len(qs) == 1 and qs[0].speaker is not None
    assert qs[0].speaker.id == "a1" and qs[0].speaker.name == "Tawhid Brigade"


SPEAKER_CASES = [  # (what the case shows, text, the quote's first words, part of the speaker's name[, cue])
    ("told_object_is_not_the_speaker",
     "“The ceasefire will not hold through the winter months,” Colonel Pedro Alvarez told Reuters on Sunday.",
     "The ceasefire", "Alvarez", "told"),
    ("speech_verb_before_beats_according_to_after",
     "Spokesman Ivan Petrov says “the talks will resume in June after the holidays,” according to the Interfax news agency.",
     "the talks will resume", "Petrov", "says"),
    ("speaker_is_the_subject_not_the_nearest_name",
     "Mayor Anna Lindqvist, who met Governor Peter Haas on Monday, said: “We will rebuild every school that was damaged.”",
     "We will rebuild", "Lindqvist"),
    ("appositive_title_keeps_the_named_person",
     "“Our fighters are ready to respond to any provocation,” Sheikh Omar al-Rawi, head of the Tawhid Brigade political office, told the newspaper.",
     "Our fighters", "Rawi"),
    ("title_and_name_both_parsed_as_subjects",
     "Berlin’s mayor Klaus Richter said on Monday that “the protest camp must be cleared by the end of the week.”",
     "the protest camp", "Richter"),
    ("quoted_as_saying_names_the_one_quoted",
     "Senator Grace Obi was released on Monday. State radio quoted her as saying: “I am tired but I am free and I will keep fighting.”",
     "I am tired", "Obi"),
    ("colon_introduction_without_a_speech_verb",
     "Archbishop Tomas Reyes closed the service with a prayer for the victims: “May the dead rest and may the living find peace again.”",
     "May the dead rest", "Reyes"),
    ("quote_ending_in_an_inner_quote_keeps_its_attribution",
     "“My view is simple and it is ‘classics for everyone,’” Professor Ann Soule said.",
     "My view is simple", "Soule"),
]


@pytest.mark.slow
@pytest.mark.parametrize("case, text, start, who, cue", [(*c, None)[:5] for c in SPEAKER_CASES],
                         ids=[c[0] for c in SPEAKER_CASES])
def test_speaker(extract, case, text, start, who, cue):
    _, qs = _quotes(extract, text)
    q = _by_start(qs, start)
    assert q.speaker and who in q.speaker.name
    assert cue is None or q.cue == cue
