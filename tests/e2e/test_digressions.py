"""Digressions inside forms, end to end: real Rasa, real action server, real database.

A question asked while a form waits is answered and the form asks again; another request leaves
the form and is taken up at once (``action_switch_task`` hands the message back to Rasa); a
question is never taken as the value the form asked for.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import httpx
import pytest

from icrm_models.launcher.stack import RunningStack
from tests.helpers.stack import chat, new_sender, texts

pytestmark = pytest.mark.e2e


def tracker(stack: RunningStack, sender: str, events: str = "APPLIED") -> dict[str, Any]:
    """The conversation's state through Rasa's API (``events``: APPLIED or AFTER_RESTART)."""
    response = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.rasa_token, "include_events": events},
        timeout=30,
    )
    response.raise_for_status()
    return dict(response.json())


def test_another_request_inside_a_form_leaves_it_and_is_answered(stack: RunningStack) -> None:
    sender = new_sender()
    asked = texts(chat(stack, sender, "I want to cancel an order", 1))
    assert "?" in asked  # which order?
    question = "actually, how do I track where my parcel is?"
    replies = texts(chat(stack, sender, question, 1))
    assert "leave the cancellation" in replies
    state = tracker(stack, sender)
    assert (state["active_loop"] or {}).get("name") != "cancel_order_form"
    assert state["latest_message"]["intent"]["name"] == "track_order"
    applied = [e["text"] for e in state["events"] if e["event"] == "user"]
    assert applied.count(question) == 1  # handed back once, not twice
    raw = tracker(stack, sender, "AFTER_RESTART")["events"]
    assert [e.get("text") for e in raw if e["event"] == "user"].count(question) == 2
    assert any(e["event"] == "rewind" for e in raw)


def test_a_policy_question_inside_a_form_is_answered_and_the_form_goes_on(
    stack: RunningStack,
    db: sqlite3.Connection,
) -> None:
    sender, customer = new_sender(), 4
    chat(stack, sender, "I want to make a complaint", customer)
    answer = texts(chat(stack, sender, "wait, how long does delivery usually take?", customer))
    assert "day" in answer.lower()  # the delivery-time policy
    assert tracker(stack, sender)["active_loop"]["name"] == "complaint_form"
    row = None
    for _ in range(3):  # answer what the form still asks for
        chat(stack, sender, "my parcel came two weeks late and nobody answered", customer)
        row = db.execute(
            "select summary from support_tickets where conversation_id = ?", (sender,)
        ).fetchone()
        if row:
            break
    assert row is not None and "late" in row[0]


def test_a_question_is_never_taken_as_the_new_address(stack: RunningStack) -> None:
    sender = new_sender()
    chat(stack, sender, "I want to save a default shipping address", 1)
    replies = texts(chat(stack, sender, "do you deliver to Austria?", 1))
    assert "doesn't look like" not in replies.lower()  # not checked as an address
    state = tracker(stack, sender)
    assert state["slots"]["new_address"] is None
    assert state["active_loop"]["name"] == "shipping_address_form"


def test_asking_for_a_human_inside_verification_hands_over(
    stack: RunningStack,
    db: sqlite3.Connection,
) -> None:
    sender = new_sender()
    asked = texts(chat(stack, sender, "I need a copy of my invoice", None))
    assert "e-mail" in asked.lower()
    replies = texts(chat(stack, sender, "can I talk to a real person please?", None))
    assert "leave" in replies and "e-mail address" not in replies
    assert not tracker(stack, sender)["active_loop"]
    (count,) = db.execute(
        "select count(*) from support_tickets where conversation_id = ?", (sender,)
    ).fetchone()
    assert count == 1
