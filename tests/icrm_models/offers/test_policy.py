from decimal import Decimal

import pytest

from icrm_models.offers.policy import Moment, decide_offer
from icrm_models.recommend.personal import Recommendation

PICKS = [Recommendation(1, "Joust Duffle Bag", "Gear/Bags", 0.9, "popular right now")]


@pytest.mark.parametrize(
    ("propensity", "segment", "discount"),
    [
        (0.9, "Champions", None),
        (0.4, "Loyal customers", Decimal(10)),
        (0.05, "At risk", Decimal(15)),
        (0.05, "New customers", None),
        (0.7, "Bargain hunters (low value)", Decimal(10)),
        (None, "Champions", None),
    ],
)
def test_discounts_go_where_they_change_behaviour(
    propensity: float | None, segment: str, discount: Decimal | None
) -> None:
    offer = decide_offer(
        recommendations=PICKS,
        propensity=propensity,
        segment=segment,
        marketing_consent=True,
        moment=Moment.PROACTIVE,
    )
    assert offer.discount_pct == discount and offer.products == PICKS and offer.promotional
    assert offer.why


def test_no_consent_means_no_promotion() -> None:
    proactive = decide_offer(
        recommendations=PICKS,
        propensity=0.4,
        segment="Loyal customers",
        marketing_consent=False,
        moment=Moment.PROACTIVE,
    )
    assert proactive.products == [] and proactive.discount_pct is None
    asked = decide_offer(
        recommendations=PICKS,
        propensity=0.4,
        segment="Loyal customers",
        marketing_consent=False,
        moment=Moment.ASKED,
    )
    assert asked.products == PICKS and asked.discount_pct is None and not asked.promotional


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="probability"):
        decide_offer(
            recommendations=PICKS,
            propensity=1.5,
            segment=None,
            marketing_consent=True,
            moment=Moment.ASKED,
        )
    assert (
        decide_offer(
            recommendations=[],
            propensity=0.5,
            segment=None,
            marketing_consent=True,
            moment=Moment.ASKED,
        ).products
        == []
    )
