"""``action_recover_password``: a reset link to an account's address; the same answer for any."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from actions.accounts.email_link import EmailLinkAction
from actions.accounts.messages import RESET_SENT
from icrm_models.accounts.password_reset import request_password_reset


class ActionRecoverPassword(EmailLinkAction):
    """Queue a password-reset link if the address has an account; never say whether it has."""

    slot = "reset_email"
    sent = RESET_SENT
    what = "password reset"

    def name(self) -> str:
        return "action_recover_password"

    def request(self, session: Session, *, email: str, now: datetime, conversation_id: str) -> None:
        request_password_reset(session, email=email, now=now, conversation_id=conversation_id)
