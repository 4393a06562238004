"""The one place where failures inside actions become honest messages for the customer.

Every action derives from :class:`SafeAction`: whatever goes wrong (database down or slow, a bug),
the customer gets a short apology within a bounded time, the failure is logged once with the
conversation id, and the conversation goes on. No stack trace ever reaches a customer.

An action that must leave the conversation tidy after a failure (clear the slots of a complaint
that could not be filed, so the next one starts afresh) says so in
:meth:`SafeAction.on_failure_events`; it never catches the failure itself. A read an action can
do without (the list of latest orders in a question) goes through :func:`unless_unavailable`.
The actions also share one clock (:mod:`icrm_models.clock`), injected here.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable
from typing import Any, TypeVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.identity import remember_identity
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What "the shop's records can't be reached" looks like: the database is down, slow or refuses.
DATABASE_ERRORS: tuple[type[Exception], ...] = (TimeoutError, SQLAlchemyError, OSError)

UNAVAILABLE = (
    "I can't reach the shop's records right now, sorry. Please try again in a few minutes — "
    'or say "human" and a colleague will help you.'
)
BROKEN = "Sorry, something went wrong on my side. Could you try that again in a moment?"


def customer_message_for(exc: BaseException) -> str:
    """What the customer is told about ``exc``."""
    if isinstance(exc, DATABASE_ERRORS):
        return UNAVAILABLE
    return BROKEN


def report_failure(
    exc: BaseException, dispatcher: CollectingDispatcher, tracker: Tracker, action: str
) -> None:
    """Log ``exc`` once with the conversation id and tell the customer honestly."""
    logger.error("conversation %s: action %s failed", tracker.sender_id, action, exc_info=exc)
    dispatcher.utter_message(text=customer_message_for(exc))


async def unless_unavailable(read: Awaitable[T], tracker: Tracker, what: str) -> T | None:
    """The result of ``read``, or None when the shop's records can't be reached.

    For what an action can do without (a convenience such as the customer's latest orders next
    to a question): it goes on without it instead of apologising. The outage is logged as a
    warning naming ``what``; any other failure (a bug) propagates to :class:`SafeAction`.
    """
    try:
        return await read
    except DATABASE_ERRORS as exc:
        logger.warning("conversation %s: %s unavailable: %s", tracker.sender_id, what, exc)
        return None


class SafeAction(Action, ABC):
    """An action whose failures are translated here, never shown raw.

    ``clock`` is "now" for the action (:func:`icrm_models.clock.utc_now`; rasa-sdk makes the
    actions without arguments); tests pass a fixed one.
    """

    def __init__(self, clock: Clock = utc_now) -> None:
        super().__init__()
        self.clock = clock

    def on_failure_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        """The events returned when the action failed, after the customer was told (any failure).

        None by default; an action whose slots must not outlive a failed attempt (a complaint's
        text, a review's) returns the ``SlotSet`` events that clear them.
        """
        return []

    @abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """The action's work; may raise."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            await remember_identity(tracker)
            return await self.act(dispatcher, tracker, domain)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            report_failure(exc, dispatcher, tracker, self.name())
            return self.on_failure_events(tracker)


class SafeFormValidation(FormValidationAction, ABC):
    """A form's validation whose failures become an apology; the slot stays unfilled.

    Returning no events drops the candidate values, so the form asks again instead of
    continuing with something that was never checked. ``clock`` as for :class:`SafeAction`.
    """

    def __init__(self, clock: Clock = utc_now) -> None:
        super().__init__()
        self.clock = clock

    @abstractmethod
    def name(self) -> str:
        """The validation action's name (``validate_<form>``); abstract so that rasa-sdk
        registers only the concrete validations, never this base."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            events = list(await super().run(dispatcher, tracker, domain))
            await remember_identity(tracker)
            return events
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            report_failure(exc, dispatcher, tracker, self.name())
            return []
