"""Which conversations a customer took part in: what forget-me needs to find their chats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base


class CustomerConversation(Base):
    """A conversation in which ``customer_id`` was identified (logged in or proven in the chat).

    Rasa's tracker store keys conversations by ``sender_id`` only; this row is how a deletion
    finds the customer's conversations among everyone's (see :mod:`icrm_models.privacy`).
    """

    __tablename__ = "customer_conversations"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    # Rasa's ``events.sender_id`` is a String(255)
    conversation_id: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    first_seen: Mapped[datetime]
