"""What one Rasa event means for analytics: a turn, a form step, a fact of its conversation.

- ``session_started`` opens a new conversation (one Rasa session).
- ``user`` → a customer turn: the text redacted (:func:`icrm_models.analytics.redaction.redact`),
  intent, confidence, entity *names* (never values), the form and requested slot active then.
  ``fallback`` means Rasa's NLU could not pick an intent (``nlu_fallback``). ``out_of_scope`` is
  not a fallback: the assistant understood the request and said it does not do that; the
  report counts it as an intent of its own. A ``rate_chat`` with a ``csat_score`` entity (1–5,
  the widget's rating buttons) is the CSAT of the latest session that had a colleague.
- ``bot`` → a bot turn, ``action`` the action that uttered it (the ``action`` event just before).
  Rasa's live route writes agents' messages as bot events whose metadata names the agent
  (``icrm_models.live.transcript_feed``): kinds ``message``/``product`` are agent turns, the
  other kinds (joined, left, resume, csat_request) system lines. The first agent turn sets
  ``agent_first_reply_at``. Metadata itself is never stored.
- ``active_loop`` → form steps: a form starting; ``None`` after ``action_deactivate_loop`` is the
  customer cancelling, after anything else the form completing. Rasa's own loops that are not
  forms (``action_two_stage_fallback``: "did you mean...?") make no steps and leave the form
  state alone; the message that started them is already a fallback.
- ``slot`` of the active form's requested slot (with a value) → a ``slot`` step; ``requested_slot``
  moves the form on. A slot the form validates while no slot is requested (the customer's
  opening message already gave it, "return order 10023") is a ``slot`` step too.
- ``pause`` → the handoff (the first one of a session), with a reason derived from the events
  (``icrm_models.analytics.ingest_store`` prefers the live case's own reason); ``resume`` →
  ``handed_back_at``.

Every other known type (actions, restarts, reminders, featurisation...) is skipped. An event at
or before what a sender's conversations were ingested up to (re-read, e.g. the tracker source's
overlap window) writes nothing it has no key for: the conversation row already holds its
effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from icrm_models.analytics.ingest_parse import ParsedEvent, storable
from icrm_models.analytics.ingest_state import ConversationState, SenderState
from icrm_models.analytics.redaction import redact
from icrm_models.db.tables.analytics import NAME

Outcome = Literal["stored", "skipped"]

# Redaction is a pure function of the text and the costliest step per turn; the bot says the
# same sentences over and over and customers write "yes", "thanks" or tap the same buttons:
# each text is redacted once while it stays among the most recent ones.
TEXTS_CACHED = 131_072  # a few hundred bytes each: at most ~50 MB

FALLBACK_INTENT = "nlu_fallback"
RATE_INTENT = "rate_chat"
CSAT_ENTITY = "csat_score"
HANDOFF_OFFERED_SLOT = "handoff_offered"
REQUESTED_SLOT = "requested_slot"
DEACTIVATE_LOOP = "action_deactivate_loop"
# loops Rasa runs that are not forms: no form steps, no active form, no "abandoned mid-form"
NOT_FORMS = frozenset({"action_two_stage_fallback"})
LISTEN = "action_listen"
HANDOFF_ACTION = "action_handoff_to_human"
SESSION_START_ACTION = "action_session_start"
ASK_HUMAN_INTENT = "contact_human_agent"
AGENT_KINDS = ("message", "product")
CHANNEL_MAX = 40
# the action that offered a colleague → the reason accepting it gives (actions/handoff/reasons.py)
OFFERED_BY = {"action_default_fallback": "fallback", "action_open_complaint": "escalation"}


@dataclass(slots=True)
class BatchRows:
    """The rows one batch writes; a turn or step points at its conversation's state object
    (whose primary key exists only once the conversation is inserted)."""

    turns: list[tuple[ConversationState, dict[str, Any]]] = field(default_factory=list)
    steps: list[tuple[ConversationState, dict[str, Any]]] = field(default_factory=list)
    new_conversations: list[ConversationState] = field(default_factory=list)


@lru_cache(maxsize=TEXTS_CACHED)
def _redacted(text: str) -> str:
    return storable(redact(text))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _name(value: Any) -> str | None:
    return storable(value[:NAME]) if isinstance(value, str) and value else None


def _open(sender: SenderState, event: ParsedEvent, rows: BatchRows) -> ConversationState:
    """A new session of ``sender`` that ``event`` starts (its key is the session's key)."""
    opened = ConversationState(
        session_key=event.key,
        conversation_id=sender.conversation_id,
        started_at=event.at,
        last_event_at=event.at,
        dirty=True,
    )
    sender.add_session(opened)
    rows.new_conversations.append(opened)
    return opened


def _conversation(
    sender: SenderState, event: ParsedEvent, rows: BatchRows, *, create: bool = True
) -> ConversationState | None:
    """The session ``event`` belongs to, opened now for a sender never seen (first event)."""
    found = sender.session_at(event.at)
    if found is None and create:
        found = _open(sender, event, rows)
    return found


def derive(sender: SenderState, event: ParsedEvent, rows: BatchRows) -> Outcome:
    """Apply ``event`` (not stored before) to its sender's state, adding the rows it makes."""
    kind, data = event.type, event.data
    if kind == "action":
        sender.last_action = _name(data.get("name"))
    old = sender.seen_until is not None and event.at <= sender.seen_until
    if kind == "session_started":
        _open(sender, event, rows)
        sender.slot_recorded = None
        return "stored"
    if kind == "user":
        return _user(sender, event, rows, old=old)
    if kind == "bot":
        return _bot(sender, event, rows, old=old)
    if old:
        return "skipped"
    if kind == "active_loop":
        return _active_loop(sender, event, rows)
    if kind == "slot":
        return _slot(sender, event, rows)
    if kind in ("pause", "resume"):
        return _pause_or_resume(sender, event, rows)
    current = _conversation(sender, event, rows, create=False)
    if current is not None:
        current.touch(event.at)
        if kind == "restart":
            current.active_form = current.requested_slot = None
    return "skipped"


def _add_turn(
    rows: BatchRows,
    sender: SenderState,
    event: ParsedEvent,
    conversation: ConversationState,
    *,
    actor: str,
    text: str | None,
    intent: str | None = None,
    confidence: float | None = None,
    entities: list[str] | None = None,
    action: str | None = None,
    fallback: bool = False,
) -> None:
    """Queue the ``analytics_turns`` row of one message (the form and slot active when said)."""
    rows.turns.append(
        (
            conversation,
            {
                "event_key": event.key,
                "source_event_id": event.source_event_id,
                "conversation_id": sender.conversation_id,
                "at": event.at,
                "actor": actor,
                "text": text,
                "intent": intent,
                "confidence": confidence,
                "entities": entities or [],
                "action": action,
                "form": conversation.active_form,
                "requested_slot": conversation.requested_slot,
                "fallback": fallback,
            },
        )
    )


def _user(sender: SenderState, event: ParsedEvent, rows: BatchRows, *, old: bool) -> Outcome:
    data = event.data
    parse = _dict(data.get("parse_data"))
    intent_data = _dict(parse.get("intent"))
    intent = _name(intent_data.get("name"))
    confidence = intent_data.get("confidence")
    found = parse.get("entities")
    entities: list[Any] = found if isinstance(found, list) else []
    names = sorted(
        {_name(str(e["entity"])) or "" for e in entities if isinstance(e, dict) and e.get("entity")}
    )
    conversation = _conversation(sender, event, rows)
    assert conversation is not None
    fallback = intent == FALLBACK_INTENT
    text = data.get("text")
    _add_turn(
        rows,
        sender,
        event,
        conversation,
        actor="customer",
        text=_redacted(text) if isinstance(text, str) else None,
        intent=intent,
        confidence=float(confidence)
        if isinstance(confidence, int | float) and not isinstance(confidence, bool)
        else None,
        entities=names,
        fallback=fallback,
    )
    latest = conversation.touch(event.at)
    conversation.customer_turns += 1
    conversation.last_customer_at = _later(conversation.last_customer_at, event.at)
    if fallback:
        conversation.fallbacks += 1
        conversation.last_fallback_at = _later(conversation.last_fallback_at, event.at)
    channel = data.get("input_channel")
    if conversation.channel is None and isinstance(channel, str) and channel:
        conversation.channel = storable(channel[:CHANNEL_MAX])
    if latest and not old:
        conversation.last_intent = intent
    if intent == RATE_INTENT:
        _rate(sender, conversation, entities)
    return "stored"


def _rate(sender: SenderState, conversation: ConversationState, entities: list[Any]) -> None:
    for entity in entities:
        if not isinstance(entity, dict) or entity.get("entity") != CSAT_ENTITY:
            continue
        try:
            number = float(str(entity.get("value")).strip())
        except ValueError:
            return
        if number.is_integer() and 1 <= number <= 5:
            rated = sender.rated_session(conversation)
            rated.csat_score = int(number)
            rated.dirty = True
        return


def _bot(sender: SenderState, event: ParsedEvent, rows: BatchRows, *, old: bool) -> Outcome:
    data = event.data
    metadata = _dict(data.get("metadata"))
    agent = _dict(metadata.get("agent"))
    actor = "bot"
    if agent:
        actor = "agent" if metadata.get("live", "message") in AGENT_KINDS else "system"
    conversation = _conversation(sender, event, rows)
    assert conversation is not None
    text = data.get("text")
    _add_turn(
        rows,
        sender,
        event,
        conversation,
        actor=actor,
        text=_redacted(text) if isinstance(text, str) and text else None,
        action=sender.last_action if actor == "bot" else None,
    )
    conversation.touch(event.at)
    if actor == "bot":
        conversation.bot_turns += 1
    elif actor == "agent":
        conversation.agent_turns += 1
        if conversation.agent_first_reply_at is None:
            conversation.agent_first_reply_at = event.at
    return "stored"


def _step(
    rows: BatchRows,
    conversation: ConversationState,
    event: ParsedEvent,
    form: str,
    step: str,
    slot: str | None = None,
) -> None:
    rows.steps.append(
        (
            conversation,
            {
                "event_key": event.key,
                "conversation_id": conversation.conversation_id,
                "form": form,
                "step": step,
                "slot": slot,
                "at": event.at,
            },
        )
    )


def _active_loop(sender: SenderState, event: ParsedEvent, rows: BatchRows) -> Outcome:
    name = _name(event.data.get("name"))
    conversation = _conversation(sender, event, rows, create=name is not None)
    if conversation is None:
        return "skipped"
    conversation.touch(event.at)
    if name in NOT_FORMS or (name is None and sender.last_action in NOT_FORMS):
        return "skipped"
    current = conversation.active_form
    if name is not None and name != current:
        conversation.active_form = name
        sender.slot_recorded = None
        _step(rows, conversation, event, name, "started")
        return "stored"
    if name is None and current is not None:
        conversation.active_form = None
        cancelled = sender.last_action == DEACTIVATE_LOOP
        _step(rows, conversation, event, current, "cancelled" if cancelled else "completed")
        return "stored"
    return "skipped"


def _slot(sender: SenderState, event: ParsedEvent, rows: BatchRows) -> Outcome:
    name = _name(event.data.get("name"))
    value = event.data.get("value")
    if name == HANDOFF_OFFERED_SLOT:
        sender.offered_by = sender.last_action if value else None
    conversation = _conversation(sender, event, rows, create=False)
    if conversation is None:
        return "skipped"
    conversation.touch(event.at)
    if name == REQUESTED_SLOT:
        conversation.requested_slot = _name(value)
        sender.slot_recorded = None
        return "skipped"
    form = conversation.active_form
    opening = conversation.requested_slot is None  # validated from the form's first message
    if form is None or value is None or not (opening or name == conversation.requested_slot):
        return "skipped"
    if sender.slot_recorded == name:  # extracted, then validated: one step
        return "skipped"
    sender.slot_recorded = name
    _step(rows, conversation, event, form, "slot", name)
    return "stored"


def handoff_reason(sender: SenderState, conversation: ConversationState) -> str | None:
    """The reason the events give (the live case's own reason wins when there is one)."""
    if sender.last_action == SESSION_START_ACTION:
        return None  # a new session of a conversation still waiting: the old reason holds
    if sender.last_action != HANDOFF_ACTION:
        return "agent_pick"  # the console's live route paused it: an agent picked it up
    if conversation.last_intent == ASK_HUMAN_INTENT:
        return "asked"
    return OFFERED_BY.get(sender.offered_by or "", "accepted_offer")


def _pause_or_resume(sender: SenderState, event: ParsedEvent, rows: BatchRows) -> Outcome:
    conversation = _conversation(sender, event, rows)
    assert conversation is not None
    conversation.touch(event.at)
    if event.type == "pause":
        if conversation.handoff_at is not None:
            return "skipped"
        conversation.handoff_at = event.at
        conversation.handoff_reason = handoff_reason(sender, conversation)
        conversation.handed_off_now = True
        return "stored"
    if conversation.handoff_at is None or conversation.handed_back_at is not None:
        return "skipped"
    conversation.handed_back_at = event.at
    return "stored"


def _later(current: datetime | None, at: datetime) -> datetime:
    return at if current is None or at > current else current
