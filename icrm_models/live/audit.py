"""The access audit: which agent opened or changed which case and customer, and when.

An agent sees personal data of customers (orders, addresses); the GDPR (art. 5(2), 32) asks us
to be able to show who accessed it. The console records every opening of a case, of a customer's
360° view and every message sent; supervisors can read the lines back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import AgentAudit


def record_access(
    session: Session,
    *,
    agent_id: int,
    action: str,
    case_id: int | None,
    customer_id: int | None,
    conversation_id: str | None,
    now: datetime,
) -> AgentAudit:
    """Add one audit line (``action`` e.g. ``open_case``, ``view_customer``, ``send``)."""
    line = AgentAudit(
        agent_id=agent_id,
        action=action[:40],
        case_id=case_id,
        customer_id=customer_id,
        conversation_id=conversation_id,
        at=now,
    )
    session.add(line)
    session.flush()
    return line


def audit_of_customer(session: Session, customer_id: int, *, limit: int = 200) -> list[AgentAudit]:
    """The latest audit lines about ``customer_id``, newest first."""
    return list(
        session.scalars(
            select(AgentAudit)
            .where(AgentAudit.customer_id == customer_id)
            .order_by(AgentAudit.at.desc(), AgentAudit.id.desc())
            .limit(limit)
        )
    )
