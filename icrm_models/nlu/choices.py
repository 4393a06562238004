"""What customers chose when the assistant asked "Did you mean …?": labelled examples.

In Rasa's two-stage fallback, an unclear message (intent ``nlu_fallback``) is followed by
``action_default_ask_affirmation`` and, when the customer taps one of the offered intents, by a
user message whose text is the button's payload (``/track_order{...}``). That pair -- the
customer's own words and the intent they confirmed -- is a labelled example written by a real
customer, the most valuable kind for the training data. :func:`fallback_choices` reads them from
the tracker store's ``events`` rows; ``icrm nlu choices`` writes them as a ``text,intent`` CSV for
review (never merged into the training data automatically). Personal data in the text (e-mails,
phone, card and IBAN numbers, order numbers given alone) is redacted first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.privacy.tracker_store import EVENTS, has_tracker_store
from icrm_models.support.redaction import redact_personal_data

# Rasa logs the fallback loop's action; the ask action it runs inside is not always an event.
ASKING = frozenset({"action_two_stage_fallback", "action_default_ask_affirmation"})
NOT_A_CHOICE = frozenset({"nlu_fallback", "out_of_scope", None})


@dataclass(frozen=True)
class Choice:
    """An unclear message and the intent the customer confirmed for it."""

    conversation_id: str
    text: str
    intent: str
    timestamp: float | None


def fallback_choices(rows: Iterable[tuple[str, str, str]]) -> Iterator[Choice]:
    """The choices in ``rows`` (``sender_id, type_name, data`` in the order they were stored)."""
    unclear: dict[str, tuple[str, float | None]] = {}
    asked: set[str] = set()
    for sender, kind, data in rows:
        event: dict[str, Any] = json.loads(data) if data else {}
        if kind == "action" and event.get("name") in ASKING and sender in unclear:
            asked.add(sender)
            continue
        if kind != "user":
            continue
        text = str(event.get("text") or "")
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == "nlu_fallback" and not text.startswith("/"):
            unclear[sender] = (text, event.get("timestamp"))
            asked.discard(sender)
        elif sender in asked and text.startswith("/") and intent not in NOT_A_CHOICE:
            words, when = unclear.pop(sender)
            asked.discard(sender)
            yield Choice(sender, redact_personal_data(words), str(intent), when)
        elif not text.startswith("/"):
            unclear.pop(sender, None)
            asked.discard(sender)


def stored_choices(session: Session) -> list[Choice]:
    """Every choice in the tracker store of ``session``'s database (none before Rasa wrote)."""
    if not has_tracker_store(session):
        return []
    rows = session.execute(
        select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.data).order_by(
            EVENTS.c.sender_id, EVENTS.c.id
        )
    )
    return list(fallback_choices((str(s), str(k), str(d or "")) for s, k, d in rows))
