"""The console's JSON: domain rows of ``icrm_models.live`` as the page reads them.

Only what the page shows crosses: an agent's password hash or session rows never do, and a
customer's id is sent only for a verified customer (a guest is ``null``).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from icrm_models.db.tables.live import LiveCase
from icrm_models.live.case_lists import CaseRow
from icrm_models.live.customer_360 import Customer360
from icrm_models.live.notes import NoteRow
from icrm_models.live.transcript_feed import TranscriptEntry

GUEST = "guest, not verified"


def plain(value: Any) -> Any:
    """``value`` with datetimes as ISO text, decimals as text, enums as their values."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def case_row_json(row: CaseRow) -> dict[str, Any]:
    """One line of the queue."""
    return {str(k): plain(v) for k, v in dataclasses.asdict(row).items()}


def live_case_json(live_case: LiveCase, assignee_name: str | None) -> dict[str, Any]:
    """A case as its conversation view shows it."""
    return {
        "case_id": live_case.id,
        "conversation_id": live_case.conversation_id,
        "status": plain(live_case.status),
        "reason": plain(live_case.reason),
        "priority": plain(live_case.priority),
        "summary": live_case.summary,
        "first_message": live_case.first_message,
        "team": live_case.team,
        "customer_id": live_case.customer_id,
        "assignee_id": live_case.assignee_id,
        "assignee_name": assignee_name,
        "queued_at": plain(live_case.queued_at),
        "assigned_at": plain(live_case.assigned_at),
        "closed_at": plain(live_case.closed_at),
        "resolution": plain(live_case.resolution),
        "resolution_category": live_case.resolution_category,
        "csat_score": live_case.csat_score,
    }


def entry_json(entry: TranscriptEntry) -> dict[str, Any]:
    """One transcript line."""
    return {str(k): plain(v) for k, v in dataclasses.asdict(entry).items()}


def note_json(note: NoteRow) -> dict[str, Any]:
    """A private note or a system line of a case."""
    return {str(k): plain(v) for k, v in dataclasses.asdict(note).items()}


def customer_json(view: Customer360 | None) -> dict[str, Any]:
    """The 360° panel; a guest gets only ``{"verified": false, "label": "guest, not verified"}``."""
    if view is None:
        return {"verified": False, "label": GUEST}
    body = {str(k): plain(v) for k, v in dataclasses.asdict(view).items()}
    body["label"] = "verified customer"
    return body
