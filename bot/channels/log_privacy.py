"""Keeps what customers type out of Rasa's log (``var/logs/rasa.log``).

Rasa 3.6 writes the user's text in two places when a message does not parse as expected:

- structlog events carry it as fields: ``message.parsing.failed`` (``user_text``: any message
  that starts with "/" but is no intent payload, e.g. "/ my e-mail is ..."), and
  ``rest.message.received.failure`` / ``.timeout`` (``text``); at debug level many more
  (``parse_data_text``, ``slot_values``, ...). Rasa's own ``_anonymizer`` lists exactly these
  fields, but only acts when Rasa Pro's anonymisation plugin is installed.
- ``warnings.warn`` from the story reader's payload parser quotes the whole line:
  "Failed to parse arguments in line '/greet{"email": "..."}' ...".
- tracebacks: Rasa renders an exception logged through structlog (``rest.message.received.
  failure``, when handling a message fails) with every frame's local variables, the message
  text among them.

``install()`` adds a structlog processor that withholds those fields (their length stays, as a
clue) and renders tracebacks without local variables, and rewrites those warnings without the
text. It is installed when the channels build
their routes, after Rasa configured logging, and changes nothing else: no Rasa plugin (whose
anonymisation hook would re-read the tracker on every message) and no component change (a
component change retrains the model).
"""

from __future__ import annotations

import sys
import traceback
import warnings
from typing import Any, TextIO

import structlog
from structlog.processors import dict_tracebacks
from structlog.tracebacks import ExceptionDictTransformer

# The fields Rasa's rasa.utils.log_utils._anonymizer marks as user data.
USER_DATA_FIELDS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
    }
)
PAYLOAD_WARNING_PREFIX = "Failed to parse arguments in line"
PAYLOAD_WARNING = (
    "Failed to parse a message starting with '/' as an intent payload; it was handled as "
    "text (its content is withheld from the log)."
)


_TRACEBACK_WITHOUT_LOCALS = ExceptionDictTransformer(show_locals=False)


def _exc_info(value: Any) -> tuple[Any, ...] | None:
    """The ``(type, value, traceback)`` an ``exc_info`` field stands for (None: no exception)."""
    if isinstance(value, BaseException):
        return (type(value), value, value.__traceback__)
    if isinstance(value, tuple):
        return value if value and value[0] is not None else None
    if value:
        info = sys.exc_info()
        return info if info[0] is not None else None
    return None


class WithholdUserData:
    """structlog processor: the user-data fields of an event replaced by their length, and an
    exception rendered without the frames' local variables.

    ``structured``: the traceback as structlog's dicts, for the JSON log Rasa writes when its
    output is a file; otherwise as text, for the console renderer on a terminal.
    """

    def __init__(self, *, structured: bool) -> None:
        self.structured = structured

    def __call__(self, _: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
        for key in USER_DATA_FIELDS.intersection(event_dict):
            value = event_dict[key]
            size = len(value) if isinstance(value, (str, list, dict)) else None
            event_dict[key] = "<withheld>" if size is None else f"<withheld: {size}>"
        if "exc_info" in event_dict:
            info = _exc_info(event_dict.pop("exc_info"))
            if info is not None:
                event_dict["exception"] = (
                    _TRACEBACK_WITHOUT_LOCALS(info)
                    if self.structured
                    else "".join(traceback.format_exception(*info))
                )
        return event_dict


def _without_user_text(show: Any) -> Any:
    """``warnings.showwarning`` that shows the payload parser's warnings without the text."""

    def showwarning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if str(message).startswith(PAYLOAD_WARNING_PREFIX):
            message = category(PAYLOAD_WARNING)
        show(message, category, filename, lineno, file, line)

    showwarning.withholds_user_text = True  # type: ignore[attr-defined]
    return showwarning


def install() -> None:
    """Withhold user text from structlog events and warnings from now on (idempotent).

    The processor goes just before the one that renders tracebacks (or else the renderer, the
    last), after Rasa's ``set_exc_info``. It goes into the live processor list, which every
    structlog logger Rasa has already created shares (``cache_logger_on_first_use`` keeps a
    reference to that list, so a fresh ``structlog.configure`` would miss those loggers).
    """
    processors = structlog.get_config()["processors"]
    if not any(isinstance(processor, WithholdUserData) for processor in processors):
        chain = list(processors)
        structured = dict_tracebacks in chain
        at = chain.index(dict_tracebacks) if structured else max(len(chain) - 1, 0)
        withhold = WithholdUserData(structured=structured)
        if isinstance(processors, list):
            processors.insert(at, withhold)
        else:
            structlog.configure(processors=[*chain[:at], withhold, *chain[at:]])
    if not getattr(warnings.showwarning, "withholds_user_text", False):
        warnings.showwarning = _without_user_text(warnings.showwarning)
