"""Personal data taken out of the chat text a support ticket copies.

A ticket carries the customer's last messages so a colleague needn't ask again, but those are
often the very answers the assistant asked for: the e-mail address and order number a guest
proves an order with, a phone number, a card or IBAN to be refunded to. Copied verbatim they
would make every ticket a key to the account, readable by everyone with console access. Each is
replaced by a label that keeps the message readable ("my e-mail is [email]"). Order numbers
go only where they were typed to verify (an answer that is just the number, or one with an
e-mail address): in a question about an order the colleague needs the number.

The patterns start only at a word boundary (look-behinds), so a long run of letters or digits
costs linear time, whatever the customer pasted.
"""

from __future__ import annotations

import re

EMAIL = "[email]"
IBAN = "[IBAN]"
CARD = "[card number]"
PHONE = "[phone number]"
ORDER = "[order number]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
# Country, check digits, then the account in groups of four (the last one shorter), spaced or not.
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?"
    r"(?![A-Za-z0-9])"
)
# "+49 170 1234567", "0044 20 7946 0958": an international number, before the card pattern.
_PHONE_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\d[\d ()-]{5,20}\d(?!\d)")
# 13-19 digits, optionally in groups separated by single spaces or dashes; cards never start
# with 0.
_CARD = re.compile(r"(?<![\d+])[1-9](?:[ -]?\d){12,18}(?!\d)")
# "(030) 1234-5678", "555-123-4567", "0170 1234567", "01701234567".
_PHONE = re.compile(
    r"(?<![\w+])\(?\d{2,5}\)?(?:[ -]\d{2,8}){1,4}(?![\w-])"  # groups
    r"|(?<![\w+])0\d{8,12}(?!\d)"  # a national number in one run
)
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
# An order number: 5-12 digits, perhaps after "#" (what parse_order_number accepts, bar the
# shortest numbers, which are quantities, prices and years).
_ORDER = re.compile(r"(?<![\w#])#?\d{5,12}(?!\w)")
_PHONE_DIGITS = (7, 15)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Words around an order number in an answer that says nothing else.
_FILLER_WORDS = (
    "my the an a order orders number no nr num is it it's its this that one here yes sure ok "
    "okay please thanks thank you id ref reference was and or of for"
)
_FILLER = frozenset(_FILLER_WORDS.split())
_IBAN_MIN_DIGITS = 10


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phone(match: re.Match[str]) -> str:
    """A phone number when it has a phone's count of digits and is neither a date nor a list
    of numbers ("10023 10024": a first group of five digits or more without a leading 0)."""
    text = match.group(0)
    low, high = _PHONE_DIGITS
    first = re.match(r"[+(]*(\d+)", text)
    listed = first is not None and len(first.group(1)) >= 5 and text[0] not in "0+("
    if not low <= _digits(text) <= high or _DATE.fullmatch(text) or listed:
        return text
    return PHONE


def _iban(match: re.Match[str]) -> str:
    """An IBAN when most of it is digits (as in every country's format), not words."""
    return IBAN if _digits(match.group(0)) >= _IBAN_MIN_DIGITS else match.group(0)


def redact_personal_data(text: str) -> str:
    """``text`` with e-mail addresses, IBANs, card numbers and phone numbers replaced.

    >>> redact_personal_data("I'm roni@example.com, call +49 170 1234567")
    "I'm [email], call [phone number]"
    >>> redact_personal_data("refund to DE89 3704 0044 0532 0130 00 please")
    'refund to [IBAN] please'
    >>> redact_personal_data("card 4111 1111 1111 1111, ordered on 2026-11-02, 3 items")
    'card [card number], ordered on 2026-11-02, 3 items'
    """
    text = _EMAIL.sub(EMAIL, text)
    text = _IBAN.sub(_iban, text)
    text = _PHONE_INTERNATIONAL.sub(_phone, text)
    text = _CARD.sub(CARD, text)
    return _PHONE.sub(_phone, text)


def _answers_with_an_order_number(text: str) -> bool:
    """True for a message that is an order number and filler ("10023", "my order number is
    #10023", "it's 10023 thanks"): the answer to "which order?", as when verifying a guest."""
    words = _WORD.findall(_ORDER.sub(" ", text).lower())
    return _ORDER.search(text) is not None and all(word in _FILLER for word in words)


def redact_transcript(text: str) -> str:
    """A copied chat message: personal data replaced, and the order numbers typed to verify.

    Those are the messages that answer with an order number and nothing else, and the messages
    that held an e-mail address too: with the address, the number would prove the order. An
    order number in a question ("where is my refund for 10022?") stays, for the colleague.

    >>> redact_transcript("roni_cost@example.com 10023")
    '[email] [order number]'
    >>> redact_transcript("my order number is #10023")
    'my order number is [order number]'
    >>> redact_transcript("where is my order #10023? I bought 2 for 45 euros in 2025")
    'where is my order #10023? I bought 2 for 45 euros in 2025'
    """
    redacted = redact_personal_data(text)
    if EMAIL in redacted or _answers_with_an_order_number(redacted):
        redacted = _ORDER.sub(ORDER, redacted)
    return redacted
