"""A conversation's outcome: the rules, the same in Python and in SQL, and the notebook view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text

from icrm_models.analytics.outcomes import (
    ConversationFacts,
    Outcome,
    outcome_expression,
    outcome_of,
)
from icrm_models.analytics.views import OUTCOMES_VIEW, create_views
from icrm_models.db.tables.analytics import AnalyticsConversation
from tests.helpers.analytics_rows import DAY, AnalyticsRows, Said

LATER = DAY + timedelta(hours=2)  # every conversation below has ended by then


def facts(**changes: object) -> ConversationFacts:
    """A contained conversation (two messages, ended at DAY + 2 min) with ``changes``."""
    base: dict[str, object] = {
        "customer_turns": 2,
        "last_event_at": DAY + timedelta(minutes=2),
        "handoff_at": None,
        "active_form": None,
        "last_customer_at": DAY + timedelta(minutes=1),
        "last_fallback_at": None,
    }
    return ConversationFacts(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, Outcome.CONTAINED),
        ({"customer_turns": 0}, Outcome.EMPTY),
        ({"handoff_at": DAY}, Outcome.HANDED_OFF),
        ({"active_form": "return_form"}, Outcome.ABANDONED),
        ({"last_fallback_at": DAY + timedelta(minutes=1)}, Outcome.ABANDONED),
        # a fallback, then a message the bot understood: helped, not abandoned
        ({"last_fallback_at": DAY}, Outcome.CONTAINED),
        # handed off mid-form: a person took over, that is what counts
        ({"handoff_at": DAY, "active_form": "return_form"}, Outcome.HANDED_OFF),
    ],
)
def test_rules(changes: dict[str, object], expected: Outcome) -> None:
    assert outcome_of(facts(**changes), LATER) == expected


def test_quiet_for_less_than_the_idle_timeout_is_ongoing() -> None:
    abandoned_form = facts(active_form="return_form")
    assert outcome_of(abandoned_form, DAY + timedelta(minutes=33)) == Outcome.ABANDONED
    assert outcome_of(abandoned_form, DAY + timedelta(minutes=31)) == Outcome.ONGOING
    shorter = timedelta(minutes=10)
    assert outcome_of(abandoned_form, DAY + timedelta(minutes=20), shorter) == Outcome.ABANDONED
    # a handoff is known at once, whatever the clock says
    assert outcome_of(facts(handoff_at=DAY), DAY + timedelta(minutes=3)) == Outcome.HANDED_OFF


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="idle timeout must be positive"):
        outcome_of(facts(), LATER, timedelta(0))
    with pytest.raises(ValueError, match="naive datetime"):
        outcome_of(facts(), LATER.replace(tzinfo=None))


def _varied(rows: AnalyticsRows) -> dict[str, Outcome]:
    """One conversation of each outcome at LATER, by conversation id."""
    rows.conversation(conversation_id="contained", said=[Said(), Said("thanks")])
    rows.conversation(conversation_id="handed", said=[Said("human")], handoff_reason="asked")
    rows.conversation(
        conversation_id="mid-form",
        said=[Said("return_item")],
        active_form="return_form",
        requested_slot="order_id",
    )
    rows.conversation(conversation_id="fell-back", said=[Said("nlu_fallback", 0.2, True)])
    rows.conversation(conversation_id="empty", said=[])
    rows.conversation(conversation_id="ongoing", started_at=LATER - timedelta(minutes=5))
    return {
        "contained": Outcome.CONTAINED,
        "handed": Outcome.HANDED_OFF,
        "mid-form": Outcome.ABANDONED,
        "fell-back": Outcome.ABANDONED,
        "empty": Outcome.EMPTY,
        "ongoing": Outcome.ONGOING,
    }


def test_sql_and_python_agree(engine: Engine) -> None:
    expected = _varied(AnalyticsRows(engine))
    c = AnalyticsConversation
    cutoff = LATER - timedelta(minutes=30)
    query = select(c, outcome_expression(cutoff).label("outcome"))
    with engine.connect() as conn:
        found = conn.execute(query).all()
    in_sql = {row.conversation_id: row.outcome for row in found}
    in_python = {row.conversation_id: outcome_of(ConversationFacts.of(row), LATER) for row in found}
    assert in_sql == in_python == {k: v.value for k, v in expected.items()}


def test_view_gives_each_conversation_its_outcome_and_case(engine: Engine) -> None:
    """The view uses the database's clock: DAY is long past, so only decided outcomes."""
    rows = AnalyticsRows(engine)
    expected = _varied(rows)
    rows.case("handed", DAY + timedelta(minutes=2), reply_after=timedelta(seconds=90))
    assert create_views(engine) == [OUTCOMES_VIEW]
    assert create_views(engine) == [OUTCOMES_VIEW]  # again: replaced, not an error
    with engine.connect() as conn:
        found = conn.execute(
            text(f"SELECT conversation_id, outcome, abandonment_kind, case_id FROM {OUTCOMES_VIEW}")
        ).all()
    by_id = {row.conversation_id: row for row in found}
    expected["ongoing"] = Outcome.CONTAINED  # started at LATER - 5 min, long ago for the clock
    assert {k: r.outcome for k, r in by_id.items()} == {k: v.value for k, v in expected.items()}
    assert by_id["mid-form"].abandonment_kind == "mid_form"
    assert by_id["fell-back"].abandonment_kind == "after_fallback"
    assert by_id["contained"].abandonment_kind is None
    assert by_id["handed"].case_id is not None
    assert by_id["contained"].case_id is None


def test_view_sees_a_fresh_conversation_as_ongoing(engine: Engine) -> None:
    rows = AnalyticsRows(engine)
    rows.conversation(conversation_id="now", started_at=datetime.now(UTC) - timedelta(minutes=2))
    rows.conversation(conversation_id="old", started_at=datetime.now(UTC) - timedelta(hours=2))
    create_views(engine)
    with engine.connect() as conn:
        found: dict[str, str] = dict(
            conn.execute(text(f"SELECT conversation_id, outcome FROM {OUTCOMES_VIEW}")).all()
        )
    assert found == {"now": "ongoing", "old": "contained"}
