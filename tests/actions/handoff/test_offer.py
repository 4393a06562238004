from actions.handoff.offer import ActionResetHandoffOffer
from tests.helpers.runs import run_with_messages
from tests.helpers.trackers import build_tracker


async def test_declining_the_offer_forgets_it() -> None:
    tracker = build_tracker("no thanks", "deny", slots={"handoff_offered": True})
    events, texts, _ = await run_with_messages(ActionResetHandoffOffer(), tracker)
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_offered", "value": False}
    ]
    assert texts == []
