"""The return rule for one order, as the form, its question and the final action all apply it."""

from __future__ import annotations

from datetime import datetime

from actions.services import run_query, services
from icrm_models.after_sales.eligibility import ReturnCheck, check_return


async def return_check(*, customer_id: int, order_id: int, now: datetime) -> ReturnCheck:
    """Whether the customer may return the order now, with the window from the policies."""
    window_days = services().policies.get().refund.window_days
    return await run_query(
        lambda s: check_return(
            s, customer_id=customer_id, order_id=order_id, window_days=window_days, now=now
        )
    )
