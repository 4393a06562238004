"""What the customer is told when the assistant didn't understand."""

from __future__ import annotations

DID_YOU_MEAN = 'Sorry, I\'m not sure I understood. Did you mean: "{description}"?'
DID_YOU_MEAN_ONE_OF = "Sorry, I'm not sure I understood. Did you mean one of these?"
SOMETHING_ELSE = "Something else"
REPHRASE = "Sorry, I didn't quite get that. Could you say it in other words?"
OFFER_COLLEAGUE = (
    "Sorry, I'm afraid I don't understand. Shall I connect you to a colleague?",
    "Sorry, I keep getting this wrong. Shall I connect you to a colleague who can help?",
)
# A colleague has been asked already: no second offer.
COLLEAGUE_COMING = (
    "Sorry, I didn't understand that. A colleague has been asked to take over and will reply here."
)
