"""Reading one raw event: a Rasa event the ingest can use, or a reject with its reason.

An event reaches the ingest as text (a tracker-store row's ``data``) or as a decoded broker
message. Either it is a JSON object with a known ``event`` type, a numeric ``timestamp`` and
the fields its type needs (:class:`ParsedEvent`), or it becomes a :class:`Rejected`: counted,
stored in ``analytics_rejects`` with its text redacted and cut to :data:`RAW_MAX` characters
and the message metadata taken out, never raised, so one bad row cannot stop an ingest.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson

from icrm_models.analytics.event_keys import canonical_json, event_key, raw_key
from icrm_models.analytics.redaction import redact

RAW_MAX = 2000  # characters of a rejected event kept for a look
REASON_MAX = 255
TYPE_MAX = 255
# Rasa 3.6's event types (rasa/shared/core/events.py, and the test-only ones of rasa/core/test.py)
KNOWN_TYPES = frozenset(
    {
        "user", "user_featurization", "entities", "bot", "slot", "restart", "rewind",
        "reset_slots", "reminder", "cancel_reminder", "undo", "export", "followup", "pause",
        "resume", "action", "agent", "active_loop", "form", "loop_interrupted",
        "form_validation", "action_execution_rejected", "session_started",
        "warning_predicted", "wrong_action", "wrong_utterance",
    }
)  # fmt: skip
# the fields a type needs, beyond ``event`` and ``timestamp``
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {"action": ("name",), "slot": ("name",)}
METADATA_KEYS = ("metadata",)  # taken out of a rejected event's raw text, at any depth
# The types whose key a row can hold (a turn, a form step, or a conversation's first event):
# only these get a key and are looked up. Any other event re-read is skipped as old, having no
# row to find; its key is never needed.
KEYED_TYPES = frozenset(
    {"user", "bot", "active_loop", "slot", "session_started", "pause", "resume"}
)
# orjson reads an integer beyond 64 bits as a float (json: an int, so another key): a text
# with a run of 20 digits or more (rarely a float's too) is read by json, as is every text
# orjson refuses (NaN, Infinity, 1e400, lone surrogates): both give the same objects.
LONG_DIGITS = re.compile(r"[0-9]{20}")
SENDERS_CACHED = 4096  # senders whose storable form is kept (a batch has a few thousand)


@dataclass(frozen=True, slots=True)
class RawEvent:
    """An event as a source hands it over, not yet read."""

    sender_id: str | None  # the conversation; None when the source did not say
    data: str | dict[str, Any]  # the stored JSON text, or a decoded broker message's event
    source_event_id: int | None = None  # ``events.id`` for the tracker store


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """A readable event of a known type."""

    key: str  # "" for a type outside KEYED_TYPES (no row ever holds its key)
    sender_id: str
    type: str
    ts: float
    at: datetime
    data: dict[str, Any]
    source_event_id: int | None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An event that cannot be read, with why, ready for ``analytics_rejects``."""

    key: str
    sender_id: str | None
    type_name: str | None
    reason: str
    raw: str  # redacted, metadata removed, at most RAW_MAX characters
    at: datetime
    source_event_id: int | None


def storable(text: str) -> str:
    """``text`` as every database stores it: no NUL character (PostgreSQL refuses it in text)
    and no lone surrogate (not encodable as UTF-8); each becomes a replacement character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


@lru_cache(maxsize=SENDERS_CACHED)
def _storable_sender(sender: str) -> str:
    return storable(sender)


def decode_json(text: str) -> Any:
    """``json.loads(text)``, the same objects, mostly by orjson (about 1.6x faster).

    Raises ``ValueError`` (as json does) for a text that is not JSON.
    """
    if not LONG_DIGITS.search(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # json decides: it accepts a few texts orjson does not, and words the error
    return json.loads(text)


def _without_metadata(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k not in METADATA_KEYS}
    if isinstance(value, list):
        return [_without_metadata(v) for v in value]
    return value


def _shown(data: str | dict[str, Any]) -> str:
    """What a reject keeps of the event: metadata out, redacted, cut to RAW_MAX."""
    text = data if isinstance(data, str) else canonical_json(_without_metadata(data))
    return storable(redact(text[: RAW_MAX * 2])[:RAW_MAX])


def _time(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _timestamp(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0 <= number < 1e11 else None


def parse_event(raw: RawEvent, *, now: datetime) -> ParsedEvent | Rejected:
    """``raw`` read: a :class:`ParsedEvent`, or a :class:`Rejected` saying what is wrong.

    ``now`` dates a reject that carries no readable time of its own.
    """
    sender = _storable_sender(raw.sender_id) if raw.sender_id else raw.sender_id
    data: Any = raw.data
    if isinstance(raw.data, str):
        try:
            data = decode_json(raw.data)
        except ValueError:
            return _reject(raw, "bad JSON", None, raw_key(sender or "", raw.data), now)
    if not isinstance(data, dict):
        text = raw.data if isinstance(raw.data, str) else json.dumps(raw.data)
        return _reject(raw, "not a JSON object", None, raw_key(sender or "", text), now)
    kind = data.get("event")
    key = event_key(sender or "", data) if kind in KEYED_TYPES else ""  # else: when rejected
    type_name = str(kind)[:TYPE_MAX] if kind is not None else None
    ts = _timestamp(data.get("timestamp"))
    at = _time(ts) if ts is not None else now
    if not sender:
        return _reject(raw, "missing field sender_id", type_name, key, at, data)
    if not isinstance(kind, str) or not kind:
        return _reject(raw, "missing field event", type_name, key, at, data)
    if kind not in KNOWN_TYPES:
        return _reject(raw, f"unknown event type {kind}", type_name, key, at, data)
    if ts is None:
        return _reject(raw, "missing or bad field timestamp", type_name, key, at, data)
    for name in REQUIRED_FIELDS.get(kind, ()):
        if not isinstance(data.get(name), str) or not data.get(name):
            return _reject(raw, f"missing field {name}", type_name, key, at, data)
    return ParsedEvent(key, sender, kind, ts, at, data, raw.source_event_id)


def _reject(
    raw: RawEvent,
    reason: str,
    type_name: str | None,
    key: str,
    at: datetime,
    data: dict[str, Any] | None = None,
) -> Rejected:
    """A reject of ``raw``; ``data``: the decoded object, when it is one (metadata goes)."""
    if not key and data is not None:
        key = event_key(raw.sender_id or "", data)
    return Rejected(
        key=key,
        sender_id=storable(raw.sender_id) if raw.sender_id else None,
        type_name=storable(type_name) if type_name else None,
        reason=storable(redact(reason)[:REASON_MAX]),
        raw=_shown(raw.data if data is None else data),
        at=at,
        source_event_id=raw.source_event_id,
    )
