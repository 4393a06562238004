"""What a slot held before the customer's newest message, read from the tracker's events.

Form validations see this turn's slot candidates already applied (Rasa appends their
``SlotSet`` events after the newest user event), so "did the customer just change the order?"
and "keep the value this message must not overwrite" need the value from before that message.
One helper for every form, with one set of rules:

* only the events Rasa still applies count (:meth:`Tracker.applied_events`): a restart, an undo
  and a rewind (``action_switch_task`` reverts a message and utters it again) drop what they
  revert, so the value is the one the conversation really had;
* a reset is None: ``SlotSet(slot, None)``, a new session (``session_started``; the slots Rasa
  carries over follow it as ``SlotSet`` events) and ``AllSlotsReset`` (``reset_slots``);
* a conversation without any user message has no "newest message": the slot's current value.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

# Events after which every slot is back to None (a restart is dropped by applied_events too).
RESETS = frozenset({"session_started", "reset_slots", "restart"})


def slot_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The value ``slot`` had just before the newest user message (see the module's rules)."""
    events = tracker.applied_events()
    latest = next(
        (i for i in range(len(events) - 1, -1, -1) if events[i].get("event") == "user"), None
    )
    if latest is None:
        return tracker.get_slot(slot)
    value: Any = None
    for event in events[:latest]:
        kind = event.get("event")
        if kind in RESETS:
            value = None
        elif kind == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value
