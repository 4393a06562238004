"""Plays planned conversations against the running stack, a few at once.

The customer's side speaks Rasa's REST channel (``/webhooks/rest/webhook``) with the widget's
metadata: its per-conversation client key, ``supports_cards``, and for a logged-in customer the
shop's signed identity token (signed here with the stack's identity key, as the shop's server
does). So every conversation lands in Rasa's tracker store exactly as a real one. The agent's
side is :class:`~icrm_models.demo_conversations.console_agent.ConsoleAgent`.

A conversation that fails (an HTTP error, a refusal of the console) stops there and is counted
with its error; the others go on. Nothing is retried: a retry would be a second message in the
tracker store.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from icrm_models.demo_conversations.console_agent import ConsoleAgent, ConsoleError
from icrm_models.demo_conversations.plan import (
    AgentPart,
    Line,
    OfferAnswer,
    PlannedConversation,
    Rating,
)
from icrm_models.identity import sign_identity

REST_PATH = "/webhooks/rest/webhook"
DECLINE = "no thanks, not interested"


class StackNotRunning(RuntimeError):
    """The Rasa server or the agents' console does not answer where it should."""


@dataclass(frozen=True)
class DemoTarget:
    """Where the running stack answers and what the demo needs to talk to it."""

    rasa_url: str
    console_url: str
    identity_key: bytes = field(repr=False)  # the shop's key: signs logged-in customers' tokens
    agent_email: str
    agent_password: str = field(repr=False)


@dataclass
class ConversationResult:
    """What happened in one played conversation."""

    script: str
    sender: str
    customer_turns: int = 0  # messages the customer sent
    bot_messages: int = 0  # messages the assistant answered with
    agent_turns: int = 0  # messages the agent sent
    off_script: int = 0  # answers without any of the expected texts
    error: str | None = None


def _client_key(sender: str) -> str:
    return f"demo-widget-client-key-{sender}"


async def check_stack(rasa_url: str, console_url: str, *, timeout_s: float = 5) -> None:
    """``StackNotRunning`` unless Rasa and the console both answer their health checks."""
    checks = (("Rasa server", f"{rasa_url}/"), ("agents' console", f"{console_url}/healthz"))
    async with httpx.AsyncClient(timeout=timeout_s) as client:
        for name, url in checks:
            try:
                answer = await client.get(url)
            except httpx.HTTPError as error:
                raise StackNotRunning(
                    f"no {name} at {url} ({type(error).__name__}): start the demo stack first "
                    "(`icrm up`, in another terminal), or give its URL (--rasa-url, --console-url)"
                ) from None
            if answer.status_code != 200:
                raise StackNotRunning(f"the {name} at {url} answers {answer.status_code}")


class _Player:
    """Plays one conversation; shared HTTP client and agent belong to the run."""

    def __init__(
        self, target: DemoTarget, client: httpx.AsyncClient, agent: ConsoleAgent | None
    ) -> None:
        self.target = target
        self.client = client
        self.agent = agent

    def metadata(self, planned: PlannedConversation) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "client_key": _client_key(planned.sender),
            "supports_cards": True,
        }
        if planned.who == "member" and planned.customer is not None:
            metadata["identity_token"] = sign_identity(
                planned.customer.id, self.target.identity_key, session_id=planned.sender
            )
        return metadata

    async def send(
        self, planned: PlannedConversation, text: str, result: ConversationResult
    ) -> list[dict[str, Any]]:
        body = {"sender": planned.sender, "message": text, "metadata": self.metadata(planned)}
        answer = await self.client.post(f"{self.target.rasa_url}{REST_PATH}", json=body)
        answer.raise_for_status()
        messages: list[dict[str, Any]] = list(answer.json())
        result.customer_turns += 1
        result.bot_messages += len(messages)
        return messages

    async def play(self, planned: PlannedConversation) -> ConversationResult:
        result = ConversationResult(planned.script, planned.sender)
        try:
            for turn in planned.turns:
                if isinstance(turn, Line):
                    said = " ".join(
                        str(m.get("text") or "")
                        for m in await self.send(planned, turn.text, result)
                    )
                    if turn.expect and not any(e in said.lower() for e in turn.expect):
                        result.off_script += 1
                elif isinstance(turn, OfferAnswer):
                    await self.answer_offers(planned, turn, result)
                elif isinstance(turn, AgentPart):
                    await self.agent_part(planned, turn, result)
                elif isinstance(turn, Rating):
                    payload = "/rate_chat" + json.dumps({"csat_score": turn.score})
                    await self.send(planned, payload, result)
        except (httpx.HTTPError, ConsoleError) as error:
            result.error = f"{type(error).__name__}: {error}"[:300]
        return result

    async def answer_offers(
        self, planned: PlannedConversation, turn: OfferAnswer, result: ConversationResult
    ) -> None:
        messages = await self.send(planned, turn.text, result)
        cards = [
            card
            for m in messages
            if isinstance(m.get("custom"), dict)
            for card in (m["custom"].get("data") or {}).get("cards", [])
        ]
        if not cards:
            result.off_script += 1
            return
        if turn.accept:
            await self.send(planned, str(cards[0]["buttons"][0]["payload"]), result)
        else:
            await self.send(planned, DECLINE, result)

    async def agent_part(
        self, planned: PlannedConversation, turn: AgentPart, result: ConversationResult
    ) -> None:
        if self.agent is None:
            raise ConsoleError("this run has no console agent to answer handoffs")
        case_id = await self.agent.case_of(planned.sender)
        await self.agent.claim(case_id)
        await self.agent.reply(case_id, turn.first_reply)
        result.agent_turns += 1
        await self.send(planned, turn.customer_says, result)
        await self.agent.reply(case_id, turn.second_reply)
        result.agent_turns += 1
        await self.agent.close(case_id, resolution=turn.resolution, category=turn.category)


async def play_conversations(
    target: DemoTarget,
    planned: Sequence[PlannedConversation],
    *,
    concurrency: int = 4,
    on_done: Callable[[ConversationResult], None] | None = None,
    timeout_s: float = 60,
) -> list[ConversationResult]:
    """Play ``planned`` with at most ``concurrency`` conversations at once; results in order.

    Checks the stack first (``StackNotRunning``); logs the agent in only when some script
    hands off. ``on_done`` is called as each conversation ends (a progress bar).
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    await check_stack(target.rasa_url, target.console_url)
    gate = asyncio.Semaphore(concurrency)
    needs_agent = any(isinstance(t, AgentPart) for p in planned for t in p.turns)
    limits = httpx.Limits(max_connections=concurrency * 2)
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits) as client:
        agent = (
            ConsoleAgent(
                target.console_url, email=target.agent_email, password=target.agent_password
            )
            if needs_agent
            else None
        )
        if agent is not None:
            await agent.log_in()
        player = _Player(target, client, agent)

        async def one(conversation: PlannedConversation) -> ConversationResult:
            async with gate:
                result = await player.play(conversation)
            if on_done is not None:
                on_done(result)
            return result

        try:
            return list(await asyncio.gather(*(one(p) for p in planned)))
        finally:
            if agent is not None:
                await agent.aclose()
