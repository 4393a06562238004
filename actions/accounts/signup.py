"""``action_create_account``: e-mail a sign-up link, answering the same for a known address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from actions.accounts.email_link import EmailLinkAction
from actions.accounts.messages import SIGNUP_SENT
from icrm_models.accounts.signup import request_signup


class ActionCreateAccount(EmailLinkAction):
    """Queue the sign-up link (or "you already have an account") for the given address."""

    slot = "signup_email"
    sent = SIGNUP_SENT
    what = "sign-up e-mail"

    def name(self) -> str:
        return "action_create_account"

    def request(self, session: Session, *, email: str, now: datetime, conversation_id: str) -> None:
        request_signup(session, email=email, now=now, conversation_id=conversation_id)
