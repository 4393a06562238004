"""Shared checks of the case routes: the case an agent may open, the body they sent.

An agent opening a case of another team gets 403 and an unknown case 404; reading a case
(its transcript, its customer) is written to the access audit by the caller.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from console.errors import ApiError
from console.rasa_live import LiveAgentBody
from icrm_models.db.statuses import CaseStatus
from icrm_models.db.tables.live import Agent, LiveCase
from icrm_models.live.queue import get_case, may_open

MAX_TEXT = 4000


def case_id_of(request: Request) -> int:
    """The ``{case_id}`` of the path (the route's converter made it an int)."""
    return int(request.path_params["case_id"])


def visible_case(session: Session, agent: Agent, case_id: int) -> LiveCase:
    """Case ``case_id`` if ``agent`` may open it; 404 when there is none, 403 when not theirs."""
    live_case = get_case(session, case_id)
    if live_case is None:
        raise ApiError(404, "There is no such case.")
    if not may_open(agent, live_case):
        raise ApiError(403, "This case belongs to another team.")
    return live_case


def open_case(session: Session, agent: Agent, case_id: int) -> LiveCase:
    """A visible case that is not closed (409 for a closed one)."""
    live_case = visible_case(session, agent, case_id)
    if live_case.status == CaseStatus.CLOSED:
        raise ApiError(409, "This case is closed.")
    return live_case


def own_case(session: Session, agent: Agent, case_id: int) -> LiveCase:
    """An open case assigned to ``agent`` (409 otherwise): only the agent who holds a
    conversation writes in it."""
    live_case = open_case(session, agent, case_id)
    if live_case.assignee_id != agent.id:
        raise ApiError(409, "Claim this conversation first.")
    return live_case


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (400 for anything else)."""
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "Send a JSON object.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object.")
    return body


def text_field(body: dict[str, Any], name: str = "text", *, limit: int = MAX_TEXT) -> str:
    """A non-empty text field of at most ``limit`` characters (400 otherwise)."""
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{name} must be a non-empty text.")
    if len(value) > limit:
        raise ApiError(400, f"{name} may have at most {limit} characters.")
    return value.strip()


def agent_ref(agent: Agent) -> LiveAgentBody:
    """How Rasa's live route names the agent to the customer."""
    return LiveAgentBody(id=agent.id, name=agent.display_name)
