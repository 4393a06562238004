"""Every conversation that speaks for a customer is recorded, so that forget-me finds it in Rasa's
tracker store even when the conversation wrote nothing else (issue 15, finding 8)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.identity import _REMEMBERED
from actions.orders.track import ActionTrackOrder
from actions.services import services
from icrm_models.db.schema import CustomerConversation
from tests.helpers.identity import proof_for, token_for
from tests.helpers.runs import run_action
from tests.helpers.trackers import build_tracker


def _recorded() -> set[tuple[int, str]]:
    with Session(services().engine) as session:
        rows = session.execute(
            select(CustomerConversation.customer_id, CustomerConversation.conversation_id)
        )
        return {(int(c), str(s)) for c, s in rows}


async def test_a_logged_in_and_a_proven_conversation_are_recorded_once(shop_db: str) -> None:
    _REMEMBERED.clear()
    track = ActionTrackOrder()
    await run_action(track, build_tracker("where is 10023?", "track_order", token=token_for(1)))
    await run_action(track, build_tracker("again", "track_order", token=token_for(1)))
    proven = build_tracker(
        "where is 10041?",
        "track_order",
        slots={"verified_customer_id": proof_for(2, 10041)},
        sender_id="conv-test",
    )
    await run_action(track, proven)
    assert _recorded() == {(1, "conv-test"), (2, "conv-test")}


async def test_a_guest_nobody_proved_leaves_nothing(shop_db: str) -> None:
    _REMEMBERED.clear()
    await run_action(ActionTrackOrder(), build_tracker("where is 10023?", "track_order"))
    assert _recorded() == set()
