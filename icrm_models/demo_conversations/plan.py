"""The plan of a demo run: which script each conversation follows, as whom, with which words.

Everything random is decided here, from one seed, before anything is sent: the same seed and
the same database give the same conversations (what the assistant answers may still differ, it
is a real one). Scripts are drawn by weight; customers are dealt round a shuffled cast, so a
small run still meets different people and no guest's e-mail is asked about often.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from icrm_models.demo_conversations.cast import DemoCustomer
from icrm_models.demo_conversations.scripts import (
    SCRIPTS,
    AgentHandles,
    AnswerOffers,
    Rate,
    Resolution,
    Say,
    Script,
    Who,
)


@dataclass(frozen=True)
class Line:
    """The customer says ``text``; the answer should contain one of ``expect`` (lower case)."""

    text: str
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferAnswer:
    """The customer asks for offers with ``text`` and accepts the first one or declines all."""

    text: str
    accept: bool


@dataclass(frozen=True)
class AgentPart:
    """What the agent writes, what the customer answers in between, and how the case closes."""

    first_reply: str
    customer_says: str
    second_reply: str
    resolution: Resolution
    category: str


@dataclass(frozen=True)
class Rating:
    """The customer rates the chat ``score`` (1 to 5)."""

    score: int


Turn = Line | OfferAnswer | AgentPart | Rating


@dataclass(frozen=True)
class PlannedConversation:
    """One conversation to play: its script's name, its sender id, who talks, and the turns."""

    script: str
    sender: str
    who: Who
    customer: DemoCustomer | None  # None: an anonymous visitor
    turns: tuple[Turn, ...]


def _fill(text: str, customer: DemoCustomer | None) -> str:
    if customer is None:
        return text
    return text.format(
        order=customer.order_id, email=customer.email, first_name=customer.first_name
    )


def _turn(step: object, customer: DemoCustomer | None, rng: random.Random) -> Turn:
    if isinstance(step, Say):
        return Line(
            _fill(rng.choice(step.texts), customer),
            tuple(_fill(e, customer).lower() for e in step.expect),
        )
    if isinstance(step, AnswerOffers):
        return OfferAnswer(rng.choice(step.texts), step.accept)
    if isinstance(step, AgentHandles):
        return AgentPart(
            _fill(rng.choice(step.first_reply), customer),
            _fill(rng.choice(step.customer_says), customer),
            _fill(rng.choice(step.second_reply), customer),
            step.resolution,
            step.category,
        )
    if isinstance(step, Rate):
        return Rating(rng.choice(step.scores))
    raise TypeError(f"unknown script step {step!r}")


def plan_conversations(
    n: int,
    *,
    seed: int,
    cast: Sequence[DemoCustomer],
    scripts: Sequence[Script] = SCRIPTS,
    prefix: str = "demo",
    run_id: str | None = None,
) -> list[PlannedConversation]:
    """``n`` conversations drawn from ``scripts`` by weight, played by ``cast``.

    Sender ids are ``{prefix}-{run_id}-{index}``: ``run_id`` is random unless given, so every
    run meets new visitors (the same seed must not continue last run's trackers). ``ValueError``
    for ``n < 1``, no scripts, or an empty cast when a script needs a customer.
    """
    if n < 1:
        raise ValueError(f"the number of conversations must be at least 1, not {n}")
    if not scripts:
        raise ValueError("no scripts to play")
    if not cast and any(s.who != "anonymous" for s in scripts):
        raise ValueError("no demo customers to play the scripts that need one")
    rng = random.Random(seed)
    run = run_id or uuid.uuid4().hex[:8]
    chosen = rng.choices(list(scripts), weights=[s.weight for s in scripts], k=n)
    dealt = list(cast)
    rng.shuffle(dealt)
    planned = []
    for index, script in enumerate(chosen):
        customer = None if script.who == "anonymous" else dealt[index % len(dealt)]
        planned.append(
            PlannedConversation(
                script=script.name,
                sender=f"{prefix}-{run}-{index:05d}",
                who=script.who,
                customer=customer,
                turns=tuple(_turn(step, customer, rng) for step in script.steps),
            )
        )
    return planned
