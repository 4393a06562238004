"""Notes on a live case: an agent's private remarks and the console's own system lines.

Notes are never shown to the customer. System lines ("claimed by Anna", "transferred to Ben",
"handed back to the assistant") record who did what to the case, in order, next to the notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.statuses import NoteKind
from icrm_models.db.tables.live import Agent, LiveCase, LiveNote

MAX_NOTE_LENGTH = 4000


@dataclass(frozen=True)
class NoteRow:
    """A note as the console shows it."""

    id: int
    case_id: int
    kind: NoteKind
    text: str
    agent_id: int | None
    agent_name: str | None  # None for a system line without an agent
    created_at: datetime


def add_note(
    session: Session,
    case_id: int,
    agent_id: int | None,
    text: str,
    *,
    kind: str = "note",
    now: datetime,
) -> LiveNote:
    """Add a note to case ``case_id``; ``ValueError`` for an empty text, an unknown kind or case.

    A text longer than ``MAX_NOTE_LENGTH`` characters is cut there.
    """
    body = text.strip()
    if not body:
        raise ValueError("the note is empty")
    try:
        note_kind = NoteKind(kind)
    except ValueError:
        raise ValueError(f"unknown note kind {kind!r}") from None
    if session.get(LiveCase, case_id) is None:
        raise ValueError(f"no case {case_id}")
    note = LiveNote(
        case_id=case_id,
        agent_id=agent_id,
        kind=note_kind,
        text=body[:MAX_NOTE_LENGTH],
        created_at=now,
    )
    session.add(note)
    session.flush()
    return note


def case_notes(session: Session, case_id: int) -> list[NoteRow]:
    """The notes and system lines of ``case_id``, oldest first."""
    rows = session.execute(
        select(LiveNote, Agent.display_name)
        .outerjoin(Agent, Agent.id == LiveNote.agent_id)
        .where(LiveNote.case_id == case_id)
        .order_by(LiveNote.created_at, LiveNote.id)
    ).all()
    return [
        NoteRow(
            id=note.id,
            case_id=note.case_id,
            kind=note.kind,
            text=note.text,
            agent_id=note.agent_id,
            agent_name=name,
            created_at=note.created_at,
        )
        for note, name in rows
    ]
