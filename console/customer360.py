"""``GET /api/cases/{case_id}/customer``: the 360° panel of the case's customer.

Only a customer the chat verified has a panel (``live_cases.customer_id`` is null for a guest,
who gets "guest, not verified"). An agent who may not open the case gets 403; every opening of
a customer's panel is written to the access audit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.access import case_id_of, visible_case
from console.auth import signed_in
from console.cases import audit
from console.context import Console
from console.payloads import customer_json
from icrm_models.live.customer_360 import customer_360


def customer_routes(console: Console) -> list[Route]:
    """The 360° panel."""

    async def panel(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)

        def read(session: Session) -> dict[str, Any]:
            live_case = visible_case(session, who.agent, case_id)
            if live_case.customer_id is None:
                return customer_json(None)
            audit(session, console, who.agent, "view_customer", live_case)
            return customer_json(customer_360(session, live_case.customer_id, now=console.clock()))

        return JSONResponse(await console.db(read))

    return [Route("/api/cases/{case_id:int}/customer", panel)]
