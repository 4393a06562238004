"""Asking the account's mailbox before an account change is made (the chat side of step-up).

A guest proven in the chat may ask to change their e-mail, name, postal or delivery address, or
to delete the account, but the change waits for a link sent to the account's current e-mail
address (:mod:`icrm_models.accounts.step_up`). A new e-mail address waits for a link sent to
that new address, whoever asks. The customer is told which, in one sentence.
"""

from __future__ import annotations

import logging
from datetime import datetime

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.accounts.messages import (
    EMAIL_CONFIRM_SENT,
    NOT_VERIFIED,
    STEP_UP_SENT,
    TOO_MANY_LINKS,
)
from actions.services import run_query
from icrm_models.accounts.step_up import (
    CURRENT_EMAIL,
    ChangeRequest,
    StepUpResult,
    request_change,
)

logger = logging.getLogger(__name__)


async def confirm_by_email(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    customer_id: int,
    change: ChangeRequest,
    now: datetime,
    confirm_at: str = CURRENT_EMAIL,
) -> StepUpResult:
    """Queue the confirmation link for ``change`` and tell the customer what happens next."""
    conversation = str(tracker.sender_id)
    result = await run_query(
        lambda s: request_change(
            s,
            customer_id=customer_id,
            change=change,
            now=now,
            conversation_id=conversation,
            confirm_at=confirm_at,
        )
    )
    logger.info(
        "conversation %s: %s change waits for a link to the %s: %s",
        conversation,
        change.kind,
        confirm_at,
        result.value,
    )
    if result is StepUpResult.SENT:
        text = (
            STEP_UP_SENT
            if confirm_at == CURRENT_EMAIL
            else EMAIL_CONFIRM_SENT.format(value=change.details["value"])
        )
    elif result is StepUpResult.TOO_MANY:
        text = TOO_MANY_LINKS
    else:
        text = NOT_VERIFIED
    dispatcher.utter_message(text=text)
    return result
