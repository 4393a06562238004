"""The summary a colleague reads on a ticket: what it is about, in the customer's own words,
why it has its priority, and the conversation's last messages.

Bounded in size (``SUMMARY_LIMIT``) whatever the customer pasted, cleaned of characters
that would make it read differently in the agents' console than what the customer typed, and
without the personal data the chat text held (:mod:`icrm_models.support.redaction`): e-mail
addresses, phone, card and IBAN numbers, and in the copied messages the order numbers typed to
verify a guest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from icrm_models.support.redaction import redact_personal_data, redact_transcript
from icrm_models.support.text import clean_text

SUMMARY_LIMIT = 4000
WORDS_LIMIT = 1500  # the customer's own description
MESSAGE_LIMIT = 300  # each of the recent messages


def _copied(text: str, *, limit: int, redact: Callable[[str], str]) -> str:
    """Customer text for the ticket: cleaned, redacted, then cut (so a cut never leaves half
    an e-mail address behind, and zero-width characters cannot hide one from the patterns)."""
    return clean_text(redact(clean_text(text, limit=sys.maxsize)), limit=limit)


def ticket_summary(
    headline: str,
    *,
    customer_words: str | None = None,
    reasons: Sequence[str] = (),
    recent_messages: Sequence[str] = (),
) -> str:
    """The ticket text: a headline, the customer's words, the escalation reasons, the chat."""
    lines = [clean_text(headline, limit=200)]
    words = (
        _copied(customer_words, limit=WORDS_LIMIT, redact=redact_personal_data)
        if customer_words
        else ""
    )
    if words:
        lines.append(f'In the customer\'s words: "{words}"')
    if reasons:
        lines.append("Escalation: " + ", ".join(reasons))
    recent = [_copied(m, limit=MESSAGE_LIMIT, redact=redact_transcript) for m in recent_messages]
    recent = [m for m in recent if m]
    if recent:
        lines.append("Last messages from the customer:")
        lines.extend(f"- {m}" for m in recent)
    return clean_text("\n".join(lines), limit=SUMMARY_LIMIT)
