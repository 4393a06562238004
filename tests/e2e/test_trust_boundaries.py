"""What an attacker on the same host can do against the running stack (issue 15, findings 1 and
4): forge action calls, forge or replay the in-chat proof, replay a stored token. Real Rasa, real
action server, real database; nothing here may reveal or change a customer's data."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from icrm_models.launcher.stack import RunningStack
from tests.helpers.stack import client_key_for, token_for, widget_metadata

pytestmark = pytest.mark.e2e


def action_call(
    action: str, sender: str, slots: dict[str, Any], metadata: dict[str, Any]
) -> dict[str, Any]:
    """The body Rasa would post to the action server for ``action``."""
    user = {
        "event": "user",
        "text": "where is my order 10023?",
        "timestamp": time.time(),
        "parse_data": {"intent": {"name": "track_order", "confidence": 0.99}, "entities": []},
        "metadata": metadata,
    }
    return {
        "next_action": action,
        "sender_id": sender,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": sender,
            "slots": {"order_id": "10023", **slots},
            "latest_message": {**user["parse_data"], "text": user["text"], "metadata": metadata},
            "events": [user],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def post(stack: RunningStack, body: Any, *, token: str | None, **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    content = json.dumps(body)
    return httpx.post(
        f"{stack.action_url}/webhook",
        content=content,
        headers={**headers, **kwargs.get("headers", {})},
        timeout=30,
    )


def test_the_action_server_listens_on_loopback_only(stack: RunningStack) -> None:
    assert urlsplit(stack.action_url).hostname == "127.0.0.1"


@pytest.mark.parametrize(
    ("token", "content_type"),
    [
        (None, "application/json"),
        (None, "text/plain"),
        ("wrong-token-" + "x" * 32, "application/json"),
    ],
)
def test_a_forged_action_call_is_refused(
    stack: RunningStack, token: str | None, content_type: str
) -> None:
    body = action_call("action_track_order", "forger", {}, widget_metadata("forger", 1))
    reply = post(stack, body, token=token, headers={"Content-Type": content_type})
    assert reply.status_code == 401
    assert "10023" not in reply.text
    assert httpx.get(f"{stack.action_url}/actions", timeout=10).status_code == 401
    assert httpx.get(f"{stack.action_url}/health", timeout=10).status_code == 200


def _texts(reply: httpx.Response) -> str:
    assert reply.status_code == 200, reply.text
    return " ".join(str(r.get("text", "")) for r in reply.json()["responses"])


def test_rasa_s_own_calls_get_through(stack: RunningStack) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    reply = post(
        stack,
        action_call("action_track_order", sender, {}, widget_metadata(sender, 1)),
        token=stack.action_token,
    )
    assert "Order 10023 (" in _texts(reply)


@pytest.mark.parametrize(
    "forged_slot",
    [
        f"1:{int(time.time())}",
        "1:inf",
        "1:nan",
        "v1.eyJzdWIiOjEsIm9yZCI6MTAwMjMsImV4cCI6OTk5OTk5OTk5OX0.AAAA",
    ],
)
def test_a_forged_in_chat_proof_proves_nothing_even_with_the_endpoint(
    stack: RunningStack, forged_slot: str
) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    body = action_call(
        "action_track_order",
        sender,
        {"verified_customer_id": forged_slot},
        {"client_key": client_key_for(sender)},
    )
    answer = _texts(post(stack, body, token=stack.action_token))
    assert "Order 10023 (" not in answer and "on its way" not in answer


def test_a_token_from_another_conversation_proves_nothing(stack: RunningStack) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    stolen = {
        "client_key": client_key_for(sender),
        "identity_token": token_for(1, "some-other-conversation"),
    }
    answer = _texts(
        post(stack, action_call("action_track_order", sender, {}, stolen), token=stack.action_token)
    )
    assert "Order 10023 (" not in answer


def test_a_failing_call_does_not_echo_the_request(stack: RunningStack) -> None:
    secret = "customer-secret-text-1234"
    reply = post(
        stack,
        {"next_action": "action_track_order", "tracker": secret, "version": "3.6.21"},
        token=stack.action_token,
    )
    assert reply.status_code >= 400 and secret not in reply.text


def test_no_token_or_client_key_reaches_the_tracker_store(
    stack: RunningStack, database_file: Path
) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    metadata = widget_metadata(sender, 1)
    reply = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "where is my order 10023?", "metadata": metadata},
        timeout=60,
    )
    assert reply.json()[0]["text"].startswith("Order 10023 (")
    with closing(sqlite3.connect(database_file)) as db:
        rows = [
            data for (data,) in db.execute("select data from events where sender_id = ?", (sender,))
        ]
    assert rows, "the conversation was not stored"
    secrets = (metadata["identity_token"], metadata["client_key"])
    assert not any(secret in row for secret in secrets for row in rows)
    logs = "".join(p.read_text(errors="replace") for p in Path(stack.group.log_dir).glob("*.log"))
    assert not any(secret in logs for secret in secrets)
