"""The summary of a run: per script and in total, errors counted, most played first."""

from __future__ import annotations

from icrm_models.demo_conversations.runner import ConversationResult
from icrm_models.demo_conversations.summary import summarise


def test_rows_per_script_and_a_total() -> None:
    results = [
        ConversationResult("a", "s1", customer_turns=3, bot_messages=4),
        ConversationResult("b", "s2", customer_turns=2, bot_messages=2, agent_turns=2),
        ConversationResult("b", "s3", customer_turns=1, error="HTTPStatusError: 500"),
        ConversationResult("b", "s4", customer_turns=2, off_script=1),
    ]
    rows = summarise(results)
    assert [r.script for r in rows] == ["b", "a", "all"]
    b, a, total = rows
    assert (b.conversations, b.customer_turns, b.agent_turns, b.errors, b.off_script) == (
        3,
        5,
        2,
        1,
        1,
    )
    assert (a.conversations, a.bot_messages, a.errors) == (1, 4, 0)
    assert (total.conversations, total.customer_turns, total.bot_messages, total.errors) == (
        4,
        8,
        6,
        1,
    )
