"""Questions about one product: ``product_question_form`` finds it, ``action_product_question``
answers from its data.

The form has one slot, ``question_product`` (the product id once known). On activation the
question itself is read for a product name ("is the Zoe Tank see-through?"), or a product just
shown ("is it waterproof?" after one card); only when that fails does the form ask which
product is meant. No identity is needed: product data is public.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.digressions.answers import latest_is_digression
from actions.errors import SafeAction, SafeFormValidation
from actions.identity import current_customer_id
from actions.services import run_query
from actions.shopping.conversation import latest_user_event, shown_offer_ids
from actions.shopping.messages import PRODUCT_NOT_FOUND, WHICH_PRODUCT, describe_answer
from icrm_models import clock
from icrm_models.db.event_types import BehaviourEventType
from icrm_models.offers.records import offered_products, record_event
from icrm_models.orders.status import parse_order_number
from icrm_models.search.product_facts import answer_about
from icrm_models.search.products import (
    ProductInfo,
    catalogue_vocabulary,
    find_product,
    products_by_id,
)
from icrm_models.search.text import clean_text

SLOT = "question_product"


class ValidateProductQuestionForm(SafeFormValidation):
    """Work out which product a question is about."""

    def name(self) -> str:
        return "validate_product_question_form"

    def extract_question_product(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") not in (None, SLOT):
            return {}
        if tracker.get_slot("requested_slot") == SLOT and latest_is_digression(tracker):
            return {}  # a question asked meanwhile is answered, never taken for a product
        named = [str(v) for v in tracker.get_latest_entity_values("product")]
        text = clean_text(tracker.latest_message.get("text"))
        mention = " ".join([*named, text]).strip()
        return {SLOT: mention} if mention else {}

    async def validate_question_product(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        shown = shown_offer_ids(tracker)

        def lookup(session: Session) -> ProductInfo | None:
            among = offered_products(session, shown, tracker.sender_id)
            return find_product(session, slot_value, among=among)

        product = await run_query(lookup)
        if product is not None:
            return {SLOT: str(product.product_id)}
        if tracker.get_slot("requested_slot") == SLOT:  # asked, and still not recognised
            dispatcher.utter_message(text=PRODUCT_NOT_FOUND)
        return {SLOT: None}


class ActionProductQuestion(SafeAction):
    """Answer a question about the product ``product_question_form`` found."""

    def name(self) -> str:
        return "action_product_question"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet(SLOT, None)]
        product_id = parse_order_number(tracker.get_slot(SLOT))
        if product_id is None:
            dispatcher.utter_message(text=WHICH_PRODUCT)
            return reset
        question = latest_user_event(tracker, "product_question") or {}
        parse = question.get("parse_data") or {}
        entities = [*(parse.get("entities") or []), *(tracker.latest_message.get("entities") or [])]

        def first(name: str) -> Any:
            return next((e.get("value") for e in entities if e.get("entity") == name), None)

        customer_id = current_customer_id(tracker)

        def lookup(session: Session) -> tuple[ProductInfo | None, list[str]]:
            product = products_by_id(session, [product_id]).get(product_id)
            if product is not None:  # an interest the next offer can follow up on
                record_event(
                    session,
                    event_type=BehaviourEventType.PRODUCT_QUESTION,
                    customer_id=customer_id,
                    conversation_id=tracker.sender_id,
                    now=clock.utc_now(),
                    product_id=product.product_id,
                )
                session.commit()
            return product, catalogue_vocabulary(session)[1]

        product, palette = await run_query(lookup)
        if product is None:
            dispatcher.utter_message(text=WHICH_PRODUCT)
            return reset
        answer = answer_about(
            product,
            clean_text(question.get("text") or tracker.latest_message.get("text")),
            size=first("size"),
            color=first("color"),
            palette=palette,
        )
        dispatcher.utter_message(text=describe_answer(answer))
        return reset
