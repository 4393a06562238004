"""Actions that e-mail a link to an address the customer typed, answering the same for any.

Sign-up and password reset work alike: check the address is one, queue the right e-mail in
the outbox (or none), and tell the customer the same thing whether an account exists or not.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.accounts.messages import INVALID_EMAIL
from actions.errors import SafeAction
from actions.services import run_query
from icrm_models.accounts.details import find_email
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


class EmailLinkAction(SafeAction, ABC):
    """Queue a link for the address in ``slot``; say ``sent`` whatever the database holds."""

    slot: ClassVar[str]
    sent: ClassVar[str]  # the answer, with {email}
    what: ClassVar[str]  # for the log

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    @abstractmethod
    def request(self, session: Session, *, email: str, now: datetime, conversation_id: str) -> None:
        """Queue the e-mail (or nothing) for ``email`` and commit."""

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet(self.slot, None)]
        email = find_email(tracker.get_slot(self.slot))
        if email is None:
            dispatcher.utter_message(text=INVALID_EMAIL)
            return reset
        now, conversation = self.clock(), tracker.sender_id
        await run_query(
            lambda s: self.request(s, email=email, now=now, conversation_id=conversation)
        )
        logger.info("conversation %s: %s requested", conversation, self.what)
        dispatcher.utter_message(text=self.sent.format(email=email))
        return reset
