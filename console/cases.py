"""The case routes: the queue, one case with its transcript and notes, and what agents do to it.

Claiming is the database's one atomic UPDATE (``icrm_models.live.queue.claim``): of two agents
clicking at once one gets 200, the other 409 naming who took it. Steps the customer sees (the
agent joining, the hand-back, the rating request on close) go to Rasa before the case changes,
so a refused step leaves the case as it was and the agent can try again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.access import (
    agent_ref,
    case_id_of,
    json_body,
    open_case,
    own_case,
    text_field,
    visible_case,
)
from console.auth import signed_in
from console.context import Console
from console.errors import ApiError
from console.payloads import case_row_json, entry_json, live_case_json, note_json
from icrm_models.db.statuses import AgentRole, CaseResolution
from icrm_models.db.tables.live import Agent, LiveCase
from icrm_models.live.audit import record_access
from icrm_models.live.queue import (
    add_note,
    case_notes,
    claim,
    close_case,
    hand_back,
    list_cases,
    transfer,
)
from icrm_models.live.transcript_feed import transcript

VIEWS = ("mine", "unassigned", "all")


def _name(session: Session, agent_id: int | None) -> str | None:
    agent = session.get(Agent, agent_id) if agent_id is not None else None
    return agent.display_name if agent is not None else None


def case_detail(session: Session, live_case: LiveCase) -> dict[str, Any]:
    """A case with its transcript and notes."""
    return {
        "case": live_case_json(live_case, _name(session, live_case.assignee_id)),
        "transcript": [entry_json(e) for e in transcript(session, live_case.conversation_id)],
        "notes": [note_json(n) for n in case_notes(session, live_case.id)],
    }


def audit(session: Session, console: Console, agent: Agent, action: str, case: LiveCase) -> None:
    """Write one access-audit line about ``case`` and its customer."""
    record_access(
        session,
        agent_id=agent.id,
        action=action,
        case_id=case.id,
        customer_id=case.customer_id,
        conversation_id=case.conversation_id,
        now=console.clock(),
    )


def case_routes(console: Console) -> list[Route]:
    """``/api/cases`` and ``/api/cases/{case_id}/...`` (claim, note, transfer, handback, close)."""

    async def cases(request: Request) -> Response:
        who = await signed_in(request, console)
        view = request.query_params.get("view", "all")
        if view not in VIEWS:
            raise ApiError(400, "view must be mine, unassigned or all")

        def rows(session: Session) -> list[dict[str, Any]]:
            found = list_cases(session, agent=who.agent, view=view, now=console.clock())  # type: ignore[arg-type]
            return [case_row_json(r) for r in found]

        return JSONResponse(await console.db(rows))

    async def one(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)

        def read(session: Session) -> dict[str, Any]:
            live_case = visible_case(session, who.agent, case_id)
            audit(session, console, who.agent, "open_case", live_case)
            return case_detail(session, live_case)

        return JSONResponse(await console.db(read))

    async def take(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)

        def check(session: Session) -> LiveCase:
            return open_case(session, who.agent, case_id)

        live_case = await console.db(check)  # committed: claim must start its own transaction

        def attempt(session: Session) -> str | None:
            if claim(session, case_id, who.agent.id, now=console.clock()):
                audit(session, console, who.agent, "claim", live_case)
                return None
            winner = session.get(LiveCase, case_id)
            return _name(session, winner.assignee_id if winner else None) or "Someone"

        winner = await console.db(attempt)
        if winner is not None:
            if winner == who.agent.display_name:
                raise ApiError(409, "You have this conversation already.")
            raise ApiError(409, f"{winner} already took this conversation")
        answer: dict[str, Any] = {"ok": True}
        try:
            await console.rasa.send(live_case.conversation_id, "joined", agent=agent_ref(who.agent))
        except ApiError as error:  # the case is theirs anyway; the customer just wasn't told
            answer["warning"] = error.message
        return JSONResponse(answer)

    async def note(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        text = text_field(await json_body(request))

        def write(session: Session) -> dict[str, Any]:
            live_case = visible_case(session, who.agent, case_id)
            add_note(session, case_id, who.agent.id, text, now=console.clock())
            audit(session, console, who.agent, "note", live_case)
            return {"notes": [note_json(n) for n in case_notes(session, case_id)]}

        return JSONResponse(await console.db(write))

    async def pass_on(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        body = await json_body(request)
        to_agent = body.get("agent_id")
        to_team = body.get("team")
        if to_agent is not None and (isinstance(to_agent, bool) or not isinstance(to_agent, int)):
            raise ApiError(400, "agent_id must be a number")
        if to_team is not None and not isinstance(to_team, str):
            raise ApiError(400, "team must be a text")

        def move(session: Session) -> None:
            live_case = open_case(session, who.agent, case_id)
            audit(session, console, who.agent, "transfer", live_case)
            try:
                transfer(
                    session,
                    case_id,
                    by_agent_id=who.agent.id,
                    to_agent_id=to_agent,
                    to_team=to_team,
                    now=console.clock(),
                )
            except ValueError as error:
                raise ApiError(400, str(error)) from None

        await console.db(move)
        return JSONResponse({"ok": True})

    async def give_back(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        live_case = await console.db(lambda s: own_case(s, who.agent, case_id))
        await console.rasa.send(live_case.conversation_id, "resume", agent=agent_ref(who.agent))

        def record(session: Session) -> None:
            hand_back(session, case_id, who.agent.id, now=console.clock())
            audit(session, console, who.agent, "hand_back", live_case)

        await console.db(record)
        return JSONResponse({"ok": True})

    async def close(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        body = await json_body(request)
        resolution = body.get("resolution")
        if resolution not in {r.value for r in CaseResolution}:
            raise ApiError(400, "resolution must be solved or not_solved")
        category = body.get("category")
        if category is not None and not isinstance(category, str):
            raise ApiError(400, "category must be a text")

        def check(session: Session) -> LiveCase:
            if who.agent.role == AgentRole.SUPERVISOR:
                return open_case(session, who.agent, case_id)
            return own_case(session, who.agent, case_id)

        live_case = await console.db(check)
        await console.rasa.send(
            live_case.conversation_id, "csat_request", agent=agent_ref(who.agent)
        )

        def record(session: Session) -> None:
            close_case(
                session,
                case_id,
                who.agent.id,
                resolution=str(resolution),
                category=category,
                now=console.clock(),
            )
            audit(session, console, who.agent, "close", live_case)

        await console.db(record)
        return JSONResponse({"ok": True})

    path = "/api/cases/{case_id:int}"
    return [
        Route("/api/cases", cases),
        Route(path, one),
        Route(f"{path}/claim", take, methods=["POST"]),
        Route(f"{path}/note", note, methods=["POST"]),
        Route(f"{path}/transfer", pass_on, methods=["POST"]),
        Route(f"{path}/handback", give_back, methods=["POST"]),
        Route(f"{path}/close", close, methods=["POST"]),
    ]
