"""The agents themselves: one's presence (and heartbeat), and the supervisor's view of all.

The page posts its presence on a switch and every minute as a heartbeat: an agent counts as
online only while the heartbeat comes (``icrm_models.live.agents.agents_online``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.access import json_body
from console.auth import signed_in
from console.context import Console
from console.errors import ApiError
from console.payloads import plain
from icrm_models.db.statuses import AgentPresence, AgentRole
from icrm_models.live.agents import set_presence
from icrm_models.live.queue import agent_loads


def people_routes(console: Console) -> list[Route]:
    """``POST /api/presence`` and ``GET /api/agents``."""

    async def presence(request: Request) -> Response:
        who = await signed_in(request, console)
        value = (await json_body(request)).get("presence")
        if value not in {p.value for p in AgentPresence}:
            raise ApiError(400, "presence must be online, away or offline")

        def store(session: Session) -> None:
            set_presence(session, who.agent.id, str(value), now=console.clock())

        await console.db(store)
        return JSONResponse({"ok": True, "presence": value})

    async def agents(request: Request) -> Response:
        who = await signed_in(request, console)

        def loads(session: Session) -> list[dict[str, Any]]:
            rows = agent_loads(session, now=console.clock())
            if who.agent.role == AgentRole.SUPERVISOR:
                return [{str(k): plain(v) for k, v in dataclasses.asdict(r).items()} for r in rows]
            # an agent sees the colleagues to transfer to, not their loads or addresses
            return [
                {"agent_id": r.agent_id, "display_name": r.display_name, "team": r.team}
                for r in rows
                if r.online
            ]

        return JSONResponse(await console.db(loads))

    return [
        Route("/api/presence", presence, methods=["POST"]),
        Route("/api/agents", agents),
    ]
