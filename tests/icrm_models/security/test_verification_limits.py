"""The durable verification limit: lock-out per address with back-off, counts per chat/client."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.security.verification_limits import (
    MISMATCH,
    REFUSED,
    Attempt,
    Refusal,
    email_fingerprint,
    lock_end,
    record_failure,
    refusal,
)
from tests.helpers.shop import AS_OF

H = timedelta(hours=1)


def _at(*minutes: float) -> list:  # type: ignore[type-arg]
    return [AS_OF + timedelta(minutes=m) for m in minutes]


def test_five_failures_within_an_hour_lock_for_an_hour() -> None:
    assert lock_end(_at(0, 1, 2, 3)) is None
    assert lock_end(_at(0, 1, 2, 3, 4)) == AS_OF + timedelta(minutes=4) + H
    assert lock_end(_at(0, 15, 30, 45, 61)) is None  # spread over more than the window


def test_each_lock_soon_after_the_last_lasts_twice_as_long_up_to_a_day() -> None:
    first = [0, 1, 2, 3, 4]
    second = [m + 65 for m in first]  # right after the first lock ended
    assert lock_end(_at(*first, *second)) == AS_OF + timedelta(minutes=69) + 2 * H
    failures: list[float] = []
    start = 0.0
    for level in range(8):
        failures += [start + m for m in range(5)]
        start += 4 + 60 * min(2**level, 24) + 1
    end = lock_end(_at(*failures))
    assert end is not None and end - (AS_OF + timedelta(minutes=failures[-1])) == 24 * H
    late = [m + 4 + 60 + 24 * 60 + 5 for m in first]  # a day after the first lock: level 1 again
    assert lock_end(_at(*first, *late)) == AS_OF + timedelta(minutes=late[-1]) + H


def test_the_fingerprint_is_keyed_and_ignores_case() -> None:
    one = email_fingerprint("Jo@Example.com", b"k" * 32)
    assert one == email_fingerprint(" jo@example.com ", b"k" * 32)
    assert one != email_fingerprint("jo@example.com", b"j" * 32)
    assert "jo" not in one


def test_refused_tries_never_extend_a_lock_and_clients_count_across_chats(
    sqlite_engine: Engine,
) -> None:
    with Session(sqlite_engine) as session:
        victim = "v" * 64
        for n in range(5):
            attempt = Attempt(victim, f"conv-{n}", f"client-{n}")
            record_failure(session, attempt, outcome=MISMATCH, now=AS_OF)
        for n in range(20):  # someone keeps typing the address while it is locked
            late = AS_OF + timedelta(minutes=30 + n)
            record_failure(session, Attempt(victim, f"x-{n}", f"y-{n}"), outcome=REFUSED, now=late)
        fresh = Attempt(victim, "conv-new", "client-new")
        assert (
            refusal(session, fresh, now=AS_OF + 59 * timedelta(minutes=1)) is Refusal.EMAIL_LOCKED
        )
        assert refusal(session, fresh, now=AS_OF + 61 * timedelta(minutes=1)) is None
        # one client key, three conversations: the client has used up its tries
        for n in range(3):
            record_failure(
                session, Attempt(f"{n}" * 64, f"c-{n}", "one-client"), outcome=MISMATCH, now=AS_OF
            )
        again = Attempt("z" * 64, "c-other", "one-client")
        assert refusal(session, again, now=AS_OF) is Refusal.CONVERSATION
