"""Every table of the customer database, importable from one place."""

from icrm_models.db.base import Base
from icrm_models.db.tables.after_sales import Refund, Return
from icrm_models.db.tables.analytics import (
    AnalyticsBookmark,
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsIngestRun,
    AnalyticsReject,
    AnalyticsTurn,
)
from icrm_models.db.tables.behaviour import BehaviourEvent, Offer, OutboxMessage, SyntheticTruth
from icrm_models.db.tables.billing import Invoice, Payment
from icrm_models.db.tables.catalogue import Product
from icrm_models.db.tables.conversations import CustomerConversation
from icrm_models.db.tables.customers import ConsentChange, Customer
from icrm_models.db.tables.fulfilment import Shipment, TrackingEvent
from icrm_models.db.tables.links import AccountLink
from icrm_models.db.tables.live import (
    Agent,
    AgentAudit,
    AgentSession,
    CannedReply,
    LiveCase,
    LiveNote,
    LoginAttempt,
)
from icrm_models.db.tables.orders import Order, OrderItem
from icrm_models.db.tables.security import PendingAccountChange, VerificationFailure
from icrm_models.db.tables.support import SupportTicket

__all__ = [
    "AccountLink",
    "Agent",
    "AgentAudit",
    "AgentSession",
    "AnalyticsBookmark",
    "AnalyticsConversation",
    "AnalyticsFormStep",
    "AnalyticsIngestRun",
    "AnalyticsReject",
    "AnalyticsTurn",
    "Base",
    "BehaviourEvent",
    "CannedReply",
    "ConsentChange",
    "Customer",
    "CustomerConversation",
    "Invoice",
    "LiveCase",
    "LiveNote",
    "LoginAttempt",
    "Offer",
    "Order",
    "OrderItem",
    "OutboxMessage",
    "Payment",
    "PendingAccountChange",
    "Product",
    "Refund",
    "Return",
    "Shipment",
    "SupportTicket",
    "SyntheticTruth",
    "TrackingEvent",
    "VerificationFailure",
]
