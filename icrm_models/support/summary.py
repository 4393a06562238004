"""The summary a colleague reads on a ticket: what it is about, in the customer's own words,
why it has its priority, and the conversation's last messages.

Bounded in size (``SUMMARY_LIMIT``) whatever the customer pasted, and cleaned of characters
that would make it read differently in the agents' console than what the customer typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from icrm_models.support.text import clean_text

SUMMARY_LIMIT = 4000
WORDS_LIMIT = 1500  # the customer's own description
MESSAGE_LIMIT = 300  # each of the recent messages


def ticket_summary(
    headline: str,
    *,
    customer_words: str | None = None,
    reasons: Sequence[str] = (),
    recent_messages: Sequence[str] = (),
) -> str:
    """The ticket text: a headline, the customer's words, the escalation reasons, the chat."""
    lines = [clean_text(headline, limit=200)]
    words = clean_text(customer_words, limit=WORDS_LIMIT) if customer_words else ""
    if words:
        lines.append(f'In the customer\'s words: "{words}"')
    if reasons:
        lines.append("Escalation: " + ", ".join(reasons))
    recent = [clean_text(m, limit=MESSAGE_LIMIT) for m in recent_messages]
    recent = [m for m in recent if m]
    if recent:
        lines.append("Last messages from the customer:")
        lines.extend(f"- {m}" for m in recent)
    return clean_text("\n".join(lines), limit=SUMMARY_LIMIT)
