"""Policy answers; "when will order N arrive?" also gets that order's own expected date."""

from __future__ import annotations

from actions.policies.answer import ActionAnswerPolicy
from tests.helpers.identity import proof_for, token_for
from tests.helpers.runs import run_action
from tests.helpers.trackers import build_tracker

ORDER = [{"entity": "order_id", "value": "10023"}]


async def test_a_delivery_time_question_is_answered_from_the_policies(shop_db: str) -> None:
    _, texts = await run_action(ActionAnswerPolicy(), build_tracker("how long?", "delivery_period"))
    assert len(texts) == 1 and texts[0]


async def test_naming_ones_own_order_adds_its_status_and_expected_date(shop_db: str) -> None:
    tracker = build_tracker("when will 10023 arrive?", "delivery_period", ORDER, token=token_for(1))
    _, texts = await run_action(ActionAnswerPolicy(), tracker)
    assert len(texts) == 2 and texts[1].startswith("Order 10023 (")


async def test_someone_elses_or_an_unproved_order_adds_nothing(shop_db: str) -> None:
    for tracker in (
        build_tracker("when will 10023 arrive?", "delivery_period", ORDER, token=token_for(2)),
        build_tracker("when will 10023 arrive?", "delivery_period", ORDER),
        build_tracker(
            "when will 10023 arrive?",
            "delivery_period",
            ORDER,
            slots={"verified_customer_id": proof_for(1, 10003)},
        ),
    ):
        _, texts = await run_action(ActionAnswerPolicy(), tracker)
        assert len(texts) == 1 and "10023" not in texts[0]
