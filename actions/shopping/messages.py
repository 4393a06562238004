"""What the shopping actions say: fixed texts, and product lists and answers put into words."""

from __future__ import annotations

from decimal import Decimal

from icrm_models.offers.records import ShownOffer
from icrm_models.search.product_facts import ProductAnswer
from icrm_models.settings import shop_currency

# Product search
SEARCH_FOUND = "Here's what I found:"
SEARCH_CLOSEST = "Nothing matched exactly, sorry. The closest I have:"
SEARCH_NOTHING = (
    "Sorry, I couldn't find anything like that in our shop. Could you describe it "
    'differently — e.g. "black running shorts under 40"?'
)
SEARCH_WHAT = (
    "What are you looking for? Tell me the kind of product — and a colour, size or budget "
    "if you have one in mind."
)

# Recommendations
RECOMMEND_GUEST = "Here are some of our most popular products right now:"
RECOMMEND_PLAIN = "Here are a few products you might like:"
RECOMMEND_POPULAR = "Here are a few popular picks you might like:"
RECOMMEND_PERSONAL = "I picked these for you:"
RECOMMEND_DISCOUNT = "I picked these for you — with {pct}% off each of them:"
RECOMMEND_NOTHING = (
    "I don't have a good suggestion right now — tell me what you're looking for and I'll "
    "search our shop for it."
)
GOODBYE_SUGGESTION = "Before you go — this might be something for you:"
GOODBYE_SUGGESTION_DISCOUNT = "Before you go — this might be something for you, with {pct}% off:"
YES_HINT = 'Say "yes" to add the first one to your basket, or tap "Add to basket" on any of them.'
YES_HINT_ONE = 'Say "yes" to add it to your basket.'

# Reactions to offers
ACCEPTED = (
    "Done — the {name} ({price}) is in your basket (order draft {order_id}). You can complete "
    "the order in your account on our website whenever you're ready."
)
ALREADY_ACCEPTED = "The {name} is already in your basket."
SOLD_OUT = "Sorry, the {name} has just sold out. Shall I look for something similar?"
LOGIN_NEEDED = (
    "To put something in a basket I need to know it's you. Please log in to your account on "
    "our website and ask me again."
)
NOT_AVAILABLE = "Sorry, that offer isn't available."
DECLINED_ONE = "No problem — I won't add the {name}. Anything else I can help with?"
DECLINED_ALL = "No problem — I won't add any of them. Anything else I can help with?"
YES_WITHOUT_OFFER = "Great! What can I do for you?"
NO_WITHOUT_OFFER = "Alright. Is there anything else I can do for you?"

# Product questions
WHICH_PRODUCT = 'Which product do you mean? Tell me its name, e.g. "Sahara Leggings".'
PRODUCT_NOT_FOUND = (
    "I couldn't find a product by that name. Could you give me its exact name as shown in our shop?"
)


def money(amount: Decimal, currency: str) -> str:
    """``amount`` in ``currency`` as customers read it (€52.00; 52.00 CHF without a symbol)."""
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency)
    return f"{symbol}{amount:.2f}" if symbol else f"{amount:.2f} {currency}"


def _price(offer: ShownOffer, currency: str) -> str:
    if not offer.discount_pct:
        return money(offer.product.price, currency)
    return f"{money(offer.price, currency)} instead of {money(offer.product.price, currency)}"


def offer_lines(offers: list[ShownOffer], *, hint: bool = True) -> str:
    """The offers as plain text (for channels without cards): name, price, reason."""
    currency = shop_currency()  # the catalogue's prices are in it
    lines = [
        f"{i}. {o.product.name} — {_price(o, currency)} ({o.reason})"
        for i, o in enumerate(offers, 1)
    ]
    if hint and offers:
        lines.append(YES_HINT if len(offers) > 1 else YES_HINT_ONE)
    return "\n".join(lines)


def _listing(values: list[str]) -> str:
    return ", ".join(values)


def describe_answer(answer: ProductAnswer) -> str:
    """An answer to a question about one product, from its data only."""
    product = answer.product
    parts = [f"{product.name} ({money(product.price, shop_currency())})"]
    if answer.snippet:
        parts[0] += f": {answer.snippet}"
    if answer.material:
        parts.append(f"Material: {answer.material}.")
    if answer.has_size is not None:
        parts.append(
            f"Yes, it comes in size {answer.size}."
            if answer.has_size
            else f"Sorry, it doesn't come in size {answer.size}."
        )
    if answer.has_color is not None:
        parts.append(
            f"Yes, it comes in {answer.color}."
            if answer.has_color
            else f"Sorry, it doesn't come in {answer.color}."
        )
    if product.sizes:
        parts.append(f"Sizes: {_listing(product.sizes)}.")
    if product.colors:
        parts.append(f"Colours: {_listing(product.colors)}.")
    if not product.is_active:
        parts.append("We no longer sell it, I'm afraid.")
    elif not product.available:
        parts.append("It's currently out of stock.")
    elif answer.low_stock:
        parts.append("It's in stock, but only a few are left.")
    else:
        parts.append("It's in stock.")
    return " ".join(parts)
