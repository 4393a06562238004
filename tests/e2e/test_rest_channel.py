"""Conversations through Rasa's REST channel, answered from the real database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions.orders.messages import NOT_FOUND
from icrm_models.launcher.stack import RunningStack
from tests.helpers.stack import new_sender, say, widget_metadata

pytestmark = pytest.mark.e2e


# Vague messages; which of them fall under the fallback threshold depends on the trained model,
# so the fallback tests ask the running model which ones do.
VAGUE = (
    "wat abt my thingy",
    "you know the one I mean",
    "question about the thing",
    "can you do the thing",
    "just checking",
    "one more thing",
    "my thing",
    "ok but what about the other",
    "following up",
    "re: previous",
    "tell me about it",
    "zzkx plorb wibble",
    "update?",
)


def unclear_messages(stack: RunningStack, count: int) -> list[str]:
    """``count`` of the vague messages that the running model finds unclear (nlu_fallback)."""
    found, seen = [], {}
    for text in VAGUE:
        parsed = httpx.post(
            f"{stack.rasa_url}/model/parse",
            params={"token": stack.rasa_token},
            json={"text": text},
            timeout=30,
        ).json()
        seen[text] = parsed["intent"]["name"]
        if seen[text] == "nlu_fallback" and len(parsed["intent_ranking"]) > 2:
            found.append(text)
        if len(found) == count:
            return found
    pytest.fail(f"too few unclear messages for this model: {seen}")


def test_a_logged_in_customer_gets_the_real_status_of_their_order(stack: RunningStack) -> None:
    replies = say(stack, new_sender(), "where is my order 10023?", 1)
    assert len(replies) == 1
    assert replies[0].startswith("Order 10023 (")
    assert "on its way with" in replies[0] and "Expected delivery" in replies[0]


def test_the_bot_asks_for_the_number_when_it_is_missing(stack: RunningStack) -> None:
    sender = new_sender()
    ask = say(stack, sender, "has my order shipped yet?", 2)
    # A logged-in customer is shown their latest orders to pick from (other tests on this
    # shared stack may have added newer ones).
    assert any("Which order" in r and "Your latest orders" in r for r in ask)
    answer = say(stack, sender, "10021", 2)
    assert answer == [a for a in answer if a.startswith("Order 10021 (")] and answer
    assert "being prepared" in answer[0]


def test_someone_elses_order_is_answered_like_a_missing_one(stack: RunningStack) -> None:
    other = say(stack, new_sender(), "where is my order 10023?", 2)
    missing = say(stack, new_sender(), "where is my order 19999?", 2)
    assert other == [NOT_FOUND.format(order_id=10023)]
    assert missing == [NOT_FOUND.format(order_id=19999)]


def test_conversations_are_stored_in_the_sql_tracker_store(
    stack: RunningStack, database_file: Path
) -> None:
    sender = new_sender()
    say(stack, sender, "hello", 1)
    say(stack, sender, "where is my order 10023?", 1)
    with sqlite3.connect(database_file) as conn:
        rows = conn.execute(
            "select type_name, intent_name, action_name from events where sender_id = ? "
            "order by id",
            (sender,),
        ).fetchall()
    assert ("user", "greet", None) in rows
    assert ("user", "track_order", None) in rows
    assert ("action", None, "action_track_order") in rows


def test_the_http_api_needs_the_token(stack: RunningStack) -> None:
    sender = new_sender()
    say(stack, sender, "hi", None)
    url = f"{stack.rasa_url}/conversations/{sender}/tracker"
    assert httpx.get(url, timeout=30).status_code == 401
    tracker = httpx.get(url, params={"token": stack.rasa_token}, timeout=30)
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == sender


def test_huge_and_strange_messages_get_an_answer(stack: RunningStack) -> None:
    sender = new_sender()
    for text in ["x" * 10_000, "'; DROP TABLE orders; --", "مرحبا", "🙂🙂🙂", "where\x00is"]:
        assert say(stack, sender, text, 1), text
    assert say(stack, sender, "where is my order 10023?", 1)[0].startswith("Order")


@pytest.mark.parametrize("opener", ["/get_started", "", "GET_STARTED"])
def test_a_widgets_opening_payload_gets_the_greeting(stack: RunningStack, opener: str) -> None:
    """rasa-webchat's initPayload and its kin open with these; they are not the customer's words."""
    answer = " ".join(say(stack, new_sender(), opener, None))
    assert answer and "didn't quite get" not in answer
    assert any(word in answer for word in ("Hi", "Hello", "Hey", "Welcome"))


def test_a_did_you_mean_pick_is_kept_as_a_labelled_example(
    stack: RunningStack, database_file: Path
) -> None:
    """The customer taps one of the offered intents; `icrm nlu choices` finds the pair."""
    from sqlalchemy.orm import Session

    from icrm_models.db.engine import make_engine
    from icrm_models.nlu.choices import stored_choices

    sender = new_sender()
    (unclear,) = unclear_messages(stack, 1)
    body = {"sender": sender, "message": unclear, "metadata": widget_metadata(sender, None)}
    offer = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60).json()
    buttons = [b for m in offer for b in m.get("buttons", [])]
    assert buttons and buttons[-1]["title"] == "Something else", offer
    picked = buttons[0]["payload"]
    say(stack, sender, picked, None)
    engine = make_engine(f"sqlite:///{database_file}")
    try:
        with Session(engine) as session:
            mine = [c for c in stored_choices(session) if c.conversation_id == sender]
    finally:
        engine.dispose()
    assert [(c.text, "/" + c.intent) for c in mine] == [(unclear, picked.split("{")[0])]


def _offer(stack: RunningStack, sender: str, text: str) -> list[dict[str, Any]]:
    """The buttons the widget shows after ``text`` (asserting "Something else" is the last)."""
    body = {"sender": sender, "message": text, "metadata": widget_metadata(sender, None)}
    reply = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60).json()
    buttons = [b for m in reply for b in m.get("buttons", [])]
    assert buttons and buttons[-1]["title"] == "Something else", reply
    return buttons


def test_a_second_unclear_message_offers_a_colleague(stack: RunningStack) -> None:
    """Two misses in a row (no pick, another unclear message): a colleague is offered, and
    "yes" hands the conversation over with a ticket."""
    sender = new_sender()
    first, second = unclear_messages(stack, 2)
    _offer(stack, sender, first)
    colleague = " ".join(say(stack, sender, second, None))
    assert "colleague" in colleague, colleague
    handed = " ".join(say(stack, sender, "yes", None))
    assert "colleague" in handed.lower() and "ticket" in handed.lower(), handed


def test_something_else_asks_to_rephrase_and_a_second_no_offers_a_colleague(
    stack: RunningStack,
) -> None:
    """Rasa's two stages: "Something else" asks for other words (stage 2); an unclear rephrase
    gets new choices, and "Something else" again offers a colleague."""
    sender = new_sender()
    first, second = unclear_messages(stack, 2)
    buttons = _offer(stack, sender, first)
    rephrase = " ".join(say(stack, sender, buttons[-1]["payload"], None))
    assert "other words" in rephrase or "rephrase" in rephrase, rephrase
    again = _offer(stack, sender, second)
    colleague = " ".join(say(stack, sender, again[-1]["payload"], None))
    assert "colleague" in colleague, colleague
