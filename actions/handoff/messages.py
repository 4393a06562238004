"""What the customer is told about being handed to a colleague."""

from __future__ import annotations

COLLEAGUE_NOW = (
    "I've asked a colleague to take over — they'll reply right here in this chat shortly. "
    "Your ticket number is #{ticket}."
)
COLLEAGUE_LATER = (
    "Our team is offline right now and back {when}. I've saved our conversation as ticket "
    "#{ticket}, and a colleague will pick it up here then."
)
# The hours in the policies file couldn't be read: quote them rather than guess.
COLLEAGUE_HOURS_UNKNOWN = (
    "I've asked a colleague to take over — they'll reply here as soon as one is free "
    "(our hours: {hours}). Your ticket number is #{ticket}."
)
