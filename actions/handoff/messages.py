"""What the customer is told about being handed to a colleague.

Honest about who is there: "shortly" only when an agent is online now (their presence in the
console), "as soon as one is free" when the team is open but nobody is online, and the time the
team is back outside the contact hours (``data/policies.yml``). Every answer ends by saying
that the assistant now stays quiet, since it does (the conversation is paused).
"""

from __future__ import annotations

# Someone is online in the agents' console right now.
COLLEAGUE_NOW = (
    "I've asked a colleague to take over — they'll reply right here in this chat shortly. "
    "Your ticket number is #{ticket}."
)
# Within the contact hours, but no agent is online.
COLLEAGUE_SOON = (
    "I've asked a colleague to take over. Nobody is free this very minute, so you're in the "
    "queue — a colleague will reply right here as soon as one is. Your ticket number is "
    "#{ticket}."
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
# Said after each of the above: the assistant is paused from now on.
BOT_STEPS_BACK = " Until then I'll stay out of the way: whatever you write here goes to them."
