from actions.handoff.offer import ActionResetHandoffOffer
from tests.actions.feedback.helpers import run_action
from tests.actions.trackers import build_tracker


async def test_declining_the_offer_forgets_it() -> None:
    tracker = build_tracker("no thanks", "deny", slots={"handoff_offered": True})
    events, texts, _ = await run_action(ActionResetHandoffOffer(), tracker)
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_offered", "value": False}
    ]
    assert texts == []
