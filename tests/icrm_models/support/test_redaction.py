"""Tickets copy the chat without the personal data typed into it (issue 15, finding 10): the
e-mail address and order number a guest verified with, phone, card and IBAN numbers."""

from __future__ import annotations

import doctest
import time

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.schema import SupportTicket
from icrm_models.support import redaction
from icrm_models.support.complaints import ComplaintRequest, open_complaint
from icrm_models.support.handoff import request_handoff
from icrm_models.support.redaction import redact_personal_data, redact_transcript
from icrm_models.support.summary import MESSAGE_LIMIT, ticket_summary
from tests.helpers.shop import AS_OF

# What a guest types while verifying and asking for help, and what must not reach a ticket.
GUEST_CHAT = [
    "where is my order?",
    "roni_cost@example.com",
    "10023",
    "my order number is #10021",
    "call me on +49 170 1234567 or 0170-7654321",
    "refund to DE89 3704 0044 0532 0130 00, not my card 4111 1111 1111 1111",
    "let me talk to a human",
]
SECRETS = ("roni_cost", "example.com", "10023", "10021", "1234567", "7654321", "3704", "4111")


@pytest.mark.parametrize(
    ("typed", "copied"),
    [
        ("roni_cost@example.com", "[email]"),
        ("It's Roni.Cost+shop@mail.example.co.uk!", "It's [email]!"),
        ("10023", "[order number]"),  # the answer to "one of your order numbers?"
        ("it's #10023 thanks", "it's [order number] thanks"),
        ("order #10023 and 10024", "order [order number] and [order number]"),
        ("roni@example.com, order 10023", "[email], order [order number]"),
        ("+44 (0)20 7946 0958", "[phone number]"),
        ("(030) 1234-5678 or 555-123-4567", "[phone number] or [phone number]"),
        ("01701234567", "[phone number]"),
        ("GB82 WEST 1234 5698 7654 32", "[IBAN]"),
        ("DE89370400440532013000.", "[IBAN]."),
        ("4111-1111-1111-1111 / 378282246310005", "[card number] / [card number]"),
    ],
)
def test_personal_data_in_copied_messages_is_replaced(typed: str, copied: str) -> None:
    assert redact_transcript(typed) == copied


@pytest.mark.parametrize(
    "text",
    [
        "where is my refund for 10022?",  # a question about an order: the colleague needs it
        "my order 10023 arrived damaged",
        "I bought 2 jackets for 45.99 euros in 2025",
        "it arrived on 2026-11-02, 10 days late, sizes 42-44",
        "prices 19.99 29.99, the box was crushed",
        "Hoodie size XL, colour blue, returned 3 of 4 items",
    ],
)
def test_ordinary_words_and_numbers_stay(text: str) -> None:
    assert redact_transcript(text) == text


def test_the_customers_own_description_keeps_the_order_it_is_about() -> None:
    words = "order 10023 arrived broken, write to roni@example.com"
    assert redact_personal_data(words) == "order 10023 arrived broken, write to [email]"


def test_hidden_characters_and_cuts_do_not_let_an_address_through() -> None:
    hidden = "ro\u200bni@exa\u200bmple.com"
    assert ticket_summary("h", recent_messages=[hidden]).splitlines()[-1] == "- [email]"
    cut = "x " * (MESSAGE_LIMIT // 2 - 5) + "roni_cost@example.com"
    assert "roni" not in ticket_summary("h", recent_messages=[cut])


def test_a_huge_message_is_redacted_in_linear_time() -> None:
    started = time.perf_counter()
    for text in ("a" * 200_000, "1" * 200_000, "a." * 100_000, "+1 " * 70_000, "1-" * 100_000):
        redact_transcript(text)
    assert time.perf_counter() - started < 2.0


def test_a_guests_handoff_ticket_holds_none_of_the_verification_answers(shop: Engine) -> None:
    with Session(shop) as session:
        handoff = request_handoff(
            session,
            conversation_id="guest-1",
            customer_id=None,
            recent_messages=GUEST_CHAT,
            trigger="asked",
            now=AS_OF,
        )
    with Session(shop) as session:
        ticket = session.get(SupportTicket, handoff.ticket_id)
        assert ticket is not None
        assert not [s for s in SECRETS if s in ticket.summary]
        assert "- [email]" in ticket.summary and "- [order number]" in ticket.summary
        assert "- let me talk to a human" in ticket.summary


def test_a_complaint_ticket_redacts_the_chat_and_the_description(shop: Engine) -> None:
    with Session(shop) as session:
        opened = open_complaint(
            session,
            ComplaintRequest(
                conversation_id="guest-2",
                customer_id=None,
                category="damaged",
                customer_words="it arrived broken, call me on 0170 1234567",
                recent_messages=GUEST_CHAT,
            ),
            now=AS_OF,
        )
    with Session(shop) as session:
        ticket = session.get(SupportTicket, opened.ticket_id)
        assert ticket is not None
        assert not [s for s in SECRETS if s in ticket.summary]
        assert 'words: "it arrived broken, call me on [phone number]"' in ticket.summary


def test_the_docstring_examples() -> None:
    result = doctest.testmod(redaction)
    assert result.attempted > 0 and result.failed == 0
