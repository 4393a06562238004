"""Talking to the real stack in end-to-end tests: the widget's metadata, messages and replies."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from icrm_models.identity import sign_identity
from icrm_models.launcher.stack import RunningStack

# The identity secret the e2e stack is started with (tests/e2e/conftest.py).
SECRET = "e2e-identity-secret-" + "e" * 32


def new_sender(prefix: str = "e2e") -> str:
    """A conversation id of its own, so tests never share a tracker."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def client_key_for(sender: str) -> str:
    """The widget's client key in conversation ``sender`` (one per conversation, like a tab's:
    the verification limits count per client)."""
    return f"e2e-widget-client-key-{sender}"


def token_for(customer_id: int, sender: str) -> str:
    """The shop's identity token for ``customer_id`` in conversation ``sender``."""
    return sign_identity(customer_id, SECRET.encode(), session_id=sender)


def widget_metadata(sender: str, customer: int | None) -> dict[str, Any]:
    """What the widget sends with each message: its client key, and the token when logged in."""
    metadata: dict[str, Any] = {"client_key": client_key_for(sender)}
    if customer is not None:
        metadata["identity_token"] = token_for(customer, sender)
    return metadata


def chat(stack: RunningStack, sender: str, text: str, customer: int | None) -> list[dict[str, Any]]:
    """``text`` from the widget in conversation ``sender``, as ``customer`` (None: a guest)."""
    body: dict[str, Any] = {
        "sender": sender,
        "message": text,
        "metadata": widget_metadata(sender, customer),
    }
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    response.raise_for_status()
    return list(response.json())


def say(stack: RunningStack, sender: str, text: str, customer: int | None) -> list[str]:
    """The texts the assistant answers ``text`` with (see ``chat``)."""
    return [m.get("text", "") for m in chat(stack, sender, text, customer)]


def texts(messages: list[dict[str, Any]]) -> str:
    """The texts of the messages, as one string."""
    return " ".join(m.get("text", "") for m in messages)
