import logging
from typing import Any

import pytest
from sqlalchemy.orm import Session

from actions.shopping.goodbye import ActionOfferAtGoodbye
from actions.shopping.messages import GOODBYE_SUGGESTION, GOODBYE_SUGGESTION_DISCOUNT
from icrm_models.offers.records import show_offers
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF
from tests.helpers.shopping import CONVERSATION, cards, engine, offers_of, run_action
from tests.helpers.trackers import T0, build_tracker, user_event

RONI, VERONICA, NEWCOMER = 1, 2, 11


def _goodbye(customer_id: int | None, *, earlier: list[dict[str, Any]] | None = None) -> Any:
    token = token_for(customer_id) if customer_id is not None else None
    return build_tracker("thanks, bye!", "goodbye", token=token, earlier=earlier or [])


async def test_a_happy_consenting_customer_gets_one_soft_suggestion(
    shop_db: str, promoted: str
) -> None:
    events, messages = await run_action(ActionOfferAtGoodbye(), _goodbye(VERONICA), widget=True)
    assert len(cards(messages)) == 1
    intro = messages[0]["text"].split("\n")[0]
    assert intro == GOODBYE_SUGGESTION or intro.startswith(GOODBYE_SUGGESTION_DISCOUNT[:20])
    (offer,) = offers_of()
    assert (offer.customer_id, offer.model_version, offer.status) == (VERONICA, "v1", "shown")
    assert {e["name"]: e["value"] for e in events} == {
        "last_offer_ids": [str(offer.id)],
        "offer_pending": True,
    }


@pytest.mark.parametrize(
    "customer_id",
    [
        pytest.param(None, id="guest"),
        pytest.param(RONI, id="no marketing consent"),
        pytest.param(NEWCOMER, id="cold start: nothing personal to suggest"),
    ],
)
async def test_nothing_is_pitched_to_others(
    shop_db: str, promoted: str, customer_id: int | None
) -> None:
    events, messages = await run_action(ActionOfferAtGoodbye(), _goodbye(customer_id))
    assert (events, messages) == ([], [])
    assert offers_of() == []


async def test_never_after_a_complaint(shop_db: str, promoted: str) -> None:
    complaint = user_event("my jacket arrived torn, awful", "complaint", timestamp=T0 + 1)
    events, messages = await run_action(
        ActionOfferAtGoodbye(), _goodbye(VERONICA, earlier=[complaint])
    )
    assert (events, messages) == ([], [])
    assert offers_of() == []


async def test_not_again_when_the_conversation_already_showed_offers(
    shop_db: str, promoted: str
) -> None:
    with Session(engine()) as session:
        show_offers(
            session,
            items=[(1, "matches your search")],
            discount_pct=None,
            customer_id=VERONICA,
            conversation_id=CONVERSATION,
            model_version="search-keyword",
            now=AS_OF,
        )
    events, messages = await run_action(ActionOfferAtGoodbye(), _goodbye(VERONICA))
    assert (events, messages) == ([], [])
    assert len(offers_of()) == 1


async def test_without_models_there_is_no_pitch(shop_db: str) -> None:
    events, messages = await run_action(ActionOfferAtGoodbye(), _goodbye(VERONICA))
    assert (events, messages) == ([], [])


async def test_a_failure_is_logged_and_the_goodbye_stays_clean(
    shop_db: str, promoted: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    break_database(monkeypatch, "actions.shopping.goodbye")
    with caplog.at_level(logging.ERROR):
        events, messages = await run_action(ActionOfferAtGoodbye(), _goodbye(VERONICA))
    assert (events, messages) == ([], [])
    assert f"conversation {CONVERSATION}: goodbye suggestion failed" in caplog.text
