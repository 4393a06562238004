"""What the shop's chat widget sends with every message (Rasa's message ``metadata``).

The widget (``widget/static/widget.js``, or a shop's own) and the action server are different
processes, so the contract is written down here, as rasa-sdk types its tracker state, and read
by one function. Only the newest user message's metadata counts: a message without a token must
not inherit an earlier customer's identity (anyone who knows a conversation id can post into it
through the REST or socket.io channel). Rasa's tracker store takes ``identity_token`` and
``client_key`` out of every stored event (``bot/stores/redacting_tracker_store.py``).
"""

from __future__ import annotations

from typing import Any, TypedDict

from rasa_sdk import Tracker


class WidgetMetadata(TypedDict, total=False):
    """The widget's fields of a message's metadata; a field is absent when not sent (or empty)."""

    identity_token: str  # the shop's signed token of the logged-in customer (icrm_models.identity)
    client_key: str  # the widget's random secret for this conversation (icrm_models.chat_proof)
    supports_cards: bool  # the channel renders product cards (only ever True when present)


def widget_metadata(tracker: Tracker) -> WidgetMetadata:
    """The widget's metadata of the newest user message, each field checked and typed.

    A non-dict metadata, an empty token or key, and a ``supports_cards`` that is not exactly
    ``true`` all count as not sent. Other channels send none of it: the result is then empty.
    """
    raw = _newest_user_metadata(tracker)
    metadata = WidgetMetadata()
    token = raw.get("identity_token")
    if token:
        metadata["identity_token"] = str(token)
    client_key = raw.get("client_key")
    if client_key:
        metadata["client_key"] = str(client_key)
    if raw.get("supports_cards") is True:
        metadata["supports_cards"] = True
    return metadata


def _newest_user_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata sent with the newest user message ({} when it had none)."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        metadata: Any = event.get("metadata") or {}
        return metadata if isinstance(metadata, dict) else {}
    return {}
