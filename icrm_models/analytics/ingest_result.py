"""What an ingest did with what it read: every event ends in exactly one count."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class IngestResult:
    """Counts of one ingest (a run, or one batch of it).

    ``read == stored + skipped + duplicates + rejected``: *stored* events wrote or changed
    analytics rows (a turn, a form step, a conversation or one of its facts such as the
    handoff); *skipped* ones are known events analytics has no use for (actions, listens, slots
    of no form, events re-read whose effect is in already); *duplicates* carry a key that is
    stored already; *rejected* ones are broken or of an unknown type (``analytics_rejects``).
    """

    source: str
    read: int = 0
    stored: int = 0
    skipped: int = 0
    duplicates: int = 0
    rejected: int = 0
    turns: int = 0  # rows written to analytics_turns
    form_steps: int = 0  # rows written to analytics_form_steps
    conversations: int = 0  # new rows of analytics_conversations
    batches: int = 0
    last_event_id: int | None = None  # the tracker store's bookmark after the run
    seconds: float = 0.0

    def add(self, other: IngestResult) -> None:
        """Add ``other``'s counts to these (the bookmark moves to ``other``'s, if it has one)."""
        for item in fields(self):
            if item.name in ("source", "last_event_id", "seconds"):
                continue
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        if other.last_event_id is not None:
            self.last_event_id = other.last_event_id

    @property
    def turns_per_second(self) -> float:
        """Turns written per second of the run (0 before any time passed)."""
        return self.turns / self.seconds if self.seconds > 0 else 0.0

    def rows(self) -> list[tuple[str, int]]:
        """The counts as (label, value) rows, for a table."""
        return [
            ("events read", self.read),
            ("stored", self.stored),
            ("skipped (no use for analytics)", self.skipped),
            ("duplicates (stored before)", self.duplicates),
            ("rejected (see analytics_rejects)", self.rejected),
            ("turns written", self.turns),
            ("form steps written", self.form_steps),
            ("new conversations", self.conversations),
        ]
