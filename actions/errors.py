"""The one place where failures inside actions become honest messages for the customer.

Every action derives from :class:`SafeAction`: whatever goes wrong (database down or slow, a bug),
the customer gets a short apology within a bounded time, the failure is logged once with the
conversation id, and the conversation goes on. No stack trace ever reaches a customer.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.identity import remember_identity

logger = logging.getLogger(__name__)

UNAVAILABLE = (
    "I can't reach the shop's records right now, sorry. Please try again in a few minutes — "
    'or say "human" and a colleague will help you.'
)
BROKEN = "Sorry, something went wrong on my side. Could you try that again in a moment?"


def customer_message_for(exc: BaseException) -> str:
    """What the customer is told about ``exc``."""
    if isinstance(exc, TimeoutError | SQLAlchemyError | OSError):
        return UNAVAILABLE
    return BROKEN


def report_failure(
    exc: BaseException, dispatcher: CollectingDispatcher, tracker: Tracker, action: str
) -> None:
    """Log ``exc`` once with the conversation id and tell the customer honestly."""
    logger.error("conversation %s: action %s failed", tracker.sender_id, action, exc_info=exc)
    dispatcher.utter_message(text=customer_message_for(exc))


class SafeAction(Action, ABC):
    """An action whose failures are translated here, never shown raw."""

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
            return []


class SafeFormValidation(FormValidationAction, ABC):
    """A form's validation whose failures become an apology; the slot stays unfilled.

    Returning no events drops the candidate values, so the form asks again instead of
    continuing with something that was never checked.
    """

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
