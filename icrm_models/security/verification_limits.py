"""A durable limit on guest verification, so that order numbers can't be guessed.

A guest proves who they are in the chat with their e-mail address and one of their order
numbers (:mod:`icrm_models.identity_check`). Order numbers are short and sequential, so without
a limit anyone who knows an address could try numbers until one fits (20 tries took 3 s). Every
failed check is stored in ``verification_failures`` and counted under three keys:

* **per e-mail address** — a keyed hash of the normalised address, counted the same whether or
  not it has an account, so neither the limit nor its wording tells which. ``email_failures``
  failures within ``window`` lock the address for ``lockout``; each further lock within
  ``memory`` of the previous one lasts twice as long, up to ``max_lockout`` (the back-off).
  While locked, a try is refused *without checking anything*: even the right number fails.
  A new conversation does not reset this count.
* **per conversation and per client** (the widget's client key, hashed) — after
  ``conversation_failures`` failures within ``conversation_window`` the chat stops offering
  verification; the customer is pointed to the log-in or a colleague.

Refused tries are stored too (``outcome="refused"``) for the audit trail; they count against the
conversation but never extend an address's lock (else anyone could keep a customer locked out
for ever by typing their address). Failures are logged with the conversation id and a prefix
of the address hash, never the address.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import VerificationFailure

logger = logging.getLogger(__name__)

MISMATCH = "mismatch"  # the e-mail and order number did not match
REFUSED = "refused"  # not even checked: the address was locked or the conversation used up


@dataclass(frozen=True)
class VerificationLimits:
    """How many failures lock what, for how long (defaults: 5 per address and hour, 3 per chat)."""

    email_failures: int = 5
    window: timedelta = timedelta(hours=1)
    lockout: timedelta = timedelta(hours=1)
    max_lockout: timedelta = timedelta(hours=24)
    memory: timedelta = timedelta(hours=24)  # a lock this soon after the last one doubles
    conversation_failures: int = 3
    conversation_window: timedelta = timedelta(hours=24)

    @property
    def history(self) -> timedelta:
        """How far back an address's failures can still matter for its lock."""
        return self.window + self.max_lockout + self.memory


DEFAULT_LIMITS = VerificationLimits()


class Refusal(enum.Enum):
    """Why a verification is refused without checking."""

    CONVERSATION = "conversation"  # this conversation or client has used up its tries
    EMAIL_LOCKED = "email_locked"  # too many failures for this address: locked for a while


@dataclass(frozen=True)
class Attempt:
    """Who tries to verify, under the keys the limit counts."""

    email_hash: str  # :func:`email_fingerprint` of the typed address
    conversation_id: str
    client_hash: str | None  # hash of the widget's client key (None: the client sent none)


def email_fingerprint(email: str, key: bytes) -> str:
    """A keyed hash of the normalised ``email``: the same for every spelling, useless to guess
    addresses from without ``key`` (a plain hash of an address is easy to reverse)."""
    message = b"verification-email\0" + email.strip().lower().encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def lock_end(
    failures: Iterable[datetime], limits: VerificationLimits = DEFAULT_LIMITS
) -> datetime | None:
    """When the lock that an address's ``failures`` (mismatches) caused ends; None: never locked.

    Replays the failures in time order: ``email_failures`` within ``window`` start a lock; the
    count starts afresh after it; a lock starting within ``memory`` of the previous one's end
    lasts twice as long as that one (at most ``max_lockout``).
    """
    locked_until: datetime | None = None
    level = 0
    streak: list[datetime] = []
    for failed_at in sorted(failures):
        if locked_until is not None and failed_at < locked_until:
            continue  # only a race checks during a lock; it neither counts nor extends it
        streak = [t for t in streak if t > failed_at - limits.window]
        streak.append(failed_at)
        if len(streak) < limits.email_failures:
            continue
        soon_again = locked_until is not None and failed_at - locked_until < limits.memory
        level = level + 1 if soon_again else 1
        locked_until = failed_at + min(limits.lockout * 2 ** (level - 1), limits.max_lockout)
        streak = []
    return locked_until


def email_locked_until(
    session: Session, email_hash: str, *, now: datetime, limits: VerificationLimits = DEFAULT_LIMITS
) -> datetime | None:
    """The end of the address's current lock, or None when it isn't locked at ``now``."""
    failures = session.scalars(
        select(VerificationFailure.failed_at).where(
            VerificationFailure.email_hash == email_hash,
            VerificationFailure.outcome == MISMATCH,
            VerificationFailure.failed_at > now - limits.history,
        )
    )
    end = lock_end(failures, limits)
    return end if end is not None and end > now else None


def conversation_failures(
    session: Session,
    *,
    conversation_id: str,
    client_hash: str | None,
    now: datetime,
    limits: VerificationLimits = DEFAULT_LIMITS,
) -> int:
    """Failed or refused tries of this conversation or this client within the window."""
    keys = [VerificationFailure.conversation_id == conversation_id]
    if client_hash:
        keys.append(VerificationFailure.client_hash == client_hash)
    return int(
        session.scalar(
            select(func.count())
            .select_from(VerificationFailure)
            .where(or_(*keys), VerificationFailure.failed_at > now - limits.conversation_window)
        )
        or 0
    )


def refusal(
    session: Session,
    attempt: Attempt,
    *,
    now: datetime,
    limits: VerificationLimits = DEFAULT_LIMITS,
) -> Refusal | None:
    """Why ``attempt`` must be refused without checking it, or None when it may be checked."""
    used = conversation_failures(
        session,
        conversation_id=attempt.conversation_id,
        client_hash=attempt.client_hash,
        now=now,
        limits=limits,
    )
    if used >= limits.conversation_failures:
        return Refusal.CONVERSATION
    if email_locked_until(session, attempt.email_hash, now=now, limits=limits) is not None:
        return Refusal.EMAIL_LOCKED
    return None


def record_failure(
    session: Session,
    attempt: Attempt,
    *,
    outcome: str,
    now: datetime,
    limits: VerificationLimits = DEFAULT_LIMITS,
) -> Refusal | None:
    """Store (and log) a failed or refused try and commit; what refuses the next try, if any."""
    if outcome not in (MISMATCH, REFUSED):
        raise ValueError(f"unknown verification outcome {outcome!r}")
    session.add(
        VerificationFailure(
            email_hash=attempt.email_hash,
            conversation_id=attempt.conversation_id,
            client_hash=attempt.client_hash,
            outcome=outcome,
            failed_at=now,
        )
    )
    session.commit()
    after = refusal(session, attempt, now=now, limits=limits)
    logger.warning(
        "conversation %s: guest verification %s (address %s, client %s)%s",
        attempt.conversation_id,
        outcome,
        attempt.email_hash[:12],
        (attempt.client_hash or "none")[:12],
        f"; now refused: {after.value}" if after else "",
    )
    return after
