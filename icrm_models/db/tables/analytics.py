"""Conversation analytics (issue 19): what analysts read, derived from Rasa's events.

Rasa's tracker store (table ``events``) stays the one record of every conversation; these tables
are a redacted, queryable copy that ``icrm_models.analytics.ingest`` fills incrementally, from the
tracker store or from Rasa's RabbitMQ event broker. Every text here went through the redactor
first (``icrm_models.analytics.redaction``); no message metadata, identity token or slot value is
kept, only entity and slot *names*.

One *conversation* here is one Rasa session of one sender (Rasa Pro's analytics count sessions
too): a ``session_started`` event opens the next one. Every stored row carries ``event_key``, the
SHA-256 of the event as Rasa serialised it (``icrm_models.analytics.event_keys``), unique: the
same event read twice, or once from each source, is stored once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base

KEY = 64  # a SHA-256 in hex
NAME = 100  # intent, action, form, slot and entity names


class AnalyticsConversation(Base):
    """One Rasa session of one sender, with the facts its outcome is computed from.

    The outcome itself (contained, handed off, abandoned, still going) is not stored: it depends
    on when one asks (a conversation idle for a minute is not abandoned yet), so the metrics
    derive it from these columns (``icrm_models.analytics.outcomes``).
    """

    __tablename__ = "analytics_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the key of the session's first event: session_started, or the first event ever seen
    session_key: Mapped[str] = mapped_column(String(KEY), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)  # Rasa's sender_id
    customer_id: Mapped[int | None] = mapped_column(index=True)  # no FK: erasure deletes rows
    channel: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(index=True)
    last_event_at: Mapped[datetime]
    customer_turns: Mapped[int] = mapped_column(default=0)
    bot_turns: Mapped[int] = mapped_column(default=0)
    agent_turns: Mapped[int] = mapped_column(default=0)
    fallbacks: Mapped[int] = mapped_column(default=0)  # customer messages not understood
    last_fallback_at: Mapped[datetime | None]
    last_customer_at: Mapped[datetime | None]
    handoff_at: Mapped[datetime | None]  # the bot paused for a person (first time)
    handoff_reason: Mapped[str | None] = mapped_column(String(40))
    agent_first_reply_at: Mapped[datetime | None]
    handed_back_at: Mapped[datetime | None]
    csat_score: Mapped[int | None]
    active_form: Mapped[str | None] = mapped_column(String(NAME))  # at the last event
    requested_slot: Mapped[str | None] = mapped_column(String(NAME))  # at the last event
    last_intent: Mapped[str | None] = mapped_column(String(NAME))


class AnalyticsTurn(Base):
    """One message: the customer's, the bot's, an agent's, or a line the system wrote."""

    __tablename__ = "analytics_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(KEY), unique=True)
    source_event_id: Mapped[int | None]  # ``events.id`` when read from the tracker store
    conversation_pk: Mapped[int] = mapped_column(
        ForeignKey("analytics_conversations.id"), index=True
    )
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(20))  # customer | bot | agent | system
    text: Mapped[str | None] = mapped_column(Text)  # redacted
    intent: Mapped[str | None] = mapped_column(String(NAME), index=True)
    confidence: Mapped[float | None]
    entities: Mapped[list[Any]] = mapped_column(JSON, default=list)  # entity names only
    action: Mapped[str | None] = mapped_column(String(NAME))  # the utterance / action that spoke
    form: Mapped[str | None] = mapped_column(String(NAME))  # the form active when said
    requested_slot: Mapped[str | None] = mapped_column(String(NAME))
    fallback: Mapped[bool] = mapped_column(default=False)  # a customer message not understood

    __table_args__ = (Index("ix_analytics_turns_actor_at", "actor", "at"),)


class AnalyticsFormStep(Base):
    """A step of a form: started, a slot filled, completed, or cancelled by the customer.

    A form started and neither completed nor cancelled by the end of its conversation was
    abandoned at the conversation's last ``requested_slot``.
    """

    __tablename__ = "analytics_form_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(KEY), unique=True)
    conversation_pk: Mapped[int] = mapped_column(
        ForeignKey("analytics_conversations.id"), index=True
    )
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    form: Mapped[str] = mapped_column(String(NAME), index=True)
    step: Mapped[str] = mapped_column(String(20))  # started | slot | completed | cancelled
    slot: Mapped[str | None] = mapped_column(String(NAME))
    at: Mapped[datetime]


class AnalyticsReject(Base):
    """An event the ingest could not read: counted, reported, kept (redacted) for a look."""

    __tablename__ = "analytics_rejects"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(KEY), unique=True)
    source: Mapped[str] = mapped_column(String(40))  # tracker_store | rabbitmq
    source_event_id: Mapped[int | None]
    conversation_id: Mapped[str | None] = mapped_column(String(255), index=True)
    type_name: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(String(255))
    raw: Mapped[str] = mapped_column(Text)  # redacted, at most a few KB
    at: Mapped[datetime]


class AnalyticsBookmark(Base):
    """How far the ingest has read a source (the tracker store's highest ``events.id``)."""

    __tablename__ = "analytics_bookmarks"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]


class AnalyticsIngestRun(Base):
    """One ingest pass and what it did with what it read: nothing vanishes uncounted."""

    __tablename__ = "analytics_ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    read: Mapped[int] = mapped_column(default=0)  # events looked at
    stored: Mapped[int] = mapped_column(default=0)  # turns and form steps written
    skipped: Mapped[int] = mapped_column(default=0)  # known events analytics has no use for
    duplicates: Mapped[int] = mapped_column(default=0)  # already stored (same event key)
    rejected: Mapped[int] = mapped_column(default=0)  # broken or unknown: see analytics_rejects
