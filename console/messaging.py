"""What an agent sends the customer: replies, typing, product cards, canned replies, and taking
over a conversation the bot is having.

Every send goes to Rasa first (``console.rasa_live``); only when Rasa took it is it recorded
(first reply time, audit). A refused reply answers 502 with a sentence, and the page keeps the
text in the composer. Taking over a live bot conversation pauses the bot, then opens a case
(reason ``agent_pick``) that the agent holds at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.access import agent_ref, case_id_of, json_body, own_case, text_field, visible_case
from console.auth import signed_in
from console.cases import audit
from console.context import Console
from console.errors import ApiError
from console.payloads import plain
from icrm_models.db.schema import Customer, Product, SupportTicket
from icrm_models.db.tables.live import LiveCase
from icrm_models.live.canned import canned_for, fill
from icrm_models.live.queue import claim, enqueue, open_case_of, record_agent_reply
from icrm_models.live.transcript_feed import recent_conversations

RECENT = timedelta(minutes=30)


def product_card(product: Product, agent_name: str, currency: str) -> dict[str, Any]:
    """The custom payload of one product the agent recommends (the widget's card format)."""
    return {
        "type": "product_cards",
        "cards": [
            {
                "offer_id": "",
                "sku": product.sku,
                "name": product.name,
                "price": f"{product.price:.2f}",
                "currency": currency,
                "image_url": product.image_url,
                "reason": f"recommended by {agent_name}",
                "discount_pct": None,
                "buttons": [],
            }
        ],
    }


def canned_values(session: Session, live_case: LiveCase) -> tuple[str | None, int | None]:
    """The first name of a verified customer and the order of the case's ticket, if known."""
    first_name = None
    if live_case.customer_id is not None:
        customer = session.get(Customer, live_case.customer_id)
        if customer is not None and customer.name.strip():
            first_name = customer.name.split()[0]
    order_id = None
    if live_case.ticket_id is not None:
        ticket = session.get(SupportTicket, live_case.ticket_id)
        order_id = ticket.order_id if ticket is not None else None
    return first_name, order_id


def messaging_routes(console: Console) -> list[Route]:
    """Reply, typing, product, canned replies, recent conversations and take-over."""

    async def reply(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        text = text_field(await json_body(request))
        live_case = await console.db(lambda s: own_case(s, who.agent, case_id))
        await console.rasa.send(
            live_case.conversation_id, "message", agent=agent_ref(who.agent), text=text
        )

        def record(session: Session) -> None:
            record_agent_reply(session, case_id, now=console.clock())
            audit(session, console, who.agent, "send", live_case)

        await console.db(record)
        return JSONResponse({"ok": True})

    async def typing(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        body = await json_body(request)
        if not isinstance(body.get("typing"), bool):
            raise ApiError(400, "typing must be true or false")
        live_case = await console.db(lambda s: own_case(s, who.agent, case_id))
        await console.rasa.send(
            live_case.conversation_id, "typing", agent=agent_ref(who.agent), typing=body["typing"]
        )
        return JSONResponse({"ok": True})

    async def send_product(request: Request) -> Response:
        who = await signed_in(request, console)
        case_id = case_id_of(request)
        sku = text_field(await json_body(request), "sku", limit=64)

        def find(session: Session) -> tuple[LiveCase, Product | None]:
            live_case = own_case(session, who.agent, case_id)
            product = session.scalar(select(Product).where(Product.sku == sku))
            return live_case, product

        live_case, product = await console.db(find)
        if product is None or not product.is_active:
            raise ApiError(404, f"There is no product {sku} in the shop.")
        card = product_card(product, who.agent.display_name, console.settings.currency)
        await console.rasa.send(
            live_case.conversation_id,
            "product",
            agent=agent_ref(who.agent),
            text=f"{who.agent.display_name} recommends: {product.name}",
            custom=card,
        )
        await console.db(lambda s: audit(s, console, who.agent, "send_product", live_case))
        return JSONResponse({"ok": True})

    async def canned(request: Request) -> Response:
        who = await signed_in(request, console)
        try:
            case_id = int(request.query_params.get("case", ""))
        except ValueError:
            raise ApiError(400, "canned replies need ?case=<case id>") from None

        def filled(session: Session) -> list[dict[str, str]]:
            live_case = visible_case(session, who.agent, case_id)
            first_name, order_id = canned_values(session, live_case)
            return [
                {
                    "shortcut": reply.shortcut,
                    "title": reply.title,
                    "text": fill(
                        reply.body,
                        first_name=first_name,
                        order_id=order_id,
                        agent_name=who.agent.display_name,
                    ),
                }
                for reply in canned_for(session, live_case.team)
            ]

        return JSONResponse(await console.db(filled))

    async def recent(request: Request) -> Response:
        await signed_in(request, console)

        def rows(session: Session) -> list[dict[str, Any]]:
            since = console.clock() - RECENT
            found = []
            for c in recent_conversations(session, since=since):
                live_case = open_case_of(session, c.conversation_id)
                found.append(
                    {
                        "conversation_id": c.conversation_id,
                        "last_at": plain(c.last_at),
                        "customer_messages": c.customer_messages,
                        "last_customer_text": c.last_customer_text,
                        "case_id": live_case.id if live_case is not None else None,
                    }
                )
            return found

        return JSONResponse(await console.db(rows))

    async def take_over(request: Request) -> Response:
        who = await signed_in(request, console)
        conversation_id = str(request.path_params["conversation_id"])
        if not 0 < len(conversation_id) <= 128:
            raise ApiError(400, "conversation_id must be 1-128 characters")
        taken = await console.db(lambda s: open_case_of(s, conversation_id))
        if taken is not None:
            raise ApiError(409, f"This conversation is case {taken.id} already.")
        await console.rasa.send(conversation_id, "pause", agent=agent_ref(who.agent))

        def open_it(session: Session) -> LiveCase:
            return enqueue(
                session,
                conversation_id=conversation_id,
                reason="agent_pick",
                priority="normal",
                summary=f"picked up by {who.agent.display_name}",
                first_message="",
                customer_id=None,
                ticket_id=None,
                team=who.agent.team,
                now=console.clock(),
            )

        live_case = await console.db(open_it)

        def hold(session: Session) -> bool:
            won = claim(session, live_case.id, who.agent.id, now=console.clock())
            if won:
                audit(session, console, who.agent, "take_over", live_case)
            return won

        if not await console.db(hold):
            raise ApiError(409, "Another agent took this conversation first.")
        answer: dict[str, Any] = {"ok": True, "case_id": live_case.id}
        try:
            await console.rasa.send(conversation_id, "joined", agent=agent_ref(who.agent))
        except ApiError as error:
            answer["warning"] = error.message
        return JSONResponse(answer)

    path = "/api/cases/{case_id:int}"
    return [
        Route(f"{path}/reply", reply, methods=["POST"]),
        Route(f"{path}/typing", typing, methods=["POST"]),
        Route(f"{path}/send_product", send_product, methods=["POST"]),
        Route("/api/canned", canned),
        Route("/api/conversations", recent),
        Route("/api/conversations/{conversation_id}/take_over", take_over, methods=["POST"]),
    ]
