import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as services_module
from actions.errors import UNAVAILABLE
from actions.orders.lookup_form import ValidateOrderLookupForm
from actions.orders.messages import INVALID_NUMBER, NOT_FOUND, NOT_LOGGED_IN
from actions.orders.track import ActionTrackOrder
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.trackers import tracker_snapshot

RESET = [{"event": "slot", "timestamp": None, "name": "order_id", "value": None}]


async def _run(tracker) -> tuple[list[dict], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ActionTrackOrder().run(dispatcher, tracker, {})
    return events, [m["text"] for m in dispatcher.messages]


async def test_a_verified_customer_gets_the_status_of_their_order(shop_db: str) -> None:
    events, texts = await _run(tracker_snapshot("track_order_10023", token=token_for(1)))
    assert events == RESET
    assert len(texts) == 1
    text = texts[0]
    assert text.startswith("Order 10023 (")
    assert "is on its way with" in text and "tracking number" in text
    assert "Latest update:" in text and "Expected delivery:" in text


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    _, other = await _run(tracker_snapshot("track_order_10023", token=token_for(2)))
    _, missing = await _run(
        tracker_snapshot("track_order_10023", token=token_for(2), slots={"order_id": "99999"})
    )
    assert other == [NOT_FOUND.format(order_id=10023)]
    assert missing == [NOT_FOUND.format(order_id=99999)]


@pytest.mark.parametrize("token", [None, "forged.token", token_for(1) + "x"])
async def test_without_a_valid_identity_nothing_is_revealed(
    shop_db: str, token: str | None
) -> None:
    events, texts = await _run(tracker_snapshot("track_order_10023", token=token))
    assert texts == [NOT_LOGGED_IN]
    assert events == RESET


@pytest.mark.parametrize("value", ["10023' OR 1=1 --", "x" * 10_000, "\u202e10023", "\x00", "🙂"])
async def test_strange_order_numbers_get_a_polite_answer(shop_db: str, value: str) -> None:
    _, texts = await _run(
        tracker_snapshot("track_order_10023", token=token_for(1), slots={"order_id": value})
    )
    assert texts == [INVALID_NUMBER]


async def test_arabic_indic_digits_are_read_as_the_order_number(shop_db: str) -> None:
    _, texts = await _run(
        tracker_snapshot("track_order_10023", token=token_for(1), slots={"order_id": "١٠٠٢٣"})
    )
    assert texts[0].startswith("Order 10023 (")


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.track")
    events, texts = await _run(tracker_snapshot("track_order_10023", token=token_for(1)))
    assert texts == [UNAVAILABLE]
    assert events == []


async def test_a_slow_database_is_bounded(shop_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    def slow(_session: object) -> None:
        time.sleep(1)

    with pytest.raises(TimeoutError):
        await services_module.run_query(slow, timeout_s=0.05)


def test_the_form_accepts_only_order_numbers() -> None:
    form = ValidateOrderLookupForm()
    dispatcher = CollectingDispatcher()
    tracker = tracker_snapshot("track_order_10023", token=None)
    assert form.validate_order_id("#10045", dispatcher, tracker, {}) == {"order_id": "10045"}
    assert dispatcher.messages == []
    assert form.validate_order_id("my order", dispatcher, tracker, {}) == {"order_id": None}
    assert [m["text"] for m in dispatcher.messages] == [INVALID_NUMBER]


async def test_a_message_without_a_token_does_not_inherit_an_earlier_identity(shop_db: str) -> None:
    """Someone posting into a known conversation id without a token stays unverified."""
    tracker = tracker_snapshot("track_order_10023", token=token_for(1))
    state = tracker.current_state()
    state["events"].append(
        {
            "event": "user",
            "text": "where is my order 10023?",
            "timestamp": 1763900009.0,
            "parse_data": {},
            "metadata": {},
        }
    )
    from rasa_sdk import Tracker

    _, texts = await _run(Tracker.from_dict(state))
    assert texts == [NOT_LOGGED_IN]


def test_the_action_server_serves_the_promoted_models(shop_db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from icrm_models.registry.store import Registry

    served = services_module.services()
    assert served.models.get() == (None, None)
    registry = Registry(served.settings.resolved_registry_dir)
    registry.save("v1", {"models": 1}, {})
    registry.promote("v1")
    assert served.models.get() == ("v1", {"models": 1})
