"""The offer funnel (by segment and model version), agent times, resolutions and CSAT."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from icrm_models.analytics.frames import AnalyticsData, load
from icrm_models.analytics.metrics_offers import promoted_segments
from icrm_models.db.statuses import CaseResolution, OfferStatus, OrderStatus
from icrm_models.db.tables.behaviour import Offer
from icrm_models.db.tables.catalogue import Product
from icrm_models.db.tables.orders import Order
from icrm_models.offers.reactions import Outcome, accept_offer
from icrm_models.offers.records import conversation_key
from tests.helpers.analytics_rows import DAY, AnalyticsRows

NOW = DAY + timedelta(days=40)
PERIOD = (date(2026, 11, 2), date(2026, 11, 8))


def _offers(rows: AnalyticsRows) -> dict[str, int]:
    """Five offers shown on DAY; who bought what, when, decides ``purchased``."""
    ada, bob, cy = rows.customer("Ada"), rows.customer("Bob"), rows.customer("Cy")
    shoe, hat = rows.product(1), rows.product(2)
    rows.offer(ada, shoe, status=OfferStatus.ACCEPTED, model_version="v1")
    rows.order(ada, shoe, DAY + timedelta(days=3))  # bought in time: purchased
    rows.offer(bob, shoe, status=OfferStatus.ACCEPTED, model_version="v1")
    rows.order(bob, shoe, DAY + timedelta(days=20))  # too late for 14 days
    rows.offer(bob, hat, status=OfferStatus.DECLINED, model_version="v2")
    rows.order(bob, hat, DAY + timedelta(days=1))  # declined in the chat, bought anyway
    rows.offer(cy, hat, model_version="v2")
    rows.order(cy, hat, DAY + timedelta(days=2), OrderStatus.CANCELLED)  # cancelled: no
    rows.order(cy, shoe, DAY + timedelta(days=2))  # another product: no
    rows.offer(None, hat, model_version="v2")  # a guest
    rows.offer(ada, hat, DAY - timedelta(days=3))  # before the period
    return {"ada": ada, "bob": bob, "cy": cy}


def test_offer_funnel_by_model_version(engine: Engine) -> None:
    _offers(AnalyticsRows(engine))
    data = load(engine, *PERIOD, now=NOW)
    table = data.offer_funnel("model_version").set_index("model_version")
    assert table.loc["v1", ["shown", "accepted", "purchased", "accepted_purchased"]].tolist() == [
        2,
        2,
        1,
        1,
    ]
    assert table.loc["v2", ["shown", "accepted", "declined", "purchased"]].tolist() == [3, 0, 1, 1]
    assert table.loc["all", "shown"] == 5
    assert table.loc["all", "purchase_rate"] == pytest.approx(2 / 5)
    wider = load(engine, *PERIOD, now=NOW, purchase_days=30).offer_funnel(None)
    assert wider[["shown", "purchased"]].iloc[0].tolist() == [5, 3]  # Bob's day-20 order too


def test_accepting_in_the_chat_is_no_purchase_until_the_shop_processes_it(engine: Engine) -> None:
    """The chat's acceptance makes an order draft (pending): a basket, not yet a purchase."""
    rows = AnalyticsRows(engine)
    ada, shoe = rows.customer("Ada"), rows.product(1)
    rows.offer(ada, shoe, model_version="v1")
    with Session(engine) as session:
        offer = session.scalars(select(Offer)).one()
        offer.conversation_id = conversation_key("offer-chat")
        session.execute(update(Product).values(stock=5))  # in stock: it can be accepted
        session.commit()
        reaction = accept_offer(
            session,
            offer_id=offer.id,
            conversation_id="offer-chat",
            customer_id=ada,
            now=DAY + timedelta(minutes=1),
        )
        assert reaction.outcome == Outcome.ACCEPTED
        (draft,) = session.scalars(select(Order)).all()  # the chat really made an order
        assert draft.status == OrderStatus.PENDING
    columns = ["shown", "accepted", "purchased", "accepted_purchased"]
    funnel = load(engine, *PERIOD, now=NOW).offer_funnel(None)
    assert funnel[columns].iloc[0].tolist() == [1, 1, 0, 0]
    with Session(engine) as session:
        session.execute(update(Order).values(status=OrderStatus.PROCESSING))
        session.commit()
    funnel = load(engine, *PERIOD, now=NOW).offer_funnel(None)
    assert funnel[columns].iloc[0].tolist() == [1, 1, 1, 1]


def test_offer_funnel_by_segment(engine: Engine) -> None:
    who = _offers(AnalyticsRows(engine))
    segments = pd.Series({who["ada"]: "Champions", who["bob"]: "At risk"})
    data = load(engine, *PERIOD, now=NOW, segments=segments)
    table = data.offer_funnel("segment").set_index("segment")
    assert table["shown"].to_dict() == {
        "At risk": 2,
        "Champions": 1,
        "guest": 1,
        "unassigned": 1,
        "all": 5,
    }
    assert table.loc["At risk", "purchased"] == 1
    with pytest.raises(ValueError, match="by must be one of"):
        data.offer_funnel("channel")


def test_no_promoted_models_means_no_segments(tmp_path: object) -> None:
    from pathlib import Path

    assert promoted_segments(Path(str(tmp_path))) is None


@pytest.fixture
def cases(engine: Engine) -> AnalyticsData:
    rows = AnalyticsRows(engine)
    minute = timedelta(minutes=1)
    rows.case("a", DAY, reply_after=30 * minute / 60, close_after=10 * minute, csat=5)
    rows.case("b", DAY, reply_after=2 * minute, close_after=20 * minute, csat=4)
    rows.case(
        "c",
        DAY,
        reply_after=10 * minute,
        close_after=60 * minute,
        csat=1,
        resolution=CaseResolution.NOT_SOLVED,
    )
    rows.case("d", DAY, reply_after=4 * minute, close_after=30 * minute)  # not rated
    rows.case("e", DAY + timedelta(hours=1))  # still waiting
    rows.case("f", DAY - timedelta(days=2), reply_after=minute, csat=1)  # before the period
    return load(engine, *PERIOD, now=NOW)


def test_agent_times(cases: AnalyticsData) -> None:
    table = cases.agent_times().set_index("metric")
    first = table.loc["first_response"]
    assert first["cases"] == 4
    assert first["median_s"] == pytest.approx((120 + 240) / 2)
    assert first["p90_s"] == pytest.approx(pd.Series([30, 120, 240, 600]).quantile(0.9))
    resolution = table.loc["resolution"]
    assert resolution["cases"] == 4 and resolution["median_s"] == pytest.approx(25 * 60)
    assert table.loc["wait_for_agent", "median_s"] == pytest.approx(90)


def test_csat_and_resolutions(cases: AnalyticsData) -> None:
    ratings = cases.csat().set_index("score")["responses"].to_dict()
    assert ratings == {1: 1, 2: 0, 3: 0, 4: 1, 5: 1}
    k = cases.kpis()
    assert k["csat"] == pytest.approx(200 / 3)  # two of three ratings are 4 or 5
    assert k["csat_responses"] == 3
    assert k["csat_response_rate"] == pytest.approx(3 / 4)  # of the four closed cases
    assert k["median_first_response_s"] == pytest.approx(180)
    table = cases.resolutions()
    found = {(r.status, r.resolution): r.cases for r in table.itertuples()}
    assert found == {("closed", "solved"): 3, ("closed", "not_solved"): 1, ("assigned", "-"): 1}
