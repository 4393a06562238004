"""Why a conversation is handed to a colleague (``live_cases.reason``), read from the tracker.

- ``asked``: the customer asked for a human (``contact_human_agent``).
- ``fallback``: the customer said yes to the colleague the fallback offered after the assistant
  gave up understanding (``action_default_fallback``, the stage after Rasa's two-stage
  fallback's "Did you mean …?" and "please rephrase").
- ``escalation``: the customer said yes to the colleague offered for an escalating complaint
  (``action_open_complaint``: legal or chargeback threats, strong words, shouting, a repeated
  contact — :mod:`icrm_models.support.escalation`).
- ``accepted_offer``: yes to an offer whose origin is no longer in the tracker.

Escalation signals lead to an **offer**, not to a handoff without asking. The signals are
patterns over free text and misfire ("bloody brilliant", "I don't want to sue anyone"); a
handoff pauses the assistant until an agent hands the chat back, which outside contact hours can
be a whole weekend of silence for a customer who only wanted an answer. The offer costs one tap,
the complaint's ticket already carries the urgent priority either way, and accepting it queues
the case with that priority (a legal threat is ``urgent``, so it heads the agents' queue).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.digressions.answers import latest_intent
from actions.handoff.slots import HANDOFF_OFFERED

ASKED = "asked"
ACCEPTED_OFFER = "accepted_offer"
# The action that offered a colleague → the reason accepting its offer gives.
OFFERED_BY = {
    "action_default_fallback": "fallback",
    "action_open_complaint": "escalation",
}


def offering_action(events: list[dict[str, Any]]) -> str | None:
    """The action that set ``handoff_offered`` last (its events follow its ``action`` event)."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "slot" and event.get("name") == HANDOFF_OFFERED:
            if not event.get("value"):
                return None  # the latest offer was withdrawn or answered
            for earlier in reversed(events[:index]):
                if earlier.get("event") == "action":
                    name = earlier.get("name")
                    return str(name) if name else None
            return None
    return None


def handoff_reason(tracker: Tracker) -> str:
    """``asked``, ``fallback``, ``escalation`` or ``accepted_offer`` for this handoff."""
    if latest_intent(tracker) == "contact_human_agent":
        return ASKED
    offered_by = offering_action(list(tracker.events))
    return OFFERED_BY.get(offered_by or "", ACCEPTED_OFFER)
