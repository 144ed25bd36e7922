"""ActorIndex.add: late-found actors join the actor they are, or become new ones."""

from __future__ import annotations

from eventwire.document import Actor
from eventwire.mentions import ActorIndex, Mention


def _index() -> ActorIndex:
    idx = ActorIndex(actors=[Actor(id="a1", name="Washington", canonical="United States", kind="state",
                                   country="USA", mentions=["Washington"])])
    idx.mentions.append(Mention(0, 10, "Washington", "a1"))
    return idx


def test_add_returns_the_actor_already_at_the_span() -> None:
    idx = _index()
    assert idx.add("Washington", 2, 8) == "a1"
    assert len(idx.actors) == 1


def test_add_joins_the_actor_with_the_same_canonical() -> None:
    idx = _index()
    aid = idx.add("U.S.", 40, 44, kind="state", country="USA", canonical="United States")
    assert aid == "a1"
    assert idx.get("a1").mentions == ["Washington", "U.S."]
    assert idx.at(40, 44) == "a1"


def test_add_creates_an_unresolved_actor_otherwise() -> None:
    idx = _index()
    aid = idx.add("a defense official", 50, 68, kind="person", country="USA")
    assert aid == "a2"
    assert idx.get(aid).canonical is None and idx.get(aid).country == "USA"
    assert idx.add("Canada", 80, 86, canonical="Canada") == "a3"  # another canonical: a new actor
