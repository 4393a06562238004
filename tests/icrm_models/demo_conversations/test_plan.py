"""The plan of a demo run: seeded, weighted, every placeholder filled from a real customer."""

from __future__ import annotations

from collections import Counter

import pytest

from icrm_models.demo_conversations.cast import DemoCustomer
from icrm_models.demo_conversations.plan import (
    AgentPart,
    Line,
    OfferAnswer,
    Rating,
    plan_conversations,
)
from icrm_models.demo_conversations.scripts import SCRIPTS, script_named

CAST = [
    DemoCustomer(id=i, email=f"customer{i}@example.com", first_name=f"Name{i}", order_id=10000 + i)
    for i in range(1, 31)
]


def _texts(plan: list) -> list[str]:  # type: ignore[type-arg]
    return [t.text for p in plan for t in p.turns if isinstance(t, Line | OfferAnswer)]


def test_the_same_seed_plays_the_same_words_with_new_senders() -> None:
    first = plan_conversations(60, seed=7, cast=CAST)
    again = plan_conversations(60, seed=7, cast=CAST)
    other = plan_conversations(60, seed=8, cast=CAST)
    assert [p.turns for p in first] == [p.turns for p in again]
    assert [p.script for p in first] == [p.script for p in again]
    assert [p.script for p in first] != [p.script for p in other]
    # a new run meets new visitors: last run's trackers are never continued
    assert not {p.sender for p in first} & {p.sender for p in again}
    assert len({p.sender for p in first}) == 60


def test_scripts_are_drawn_in_their_proportions() -> None:
    n = 4000
    counts = Counter(p.script for p in plan_conversations(n, seed=1, cast=CAST))
    total_weight = sum(s.weight for s in SCRIPTS)
    for script in SCRIPTS:
        expected = n * script.weight / total_weight
        assert abs(counts[script.name] - expected) < 4 * expected**0.5 + 5, script.name
    assert set(counts) == {s.name for s in SCRIPTS}


def test_placeholders_are_filled_from_the_customer_who_plays() -> None:
    plan = plan_conversations(400, seed=3, cast=CAST)
    assert not any("{" in text for text in _texts(plan))
    guests = [p for p in plan if p.who == "guest"]
    assert guests
    for conversation in guests:
        said = " ".join(t.text for t in conversation.turns if isinstance(t, Line))
        assert conversation.customer is not None
        assert conversation.customer.email in said
        assert str(conversation.customer.order_id) in said
    lookups = [p for p in plan if p.script == "order look-up (logged in)"]
    for conversation in lookups:
        first = conversation.turns[0]
        assert isinstance(first, Line) and conversation.customer is not None
        assert first.expect == (str(conversation.customer.order_id),)
    assert all(p.customer is None for p in plan if p.who == "anonymous")


def test_handoffs_have_an_agent_part_and_ratings_stay_in_range() -> None:
    plan = plan_conversations(600, seed=5, cast=CAST)
    handoffs = [p for p in plan if p.script.startswith("handoff")]
    assert handoffs
    for conversation in handoffs:
        parts = [t for t in conversation.turns if isinstance(t, AgentPart)]
        assert len(parts) == 1 and parts[0].resolution in {"solved", "not_solved"}
        assert conversation.customer is not None
        assert conversation.customer.first_name in parts[0].first_reply
    scores = [t.score for p in plan for t in p.turns if isinstance(t, Rating)]
    assert scores and set(scores) <= {1, 2, 3, 4, 5}


def test_customers_are_dealt_round_the_cast() -> None:
    plan = plan_conversations(300, seed=2, cast=CAST)
    played = Counter(p.customer.id for p in plan if p.customer is not None)
    assert len(played) == len(CAST)
    assert max(played.values()) - min(played.values()) <= 10


def test_bad_requests_are_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        plan_conversations(0, seed=1, cast=CAST)
    with pytest.raises(ValueError, match="no demo customers"):
        plan_conversations(5, seed=1, cast=[])
    with pytest.raises(ValueError, match="known: order look-up"):
        script_named("no such script")
    anonymous_only = [script_named("small talk")]
    assert plan_conversations(3, seed=1, cast=[], scripts=anonymous_only)
