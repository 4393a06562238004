"""The identity of a Rasa event, whichever way it reached the ingest.

Rasa's SQL tracker store keeps an event as ``json.dumps(event.as_dict())`` (minus the widget's
secrets, ``bot/stores/redacting_tracker_store.py``) beside its ``sender_id``; Rasa's event
broker publishes the same dictionary with ``sender_id`` added to it. :func:`event_key` hashes
the sender and the event's *canonical* JSON (sorted keys, no spaces): key order and white space
differ between the two paths, the content does not, so one event gets one key, and the unique
``event_key`` columns make an event read twice, or from both sources, stored once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

SENDER_KEY = "sender_id"  # what Rasa's broker adds to the event it publishes
SEPARATOR = "\x00"  # between the sender and the event: no sender/JSON split is ambiguous
# One encoder for every key: ``json.dumps`` with options builds a new one per call. The text
# must stay exactly what it was (stored keys are compared with it), so no other encoder
# (orjson writes 9.5e-05 as 0.000095).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(event: dict[str, Any]) -> str:
    """``event`` as one canonical JSON text: sorted keys, compact, non-ASCII kept as is."""
    return _CANONICAL.encode(event)


def event_key(sender_id: str, event: dict[str, Any]) -> str:
    """The SHA-256 (hex) of ``sender_id`` and the event's canonical JSON."""
    text = f"{sender_id}{SEPARATOR}{canonical_json(event)}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def raw_key(sender_id: str, raw: str) -> str:
    """The key of a text that is not an event at all (bad JSON): the hash of the text itself."""
    text = f"{sender_id}{SEPARATOR}raw{SEPARATOR}{raw}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def split_broker_body(body: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """A broker message's sender and the event as the tracker store has it (sender removed).

    ``sender_id`` is None when the message has none (or not a string): the caller rejects it.
    """
    event = dict(body)
    sender = event.pop(SENDER_KEY, None)
    return (sender if isinstance(sender, str) else None), event
