"""Turn segment, purchase propensity and recommendations into an offer, respecting consent.

A discount is an investment: it is wasted on customers who will buy anyway (high propensity)
and worth most on the persuadable middle and on lapsing customers worth winning back. Without
marketing consent nothing is pushed; a customer who asks for suggestions still gets them, but
no promotion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from icrm_models.recommend.personal import Recommendation

WIN_BACK_SEGMENTS = ("At risk", "Hibernating", "Lost")


class Moment(StrEnum):
    """Why an offer is considered."""

    ASKED = "asked"  # the customer asked for suggestions or searched
    PROACTIVE = "proactive"  # a natural moment (after a resolved issue, a friendly goodbye)


@dataclass(frozen=True)
class OfferRules:
    """Thresholds of the policy; a shop tunes them, the defaults are conservative."""

    buys_anyway: float = 0.6  # at or above this propensity no discount is given
    persuadable: float = 0.2  # from here up to buys_anyway a small discount helps
    small_discount: Decimal = Decimal(10)
    win_back_discount: Decimal = Decimal(15)
    bargain_hunter_ceiling: float = 0.75  # bargain hunters respond to discounts up to here


@dataclass(frozen=True)
class Offer:
    """What to show: products (maybe none), a discount (maybe none) and why."""

    products: list[Recommendation] = field(default_factory=list)
    discount_pct: Decimal | None = None
    promotional: bool = False
    why: str = ""


def decide_offer(
    *,
    recommendations: list[Recommendation],
    propensity: float | None,
    segment: str | None,
    marketing_consent: bool,
    moment: Moment,
    rules: OfferRules = OfferRules(),
) -> Offer:
    """The offer for one customer at one moment."""
    if propensity is not None and not 0 <= propensity <= 1:
        raise ValueError(f"propensity must be a probability, got {propensity}")
    if not recommendations:
        return Offer(why="nothing offerable")
    if not marketing_consent:
        if moment is Moment.PROACTIVE:
            return Offer(why="no marketing consent: no proactive offer")
        return Offer(products=recommendations, why="asked; no marketing consent: no promotion")
    name = segment or ""
    discount: Decimal | None = None
    if propensity is None:
        why = "no propensity score: products without discount"
    elif name.startswith("Bargain hunters") and propensity < rules.bargain_hunter_ceiling:
        discount, why = rules.small_discount, "bargain hunter: a discount makes the difference"
    elif propensity >= rules.buys_anyway:
        why = "likely to buy anyway: no discount"
    elif propensity >= rules.persuadable:
        discount, why = rules.small_discount, "persuadable: small discount"
    elif name.startswith(WIN_BACK_SEGMENTS):
        discount, why = rules.win_back_discount, "lapsing customer: win-back discount"
    else:
        why = "unlikely to buy soon: products without discount"
    return Offer(products=recommendations, discount_pct=discount, promotional=True, why=why)
