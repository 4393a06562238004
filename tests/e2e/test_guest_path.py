"""The guest path against the real stack (issue 15, findings 2, 3, 7): guessing order numbers is
stopped across conversations, a guest cannot change the account without a link sent to its
e-mail, and a huge message is answered politely at once without holding up anyone else."""

from __future__ import annotations

import asyncio
import sqlite3
import time
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from actions.accounts.messages import STEP_UP_SENT
from actions.verification import GIVE_UP, LOCKED, VERIFIED
from icrm_models.db.engine import make_engine
from icrm_models.launcher.stack import RunningStack
from icrm_models.mail.sending import mark_sent, queued_message_ids, render_for_sending
from tests.helpers.stack import widget_metadata

pytestmark = pytest.mark.e2e

TOO_LONG = "That message is too long for me"


def chat(stack: RunningStack, sender: str, text: str) -> str:
    """What the assistant answers a guest's ``text`` in conversation ``sender``, as one string."""
    reply = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": widget_metadata(sender, None)},
        timeout=60,
    )
    reply.raise_for_status()
    return " ".join(str(m.get("text", "")) for m in reply.json())


def new_sender() -> str:
    return f"guest-{uuid.uuid4().hex[:8]}"


def _email(database: Path, customer_id: int) -> str:
    with closing(sqlite3.connect(database)) as db:
        (email,) = db.execute("select email from customers where id = ?", (customer_id,)).fetchone()
    return str(email)


def test_guessing_order_numbers_is_stopped_across_conversations(
    stack: RunningStack, database_file: Path
) -> None:
    email = _email(database_file, 3)  # Ahmed Malik, owner of order 10022
    answers: list[str] = []
    for _conversation in range(2):  # a new conversation does not reset the count per e-mail
        sender = new_sender()
        chat(stack, sender, "where is my refund?")
        for guess in (10001, 10002, 10003):
            chat(stack, sender, email)
            answers.append(chat(stack, sender, str(guess)))
    assert GIVE_UP in answers[2]  # the third failure in one conversation ends the form
    assert any(LOCKED in answer for answer in answers[3:])
    # The right number is refused now too: the address is locked, whoever asks (the lock may
    # already be told when the e-mail is given).
    sender = new_sender()
    transcript = [chat(stack, sender, text) for text in ("where is my refund?", email, "10022")]
    assert any(LOCKED in answer for answer in transcript)
    assert not any(VERIFIED in answer for answer in transcript)
    with closing(sqlite3.connect(database_file)) as db:
        (stored,) = db.execute("select count(*) from verification_failures").fetchone()
    assert stored >= 4


def test_a_guest_cannot_change_the_e_mail_without_a_link(
    stack: RunningStack, database_file: Path
) -> None:
    email = _email(database_file, 4)
    with closing(sqlite3.connect(database_file)) as db:
        (order,) = db.execute("select max(id) from orders where customer_id = 4").fetchone()
    sender = new_sender()
    chat(stack, sender, "I want to change my email address")
    chat(stack, sender, email)
    proven = chat(stack, sender, str(order))
    assert VERIFIED in proven
    answer = chat(stack, sender, "intruder@example.com")
    chat(stack, sender, "yes")
    with closing(sqlite3.connect(database_file)) as db:
        (now,) = db.execute("select email from customers where id = 4").fetchone()
    assert now == email, "a guest changed the account's e-mail without step-up"
    assert STEP_UP_SENT in answer or "confirmation link" in answer


async def test_a_huge_message_is_answered_at_once_and_holds_up_nobody(stack: RunningStack) -> None:
    async with httpx.AsyncClient(base_url=stack.rasa_url, timeout=60) as client:

        async def post(sender: str, text: str) -> tuple[float, str]:
            started = time.perf_counter()
            reply = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": widget_metadata(sender, 1)},
            )
            answer: list[dict[str, Any]] = reply.json()
            return time.perf_counter() - started, " ".join(str(m.get("text")) for m in answer)

        await post(new_sender(), "hello")  # warm
        (huge_s, huge), (normal_s, normal) = await asyncio.gather(
            post(new_sender(), "where is my order 10023? " * 4000),  # about 100 kB
            post(new_sender(), "where is my order 10023?"),
        )
    assert TOO_LONG in huge and huge_s < 1.0
    assert normal.startswith("Order 10023 (") and normal_s < 3.0


def test_forget_me_in_the_chat_leaves_no_trace_of_the_conversation(
    stack: RunningStack, database_file: Path
) -> None:
    """A logged-in customer deletes their account in the chat; afterwards nothing Rasa stored of
    that conversation (or any table) names them, and the conversation still goes on."""
    customer = 6
    with closing(sqlite3.connect(database_file)) as db:
        email, name = db.execute(
            "select email, name from customers where id = ?", (customer,)
        ).fetchone()
    sender = new_sender()

    def say(text: str) -> str:
        reply = httpx.post(
            f"{stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text, "metadata": widget_metadata(sender, customer)},
            timeout=60,
        )
        return " ".join(str(m.get("text", "")) for m in reply.json())

    say(f"hi, this is {name}, my e-mail is {email}, secret words: tangerine-octopus")
    say("please delete my account")
    assert "deleted" in say("yes")
    assert say("thanks")  # the conversation goes on after the erasure
    _send_the_outbox(database_file)  # the confirmation goes out; then it keeps no recipient
    with closing(sqlite3.connect(database_file)) as db:
        events = [
            d for (d,) in db.execute("select data from events where sender_id = ?", (sender,))
        ]
        tables = [t for (t,) in db.execute("select name from sqlite_master where type = 'table'")]
        dump = "\n".join(
            str(row) for table in tables for row in db.execute(f'select * from "{table}"')
        )
    assert events, "the conversation's later turns are stored as usual"
    for trace in (email, name, "tangerine-octopus"):
        assert not any(trace in event for event in events), trace
        assert trace not in dump, trace


def _send_the_outbox(database_file: Path) -> None:
    """What the shop's mail sender does: render each queued mail, send it, mark it sent."""
    engine = make_engine(f"sqlite:///{database_file}")
    try:
        with Session(engine) as session:
            for message_id in queued_message_ids(session):
                render_for_sending(session, message_id=message_id, now=datetime.now(UTC))
                mark_sent(session, message_id=message_id, now=datetime.now(UTC))
    finally:
        engine.dispose()


def test_a_question_while_the_e_mail_is_asked_is_answered_and_the_check_resumes(
    stack: RunningStack, database_file: Path
) -> None:
    sender = new_sender()
    assert "e-mail" in chat(stack, sender, "where is my refund?")
    aside = chat(stack, sender, "how long does delivery take?")
    assert "doesn't look like an e-mail" not in aside
    assert "day" in aside.lower() and "e-mail" in aside.lower()  # answered, then asked again
    with closing(sqlite3.connect(database_file)) as db:
        (order,) = db.execute("select max(id) from orders where customer_id = 7").fetchone()
    chat(stack, sender, _email(database_file, 7))  # nobody else's tests guess for this one
    assert VERIFIED in chat(stack, sender, str(order))
