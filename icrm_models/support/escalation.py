"""How urgent a complaint or a request for a human is: signals of an escalating customer.

Signals are read from the customer's own messages (a repeated contact — "third time", "again";
strong words — "unacceptable"; legal or chargeback threats; shouting in capitals; rows of
exclamation marks; swearing) and from their history (an earlier complaint in this conversation,
tickets still open from earlier contacts). Each signal weighs 1, a legal or chargeback threat 2:
no signal is a ``normal`` ticket, weight 1 ``high``, weight 2 or more ``urgent``. A handoff caps
the priority at ``high`` (the request itself is not a complaint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PRIORITIES = ("low", "normal", "high", "urgent")

_REPEATED = re.compile(
    r"\b(?:(?:second|2nd|third|3rd|fourth|4th|fifth|5th|\d+th)\s+"
    r"(?:time|e-?mail|mail|message|call|request|complaint|attempt)s?"
    r"|(?:\d+|two|three|four|five|six|several|many|multiple|countless)\s+times"
    r"|again|already\s+(?:wrote|written|called|contacted|complained|asked|reported)"
    r"|previous\s+(?:complaint|e-?mail|message|ticket)s?"
    r"|still\s+(?:no|not|nothing|waiting|haven'?t|hasn'?t))\b",
    re.IGNORECASE,
)
_STRONG = re.compile(
    r"\b(?:unacceptable|not\s+acceptable|outrageous|furious|livid|disgrace\w*|scandal\w*|"
    r"shameful|shame\s+on\s+you|fed\s+up|appalling|ridiculous|disgusted|disgusting|"
    r"worst\s+\w+\s+ever|had\s+enough)\b",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"\b(?:lawyers?|attorneys?|solicitors?|sue|suing|(?:to|in)\s+court|legal\s+(?:action|steps)|"
    r"consumer\s+protection|ombudsman|small\s+claims|trading\s+standards)\b",
    re.IGNORECASE,
)
_CHARGEBACK = re.compile(
    r"\b(?:charge-?\s?backs?|dispute\s+(?:the\s+|this\s+|my\s+)?"
    r"(?:charge|payment|transaction)s?|reverse\s+the\s+(?:payment|charge)|"
    r"(?:call|contact|tell)\s+my\s+bank|(?:paypal|bank)\s+(?:dispute|claim))\b",
    re.IGNORECASE,
)
_SWEARING = re.compile(
    r"(?<![\w*])(?:f+u+c+k+\w*|f[*#@]+k\w*|f\*+\w*|shit\w*|sh[*#]t\w*|bullshit|crap\w*|"
    r"damn\w*|wtf|bastards?|assholes?|arse|arseholes?|bloody|piss(?:ed)?|dickheads?|"
    r"screw\s+you)(?![\w*])",
    re.IGNORECASE,
)
_EXCLAMATIONS = re.compile(r"!{3,}")
_CAPS_WORD = re.compile(r"\b[A-Z]{4,}\b")
# Capitals that are names, not shouting.
_ACRONYMS = frozenset({"XXXL", "ASAP", "PAYPAL", "KLARNA", "HERMES", "VISA", "IBAN"})


@dataclass(frozen=True)
class Escalation:
    """The priority a ticket gets and why (the reasons go into the ticket for the colleague)."""

    priority: str
    reasons: tuple[str, ...]

    @property
    def escalated(self) -> bool:
        """Whether the customer should be offered a colleague straight away."""
        return self.priority in ("high", "urgent")


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.7:
        return True
    # Two shouted words, not one: "a MEDIUM" or "the XXXL" is not shouting.
    return sum(word not in _ACRONYMS for word in _CAPS_WORD.findall(text)) >= 2


def text_signals(texts: Iterable[str]) -> list[tuple[str, int]]:
    """The escalation signals in the customer's messages, as (reason, weight)."""
    found: list[tuple[str, int]] = []
    joined = "\n".join(texts)
    checks: list[tuple[bool, str, int]] = [
        (bool(_REPEATED.search(joined)), "says it is a repeated contact", 1),
        (bool(_STRONG.search(joined)), "strong words", 1),
        (bool(_LEGAL.search(joined)), "legal threat", 2),
        (bool(_CHARGEBACK.search(joined)), "chargeback threat", 2),
        (_shouting(joined), "writes in capitals", 1),
        (bool(_EXCLAMATIONS.search(joined)) or joined.count("!") >= 5, "many exclamation marks", 1),
        (bool(_SWEARING.search(joined)), "swearing", 1),
    ]
    for present, reason, weight in checks:
        if present:
            found.append((reason, weight))
    return found


def assess_escalation(
    texts: Iterable[str],
    *,
    earlier_complaints: int = 0,
    open_tickets: int = 0,
    cap: str = "urgent",
) -> Escalation:
    """The priority for a ticket from the customer's messages ``texts`` and their history.

    ``earlier_complaints``: complaints already made in this conversation; ``open_tickets``: the
    customer's tickets from earlier contacts that are still open; ``cap``: the highest priority
    to give (``high`` for a handoff).
    """
    if cap not in PRIORITIES:
        raise ValueError(f"cap must be one of {', '.join(PRIORITIES)}, got {cap!r}")
    signals = text_signals(texts)
    if earlier_complaints > 0:
        signals.append(("complained before in this conversation", 1))
    if open_tickets > 0:
        signals.append(("has open tickets from earlier contacts", 1))
    weight = sum(w for _, w in signals)
    priority = "normal" if weight == 0 else "high" if weight == 1 else "urgent"
    if PRIORITIES.index(priority) > PRIORITIES.index(cap):
        priority = cap
    return Escalation(priority=priority, reasons=tuple(reason for reason, _ in signals))


def higher_priority(a: str, b: str) -> str:
    """The more urgent of two priorities (unknown values count as ``normal``)."""
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    return a if rank.get(a, 1) >= rank.get(b, 1) else b
