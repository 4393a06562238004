import logging
import threading

import pytest

from icrm_models.offers.scoring import CustomerScores, ScoreCache
from tests.helpers.shop import AS_OF


def _scores(tag: int) -> CustomerScores:
    return CustomerScores(AS_OF, {tag: "Champions"}, {tag: 0.5})


def test_a_quick_first_scoring_is_waited_for() -> None:
    cache = ScoreCache(background=True, first_wait_s=5)
    assert cache.get("v1", lambda: _scores(1)) == _scores(1)


def test_nobody_waits_for_a_slow_scoring_and_stale_scores_are_served_meanwhile() -> None:
    now = [0.0]
    release = threading.Event()
    calls: list[int] = []

    def slow(tag: int) -> CustomerScores:
        calls.append(tag)
        release.wait(10)
        return _scores(tag)

    cache = ScoreCache(ttl_s=100, clock=lambda: now[0], background=True, first_wait_s=0.05)
    assert cache.get("v1", lambda: slow(1)) is None  # still computing: decide without
    assert cache.get("v1", lambda: slow(2)) is None  # and not started twice
    release.set()
    for _ in range(100):
        if (found := cache.get("v1", lambda: slow(3))) is not None:
            break
        threading.Event().wait(0.02)
    assert found == _scores(1)
    release.clear()
    now[0] = 150  # expired: the stale scores are served while new ones are computed
    assert cache.get("v1", lambda: slow(4)) == _scores(1)
    release.set()
    for _ in range(100):
        if cache.get("v1", lambda: slow(5)) == _scores(4):
            break
        threading.Event().wait(0.02)
    assert calls == [1, 4]


def test_a_failed_scoring_is_logged_and_retried_later(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    cache = ScoreCache(clock=lambda: now[0], background=True, first_wait_s=2, retry_s=60)

    def broken() -> CustomerScores:
        raise RuntimeError("database gone")

    with caplog.at_level(logging.ERROR):
        assert cache.get("v1", broken) is None
    assert "scoring customers with models v1 failed" in caplog.text
    assert cache.get("v1", lambda: _scores(1)) is None  # not retried at once
    now[0] = 61
    assert cache.get("v1", lambda: _scores(1)) == _scores(1)
