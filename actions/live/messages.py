"""What the customer is told about their rating of a chat with a colleague."""

from __future__ import annotations

THANKS = "Thank you for rating this chat {score} out of 5!"
# A low rating: the agents' team reads it with the case; say so instead of a bare thank-you.
THANKS_LOW = (
    "Thank you for rating this chat {score} out of 5. I'm sorry it wasn't better — our team "
    "reads every rating. Is there anything I can still help with?"
)
NOTHING_TO_RATE = (
    "Thanks! This chat has already been rated (or there was no chat with a colleague to rate), "
    "so I've left it as it was."
)
UNREADABLE = "Sorry, I couldn't read that rating — please tap one of the stars from 1 to 5."
