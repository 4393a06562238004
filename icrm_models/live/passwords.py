"""Agent passwords: argon2id hashes (``argon2-cffi``), never the password itself.

argon2id with the library's defaults (RFC 9106's "low memory" profile: 64 MiB, 3 passes) costs
an attacker with a copy of the database memory per guess. ``needs_rehash`` tells a successful
log-in to store a fresh hash when those defaults change, so old hashes do not linger.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # stateless parameters, no I/O: safe to build at import

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """The argon2id hash (with its own random salt and parameters) of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; a malformed hash is simply no match."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether ``password_hash`` was made with other parameters than today's (store a new one)."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# A hash of nothing anybody types, verified when the e-mail is unknown, so a log-in takes as long
# for an unknown address as for a wrong password (no timing oracle for which agents exist).
_DUMMY_HASH: str | None = None


def burn_time(password: str) -> None:
    """Spend one verification's time on ``password`` without any account (see ``_DUMMY_HASH``)."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _HASHER.hash("not a password of anybody's: timing only")
    verify_password(_DUMMY_HASH, password)
