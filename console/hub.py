"""The live hub: one poller per console app fans tracker events and case changes out to agents.

Every ~150 ms the poller reads the tracker store's new events (``entries_after`` from the last
event id it saw) and the cases changed since the last look (``updated_at``), in a worker thread.
Each subscriber (one open ``/api/stream`` of one agent) gets only what that agent may see
(``may_open`` on the conversation's case); a conversation without a case reaches nobody. Typing
notices from Rasa (``/internal/typing``) go through the same filter. A subscriber that falls
more than ``QUEUE_SIZE`` events behind gets a ``reset`` (the page reloads its lists) instead of
the lost events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from console.payloads import entry_json, plain
from icrm_models.clock import Clock
from icrm_models.db.engine import session_scope
from icrm_models.db.tables.live import Agent, LiveCase
from icrm_models.live.queue import may_open
from icrm_models.live.transcript_feed import TranscriptEntry, entries_after, latest_event_id

logger = logging.getLogger("console.hub")

QUEUE_SIZE = 1000
Event = dict[str, Any]


@dataclass(eq=False)
class Subscriber:
    """One open stream of one agent."""

    agent: Agent  # detached snapshot of the agent when the stream opened
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    def offer(self, event: Event) -> None:
        """Queue ``event``; a subscriber too far behind drops its backlog for one ``reset``."""
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.queue = asyncio.Queue(QUEUE_SIZE)
            self.queue.put_nowait({"type": "reset"})


@dataclass(frozen=True)
class Batch:
    """What one poll found: new lines with the case of their conversation, and changed cases."""

    entries: list[tuple[TranscriptEntry, LiveCase]]
    cases: list[LiveCase]
    last_event_id: int  # the newest event id read


def case_event(live_case: LiveCase) -> Event:
    """The stream's notice that a case changed (the page reloads what it shows of it)."""
    return {
        "type": "case",
        "case_id": live_case.id,
        "conversation_id": live_case.conversation_id,
        "status": plain(live_case.status),
        "assignee_id": live_case.assignee_id,
        "priority": plain(live_case.priority),
        "team": live_case.team,
    }


def latest_cases(session: Session, conversation_ids: set[str]) -> dict[str, LiveCase]:
    """The newest case of each conversation (open or closed) among ``conversation_ids``."""
    if not conversation_ids:
        return {}
    found: dict[str, LiveCase] = {}
    rows = session.scalars(
        select(LiveCase).where(LiveCase.conversation_id.in_(conversation_ids)).order_by(LiveCase.id)
    )
    for live_case in rows:
        found[live_case.conversation_id] = live_case
    return found


class Hub:
    """Polls the database and fans out to subscribers; started and stopped with the app."""

    def __init__(
        self, sessions: sessionmaker[Session], *, clock: Clock, interval_s: float = 0.15
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.interval_s = interval_s
        self.subscribers: set[Subscriber] = set()
        self.last_event_id = 0
        self.cases_since: datetime | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start polling from now on (events and changes before the start are not replayed)."""

        def where_to_start(session: Session) -> tuple[int, datetime | None]:
            return latest_event_id(session), session.scalar(select(func.max(LiveCase.updated_at)))

        self.last_event_id, self.cases_since = await run_in_threadpool(self._with(where_to_start))
        self.task = asyncio.create_task(self._run(), name="console-live-poller")

    async def stop(self) -> None:
        """Stop the poller and wait for it."""
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    def subscribe(self, agent: Agent) -> Subscriber:
        """A new stream of ``agent``."""
        subscriber = Subscriber(agent=agent)
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """The stream closed."""
        self.subscribers.discard(subscriber)

    def _with(self, work: Any) -> Any:
        def run() -> Any:
            with session_scope(self.sessions) as session:
                return work(session)

        return run

    async def _run(self) -> None:
        while True:
            try:
                await self.poll_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the feed must outlive one bad poll (a locked database, say)
                logger.exception("live poll failed; trying again")
            await asyncio.sleep(self.interval_s)

    def _read(self, session: Session) -> Batch:
        entries = entries_after(session, self.last_event_id)
        cases_of = latest_cases(session, {e.conversation_id for e in entries})
        changed_query = select(LiveCase).order_by(LiveCase.updated_at, LiveCase.id)
        if self.cases_since is not None:
            changed_query = changed_query.where(LiveCase.updated_at > self.cases_since)
        return Batch(
            entries=[
                (e, cases_of[e.conversation_id]) for e in entries if e.conversation_id in cases_of
            ],
            cases=list(session.scalars(changed_query)),
            last_event_id=max((e.event_id for e in entries), default=self.last_event_id),
        )

    async def poll_once(self) -> None:
        """One look at the database; what is new goes to the subscribers allowed to see it."""
        if not self.subscribers:
            # nobody listens: only move the bookmarks, so a later stream starts at "now"
            await self._skip_ahead()
            return
        batch: Batch = await run_in_threadpool(self._with(self._read))
        self.last_event_id = max(self.last_event_id, batch.last_event_id)
        for live_case in batch.cases:
            since = self.cases_since
            changed = live_case.updated_at
            self.cases_since = changed if since is None else max(since, changed)
            self._fan_out(live_case, case_event(live_case))
        for entry, live_case in batch.entries:
            event = {
                "type": "entry",
                "case_id": live_case.id,
                "conversation_id": entry.conversation_id,
                "entry": entry_json(entry),
            }
            self._fan_out(live_case, event)

    async def _skip_ahead(self) -> None:
        def bookmarks(session: Session) -> tuple[int, datetime | None]:
            return latest_event_id(session), session.scalar(select(func.max(LiveCase.updated_at)))

        newest_event, newest_case = await run_in_threadpool(self._with(bookmarks))
        if self.subscribers:
            # a stream opened while we looked: what we saw may be news to it, keep the old marks
            return
        self.last_event_id = newest_event
        self.cases_since = newest_case or self.cases_since

    def _fan_out(self, live_case: LiveCase, event: Event) -> None:
        for subscriber in list(self.subscribers):
            if may_open(subscriber.agent, live_case):
                subscriber.offer(event)

    async def typing(self, conversation_id: str, typing: bool) -> int:
        """Tell the agents who may see ``conversation_id``'s case that the customer is (not)
        typing; returns how many streams got it."""

        def case_of(session: Session) -> LiveCase | None:
            return latest_cases(session, {conversation_id}).get(conversation_id)

        live_case = await run_in_threadpool(self._with(case_of))
        if live_case is None:
            return 0
        event = {
            "type": "typing",
            "case_id": live_case.id,
            "conversation_id": conversation_id,
            "typing": typing,
        }
        told = 0
        for subscriber in list(self.subscribers):
            if may_open(subscriber.agent, live_case):
                subscriber.offer(event)
                told += 1
        return told
