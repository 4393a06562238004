"""What every action on one of the customer's invoices does first: which invoice, and for whom.

``action_check_invoice`` and ``action_get_invoice`` both read the invoice request of their own
intent and go on only for a verified customer (the request explains itself otherwise, see
:func:`actions.billing.invoice_request.verified_invoice_request`); each then answers in its own
way: each returns the reply, which is said here.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.billing.invoice_request import InvoiceRequest, verified_invoice_request
from actions.billing.messages import not_found
from actions.errors import SafeAction


class InvoiceAction(SafeAction):
    """An action on the invoice a verified customer asked for with ``intent``."""

    intent: ClassVar[str]  # the intent whose message names the invoice

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        found = verified_invoice_request(tracker, dispatcher, self.intent)
        if found is not None:
            customer_id, request = found
            dispatcher.utter_message(text=await self.reply(tracker, customer_id, request))
        return []

    @abstractmethod
    async def reply(self, tracker: Tracker, customer_id: int, request: InvoiceRequest) -> str:
        """The answer to the verified customer ``customer_id`` about the invoice ``request``."""

    @staticmethod
    def not_found(request: InvoiceRequest) -> str:
        """The answer when the customer has no such invoice (or may not see it here)."""
        return not_found(number=request.number, order_id=request.order_id)
