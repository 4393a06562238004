"""The console's one way to the customer: Rasa's live route on the socket.io channel.

``POST {rasa_url}/webhooks/socketio/live`` with the live token as Bearer: Rasa writes the
agent's line into the conversation's tracker and emits it into the customer's socket room, so
the tracker store stays the one record of every message. A refusal or an unreachable Rasa
becomes a :class:`~console.errors.ApiError` (502) the agent can read; the text they wrote
stays in their composer (the page keeps it until a send succeeded).
"""

from __future__ import annotations

import logging
from typing import Any, Literal, TypedDict

import httpx

from console.errors import ApiError

logger = logging.getLogger("console.rasa")

LiveKind = Literal[
    "message", "typing", "joined", "left", "pause", "resume", "csat_request", "product"
]
LIVE_PATH = "/webhooks/socketio/live"


class LiveAgentBody(TypedDict):
    id: int  # the agents row
    name: str  # the display name the customer sees


class RasaLive:
    """Posts live steps of a case to Rasa (one short-lived HTTP client per call)."""

    def __init__(self, rasa_url: str, token: str, *, timeout_s: float = 5.0) -> None:
        self.url = rasa_url.rstrip("/") + LIVE_PATH
        self.token = token
        self.timeout_s = timeout_s

    async def send(
        self,
        conversation_id: str,
        kind: LiveKind,
        *,
        agent: LiveAgentBody | None = None,
        text: str | None = None,
        typing: bool | None = None,
        custom: dict[str, Any] | None = None,
    ) -> None:
        """Post one step; ``ApiError(502)`` with a readable sentence when Rasa did not take it."""
        body: dict[str, Any] = {"conversation_id": conversation_id, "kind": kind}
        if agent is not None:
            body["agent"] = dict(agent)
        if text is not None:
            body["text"] = text
        if typing is not None:
            body["typing"] = typing
        if custom is not None:
            body["custom"] = custom
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                answer = await client.post(
                    self.url, json=body, headers={"Authorization": f"Bearer {self.token}"}
                )
        except httpx.HTTPError as error:
            logger.warning(
                "conversation %s: live %s not delivered, Rasa unreachable (%s)",
                conversation_id,
                kind,
                type(error).__name__,
            )
            raise ApiError(
                502, "The assistant's server cannot be reached, so the customer did not get it."
            ) from None
        if answer.status_code != 200:
            logger.warning(
                "conversation %s: Rasa refused live %s with %s: %s",
                conversation_id,
                kind,
                answer.status_code,
                answer.text[:300],
            )
            raise ApiError(
                502,
                f"The assistant's server refused it ({refusal(answer)}), "
                "so the customer did not get it.",
            )


def refusal(answer: httpx.Response) -> str:
    """Rasa's ``{"error": ...}`` sentence, or its status code."""
    try:
        body = answer.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])[:200]
    return f"HTTP {answer.status_code}"
