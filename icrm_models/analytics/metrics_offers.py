"""The offer funnel: shown → accepted → purchased within N days, by segment or model version.

An offer belongs to the period in which it was *shown*. It is *purchased* when the same
customer placed an order holding the offered product within ``purchase_days`` (default 14)
after it was shown, whether or not they accepted it in the chat (a customer may decline in the
chat and buy in the shop); ``accepted_purchased`` counts those who did both. Cancelled orders
and credit notes do not count, and neither do pending ones: accepting an offer in the chat puts
the product into an order *draft* (``icrm_models.offers.reactions``: an order in status
``pending``), which is a basket, not a purchase; it counts once the shop processes it. A guest's
offer (no customer) can never be purchased.

Segments are the promoted model version's (:func:`promoted_segments`): the segment each
customer was assigned when those models were trained.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import and_, func, select

from icrm_models.analytics.metrics_sql import Scope, frame, share
from icrm_models.db.statuses import OfferStatus, OrderStatus
from icrm_models.db.tables.behaviour import Offer
from icrm_models.db.tables.orders import Order, OrderItem
from icrm_models.offers.reactions import DRAFT_STATUS

logger = logging.getLogger(__name__)

PURCHASE_DAYS = 14
GROUPINGS = ("segment", "model_version", None)
# DRAFT_STATUS: the chat's order draft made by accepting an offer (else every acceptance would
# count as a purchase the moment it happens)
NOT_A_PURCHASE = (
    OrderStatus.CANCELLED.value,
    OrderStatus.CREDIT_NOTE.value,
    DRAFT_STATUS.value,
)
GUEST = "guest"
UNASSIGNED = "unassigned"
COLUMNS = [
    "shown",
    "accepted",
    "declined",
    "purchased",
    "accepted_purchased",
    "acceptance_rate",
    "purchase_rate",
]


def offer_rows(scope: Scope, purchase_days: int = PURCHASE_DAYS) -> pd.DataFrame:
    """One row per offer shown in the period, with ``purchased`` (bool) as defined above."""
    if purchase_days < 0:
        raise ValueError(f"purchase_days must be 0 or more, not {purchase_days}")
    o = Offer
    in_period = and_(o.shown_at >= scope.period.start, o.shown_at < scope.period.end)
    offers = frame(
        scope.engine,
        select(o.id, o.customer_id, o.model_version, o.status, o.shown_at).where(in_period),
        ["id", "customer_id", "model_version", "status", "shown_at"],
    )
    window_end = scope.period.end + timedelta(days=purchase_days)
    first_purchase = (
        select(o.id, func.min(Order.placed_at))
        .join(Order, and_(Order.customer_id == o.customer_id, Order.placed_at >= o.shown_at))
        .join(OrderItem, and_(OrderItem.order_id == Order.id, OrderItem.product_id == o.product_id))
        .where(in_period, Order.placed_at < window_end, Order.status.not_in(NOT_A_PURCHASE))
        .group_by(o.id)
    )
    bought = frame(scope.engine, first_purchase, ["id", "purchased_at"]).set_index("id")
    offers["status"] = offers["status"].astype(str)
    purchased_at = pd.to_datetime(offers["id"].map(bought["purchased_at"]), utc=True)
    shown_at = pd.to_datetime(offers["shown_at"], utc=True)
    offers["purchased"] = (purchased_at - shown_at) <= pd.Timedelta(days=purchase_days)
    return offers


def offer_funnel(
    rows: pd.DataFrame, by: str | None = "segment", segments: pd.Series | None = None
) -> pd.DataFrame:
    """The funnel of ``rows`` (from :func:`offer_rows`) per ``by`` group, plus an ``all`` row.

    ``by`` is ``segment`` (needs ``segments``: customer id → segment name; customers missing
    from it are ``unassigned``, guests ``guest``), ``model_version`` or None (one row).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    data = rows.copy()
    if by == "segment":
        names = segments if segments is not None else pd.Series(dtype=object)
        found = data["customer_id"].map(names)
        data["segment"] = [UNASSIGNED if pd.isna(name) else str(name) for name in found]
        data.loc[data["customer_id"].isna(), "segment"] = GUEST
    key = by or "group"
    if by is None:
        data[key] = "all"
    data["accepted"] = data["status"] == OfferStatus.ACCEPTED.value
    data["declined"] = data["status"] == OfferStatus.DECLINED.value
    data["accepted_purchased"] = data["accepted"] & data["purchased"]
    counted = ["accepted", "declined", "purchased", "accepted_purchased"]
    table = data.groupby(key)[counted].sum().astype(int)
    table.insert(0, "shown", data.groupby(key).size().astype(int))
    if by is not None and not table.empty:
        table.loc["all"] = table.sum()
    table["acceptance_rate"] = share(table["accepted"], table["shown"])
    table["purchase_rate"] = share(table["purchased"], table["shown"])
    table = table.reindex(columns=COLUMNS)
    table.index.name = key
    return table.reset_index()


def promoted_segments(registry_dir: Path) -> pd.Series | None:
    """Customer id → segment name of the promoted models, or None when there are none.

    A registry without a promoted version, or one whose models cannot be loaded, gives None
    (the funnel then shows every customer as ``unassigned``) and says why in the log.
    """
    from icrm_models.registry.bundle import checked_bundle
    from icrm_models.registry.store import Registry, RegistryError

    registry = Registry(registry_dir)
    name = registry.promoted()
    if name is None:
        logger.info("no promoted models in %s: offers are not split by segment", registry_dir)
        return None
    try:
        segmentation = checked_bundle(registry.load(name)).segmentation
    except (RegistryError, OSError, ValueError, EOFError) as exc:
        logger.warning("cannot read the segments of models %s: %s", name, exc)
        return None
    names = segmentation.assignments.map(segmentation.names)
    return pd.Series(names.to_numpy(), index=names.index.astype(int), name="segment")
