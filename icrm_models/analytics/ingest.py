"""Conversation ingest (issue 19): Rasa's events, redacted, into the analytics tables.

:class:`Ingestor` turns a batch of raw events into rows in one transaction: each event is read
(:mod:`~icrm_models.analytics.ingest_parse`), checked against the keys stored already
(:mod:`~icrm_models.analytics.event_keys`: the same event from the tracker store and from the
broker has one key), applied to its conversation (:mod:`~icrm_models.analytics.ingest_derive`)
and written in bulk (:mod:`~icrm_models.analytics.ingest_store`). The sources feed it:
:func:`icrm_models.analytics.tracker_source.ingest_tracker_store` (embedded default) and
:func:`icrm_models.analytics.broker_source.ingest_broker` (RabbitMQ, at scale).

Batches of one database are serialised (an advisory lock on PostgreSQL; SQLite's one writer),
because a batch continues conversations from what the rows say.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from icrm_models.analytics.ingest_derive import BatchRows, derive
from icrm_models.analytics.ingest_parse import ParsedEvent, RawEvent, Rejected, parse_event
from icrm_models.analytics.ingest_result import IngestResult
from icrm_models.analytics.ingest_state import SenderState
from icrm_models.analytics.ingest_store import known_keys, load_senders, write_batch
from icrm_models.clock import Clock, utc_now
from icrm_models.db.tables.analytics import AnalyticsIngestRun

# pg_advisory_xact_lock key of the analytics ingest ("icrm-an" in ASCII)
ADVISORY_LOCK = 0x6963726D2D616E
TRANSIENT_MAX = 100_000  # senders whose between-events facts are kept in memory


class Ingestor:
    """Ingests batches of one source, remembering what one event tells the next."""

    def __init__(self, source: str, *, clock: Clock = utc_now) -> None:
        self.source = source
        self.clock = clock
        self._transient: OrderedDict[str, tuple[str | None, str | None, str | None]] = OrderedDict()

    def start_run(self, session: Session) -> int:
        """Record a new run (committed at once, so a crashed run still shows); its id."""
        run_id = session.scalar(
            insert(AnalyticsIngestRun)
            .values(source=self.source, started_at=self.clock())
            .returning(AnalyticsIngestRun.id)
        )
        session.commit()
        assert run_id is not None
        return int(run_id)

    def finish_run(self, session: Session, run_id: int) -> None:
        """Stamp the run finished; the caller commits."""
        session.execute(
            update(AnalyticsIngestRun)
            .where(AnalyticsIngestRun.id == run_id)
            .values(finished_at=self.clock())
        )

    def _lock(self, session: Session, run_id: int, result: IngestResult) -> None:
        """Serialise batches (the first write takes SQLite's lock) and count into the run."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK)))
        table = AnalyticsIngestRun
        session.execute(
            update(table)
            .where(table.id == run_id)
            .values(
                read=table.read + result.read,
                stored=table.stored + result.stored,
                skipped=table.skipped + result.skipped,
                duplicates=table.duplicates + result.duplicates,
                rejected=table.rejected + result.rejected,
            )
        )

    def ingest_batch(
        self, session: Session, raws: Sequence[RawEvent], *, run_id: int
    ) -> IngestResult:
        """Ingest ``raws`` (in source order) into the session's transaction; the caller
        commits (and moves its bookmark in the same transaction)."""
        now = self.clock()
        result = IngestResult(self.source, read=len(raws), batches=1)
        parsed: list[ParsedEvent] = []
        rejects: list[Rejected] = []
        for raw in raws:
            item = parse_event(raw, now=now)
            (parsed if isinstance(item, ParsedEvent) else rejects).append(item)  # type: ignore[arg-type]
        # counts are known only at the end: lock first with zeros, add the counts after
        self._lock(session, run_id, IngestResult(self.source))
        keyed = [(e.type, e.key) for e in parsed if e.key]
        known = known_keys(session, keyed, [r.key for r in rejects])
        fresh_rejects: dict[str, Rejected] = {}
        for reject in rejects:
            if reject.key in known or reject.key in fresh_rejects:
                result.duplicates += 1
            else:
                fresh_rejects[reject.key] = reject
        result.rejected = len(fresh_rejects)
        senders = load_senders(session, {e.sender_id for e in parsed})
        self._restore(senders)
        rows = BatchRows()
        seen: set[str] = set()
        for event in parsed:
            if event.key and (event.key in known or event.key in seen):
                result.duplicates += 1
                continue
            seen.add(event.key)
            outcome = derive(senders[event.sender_id], event, rows)
            if outcome == "stored":
                result.stored += 1
            else:
                result.skipped += 1
        result.conversations = len(rows.new_conversations)
        result.turns, result.form_steps = write_batch(
            session, senders, rows, list(fresh_rejects.values()), source=self.source
        )
        self._remember(senders)
        self._lock(session, run_id, result)
        return result

    def _restore(self, senders: dict[str, SenderState]) -> None:
        for sender, state in senders.items():
            facts = self._transient.get(sender)
            if facts is not None:
                state.last_action, state.offered_by, state.slot_recorded = facts

    def _remember(self, senders: dict[str, SenderState]) -> None:
        for sender, state in senders.items():
            self._transient[sender] = (state.last_action, state.offered_by, state.slot_recorded)
            self._transient.move_to_end(sender)
        while len(self._transient) > TRANSIENT_MAX:
            self._transient.popitem(last=False)
