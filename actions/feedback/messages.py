"""What the customer is told about complaints and reviews."""

from __future__ import annotations

from icrm_models.support.categories import CATEGORY_LABELS

CATEGORY_UNCLEAR = "Sorry, I couldn't tell which kind of problem that is."
SUMMARY_EMPTY = "Could you describe in a few words what happened?"
REVIEW_EMPTY = "Could you write a few words for your review?"

COMPLAINT_OPENED = (
    "I'm sorry about that. I've opened ticket #{ticket} about {category}{order} and passed it "
    "to our customer-care team — a colleague will get back to you."
)
# Guests: the team has no address to answer to.
GUEST_CONTACT = (
    " As you're not logged in, please e-mail {email} and mention ticket #{ticket} if you'd "
    "like an answer by e-mail."
)
COMPLAINT_ESCALATED = {
    "urgent": "I'm really sorry. I've marked this urgent (ticket #{ticket}). "
    "Shall I connect you to a colleague now?",
    "high": "I'm really sorry. I've marked this high priority (ticket #{ticket}). "
    "Shall I connect you to a colleague now?",
}

REVIEW_THANKS = "Thank you for your review{product}!{rating}"
REVIEW_RATING = " You gave {rating} out of 5 stars."
REVIEW_LOW_RATING = (
    "I'm sorry it didn't live up to your expectations. Would you like to open a complaint? "
    "Just tell me what went wrong and I'll pass it on to our team."
)


def complaint_opened(
    *, ticket: int, category: str, order_id: int | None, guest_email: str | None
) -> str:
    """The confirmation of a complaint that isn't escalating."""
    text = COMPLAINT_OPENED.format(
        ticket=ticket,
        category=CATEGORY_LABELS.get(category, category),
        order=f" (order {order_id})" if order_id is not None else "",
    )
    if guest_email:
        text += GUEST_CONTACT.format(email=guest_email, ticket=ticket)
    return text


def review_thanks(*, product: str | None, rating: int | None) -> str:
    """The thanks for a stored review."""
    return REVIEW_THANKS.format(
        product=f" of the {product}" if product else "",
        rating=REVIEW_RATING.format(rating=rating) if rating is not None else "",
    )
