"""The customer's "Did you mean …?" picks become labelled examples (issue 16, point 5)."""

from __future__ import annotations

import json
from typing import Any

from icrm_models.nlu.choices import Choice, fallback_choices


def user(text: str, intent: str) -> tuple[str, str]:
    return "user", json.dumps(
        {"text": text, "timestamp": 1.0, "parse_data": {"intent": {"name": intent}}}
    )


def action(name: str) -> tuple[str, str]:
    return "action", json.dumps({"name": name})


def rows(sender: str, *events: tuple[str, str]) -> list[tuple[str, str, str]]:
    return [(sender, kind, data) for kind, data in events]


def choices(*conversations: list[tuple[str, str, str]]) -> list[Any]:
    return list(fallback_choices(row for conversation in conversations for row in conversation))


def test_a_confirmed_button_labels_the_unclear_message() -> None:
    found = choices(
        rows(
            "c1",
            user("wheres my mony for teh jaket", "nlu_fallback"),
            action("action_two_stage_fallback"),
            user('/track_refund{"product": "jacket"}', "track_refund"),
            action("action_track_refund"),
        )
    )
    assert found == [Choice("c1", "wheres my mony for teh jaket", "track_refund", 1.0)]


def test_something_else_a_rephrase_or_no_question_labels_nothing() -> None:
    assert (
        choices(
            rows(
                "a",
                user("hmm", "nlu_fallback"),
                action("action_default_ask_affirmation"),
                user("/out_of_scope", "out_of_scope"),
            ),
            rows(
                "b",
                user("hmm", "nlu_fallback"),
                action("action_default_ask_affirmation"),
                user("I mean my refund", "track_refund"),
            ),
            rows("c", user("hmm", "nlu_fallback"), user("/track_refund", "track_refund")),
        )
        == []
    )


def test_personal_data_is_redacted_and_conversations_do_not_mix() -> None:
    found = choices(
        rows("x", user("mail me at jo@example.com the bill", "nlu_fallback")),
        rows("y", user("/get_invoice", "get_invoice")),
        rows("x", action("action_default_ask_affirmation"), user("/get_invoice", "get_invoice")),
    )
    assert [(c.conversation_id, c.intent) for c in found] == [("x", "get_invoice")]
    assert "jo@example.com" not in found[0].text
