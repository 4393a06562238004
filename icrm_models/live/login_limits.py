"""The console's log-in limit: 5 failed attempts per key in 15 minutes, then refused.

A key is what is limited: ``email:<address>`` (guessing one agent's password) and
``ip:<address>`` (one machine trying many agents). The console checks every key of an attempt
and refuses (HTTP 429) while any is over its limit; the refusal ends when the window has passed
the oldest failures. Successful attempts are kept too, for the audit, but do not count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import LoginAttempt

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def email_key(email: str) -> str:
    """The limit key of a log-in e-mail address (case and spaces do not make a new key)."""
    return f"email:{email.strip().lower()}"


def ip_key(address: str) -> str:
    """The limit key of a client address."""
    return f"ip:{address.strip()}"


def login_allowed(session: Session, keys: list[str], *, now: datetime) -> bool:
    """Whether none of ``keys`` had ``MAX_FAILURES`` failed attempts in the last ``WINDOW``."""
    if not keys:
        return True
    failures = session.execute(
        select(LoginAttempt.key, func.count())
        .where(
            LoginAttempt.key.in_(keys),
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.at > now - WINDOW,
        )
        .group_by(LoginAttempt.key)
    ).all()
    return all(count < MAX_FAILURES for _key, count in failures)


def record_login(session: Session, keys: list[str], succeeded: bool, *, now: datetime) -> None:
    """Note one attempt under each of ``keys`` (the caller commits)."""
    session.add_all(LoginAttempt(key=key, succeeded=succeeded, at=now) for key in keys)
    session.flush()
