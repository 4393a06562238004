"""Writes planted.csv: chat messages with fake personal data planted in them (issue 19).

Each row is ``text,category,value``: ``value`` is the planted item exactly as it appears in
``text`` (the format of the blind sets beside this file). Values come from ``faker`` in several
locales (en_GB, en_US, de_DE, fr_FR, nl_NL, ...), templates are customer-style sentences —
lower case, typos, no punctuation, signatures — and some rows are lower-cased whole. Seeded, so
the file is reproducible: ``python tests/data/redaction/make_planted.py``.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from pathlib import Path

from faker import Faker

OUT = Path(__file__).with_name("planted.csv")
PER_CATEGORY = 300
LOCALES = ("en_GB", "en_US", "de_DE", "fr_FR", "nl_NL", "en_IE", "es_ES", "it_IT", "pl_PL")

TEMPLATES: dict[str, tuple[str, ...]] = {
    "email": (
        "my email is {v}", "you can reach me at {v}", "pls send the invoice to {v}",
        "{v}", "change my email to {v} thanks", "is {v} the address on my account?",
        "i registered with {v} but cant log in", "order 10023 was under {v}",
        "send it to {v} not my old one", "my emial adress is {v}", "contact: {v}",
        "hi its me again {v} where is my refund", "email me on {v} about order 48213 please",
    ),
    "phone": (
        "call me on {v}", "my number is {v}", "phone: {v}", "you can ring me at {v} after 5pm",
        "my mobile {v}", "pls call {v} about order 10023", "{v} is my new phone number",
        "text me at {v}", "the courier can call {v}", "my phone nr is {v} thx",
        "reach me on {v} or by email", "whatsapp {v}", "tel {v}", "number to call is {v}",
    ),
    "card": (
        "my card number is {v}", "i paid with {v} and was charged twice", "card {v}",
        "can you refund to {v}", "charge {v} instead", "the card ending in the number {v}",
        "{v} exp 04/27", "i used card {v} for order 10023", "my visa {v} was declined",
        "pls use this card {v}", "payment card: {v}", "refund it to {v} not paypal",
    ),
    "iban": (
        "my iban is {v}", "refund to iban {v}", "bank account {v}", "{v}",
        "please send the money to {v}", "iban: {v} thank you", "can you transfer to {v}",
        "my new bank details are {v}", "the iban {v} is mine", "pay back to {v} pls",
    ),
    "address": (
        "i live at {v}", "deliver to {v}", "my address is {v}", "ship it to {v} please",
        "new address: {v}", "send the replacement to {v}", "parcel should go to {v}",
        "i moved to {v} can you update it", "{v}", "the delivery address was {v}",
        "pick up from {v} tomorrow", "change shipping adress to {v}", "i am at {v} now",
    ),
    "name": (
        "my name is {v}", "this is {v}", "hi, this is {v} about order 10023", "tell {v} I called",
        "thanks, {v}", "Regards,\n{v}", "cheers {v}", "the order is for {v}",
        "can {v} pick up the parcel", "my wife {v} ordered it", "I am {v}", "i'm {v}",
        "name: {v}", "please ask {v} to call me", "it was signed by {v}", "{v} here, order 55120",
        "Mr {v} ordered a jacket", "my name's {v} and my order is late", "kind regards {v}",
        "speak to {v} please", "im {v} and i want a refund", "my husband {v} will collect it",
    ),
    "secret": (
        "my password is {v}", "password: {v}", "the api key is {v}", "token {v}",
        "here is my login token {v}", "pin is {v}", "my passwort ist {v}", "pw = {v}",
    ),
}  # fmt: skip


def _grouped(digits: str, sizes: tuple[int, ...], separator: str) -> str:
    parts, position = [], 0
    for size in sizes:
        parts.append(digits[position : position + size])
        position += size
    if position < len(digits):
        parts.append(digits[position:])
    return separator.join(p for p in parts if p)


def _phone(fake: Faker, rng: random.Random, locale: str) -> str:
    while True:
        number = fake.phone_number()
        if "x" not in number.lower() and len(re.sub(r"\D", "", number)) >= 8:
            return number


def _card(fake: Faker, rng: random.Random, locale: str) -> str:
    kind = rng.choice(("visa16", "mastercard", "amex", "discover", "jcb16", "visa13", "maestro"))
    digits = fake.credit_card_number(card_type=kind)
    if rng.random() < 0.3:
        return digits
    sizes = (4, 6, 5) if len(digits) == 15 else (4, 4, 4, 4, 3)
    return _grouped(digits, sizes, rng.choice((" ", "-", " ")))


def _iban(fake: Faker, rng: random.Random, locale: str) -> str:
    iban = fake.iban()
    if rng.random() < 0.5:
        iban = _grouped(iban, (4,) * 9, " ")
    return iban.lower() if rng.random() < 0.2 else iban


def _address(fake: Faker, rng: random.Random, locale: str) -> str:
    street = fake.street_address().replace("\n", ", ")
    choice = rng.random()
    if choice < 0.35:
        return street
    if choice < 0.55 and locale in ("en_GB", "en_IE"):
        return f"flat {rng.randint(1, 40)}, {street}"
    if choice < 0.8:
        return (
            f"{street}, {fake.postcode()} {fake.city()}"
            if locale
            in (
                "de_DE",
                "fr_FR",
                "nl_NL",
                "es_ES",
                "it_IT",
                "pl_PL",
            )
            else f"{street}, {fake.city()} {fake.postcode()}"
        )
    if locale == "en_GB":
        return fake.postcode()
    return street


def _name(fake: Faker, rng: random.Random, locale: str) -> str:
    if rng.random() < 0.3:
        return fake.first_name()
    return f"{fake.first_name()} {fake.last_name()}"


def _secret(fake: Faker, rng: random.Random, locale: str) -> str:
    return rng.choice(
        (fake.password(length=12), fake.sha1()[:32], fake.pystr(min_chars=24, max_chars=30))
    )


MAKERS: dict[str, Callable[[Faker, random.Random, str], str]] = {
    "email": lambda fake, rng, locale: fake.email(),
    "phone": _phone,
    "card": _card,
    "iban": _iban,
    "address": _address,
    "name": _name,
    "secret": _secret,
}


def _typo_free_lower(text: str, value: str, rng: random.Random) -> tuple[str, str]:
    """Customers often write everything in lower case: a quarter of rows are."""
    if rng.random() < 0.25:
        return text.lower(), value.lower()
    return text, value


def rows(seed: int = 19) -> list[tuple[str, str, str]]:
    """The planted rows, reproducible for a seed."""
    rng = random.Random(seed)
    fakers = {locale: Faker(locale) for locale in LOCALES}
    for index, fake in enumerate(fakers.values()):
        fake.seed_instance(seed + index)
    out: list[tuple[str, str, str]] = []
    for category, templates in TEMPLATES.items():
        for _ in range(PER_CATEGORY):
            locale = rng.choice(LOCALES[:5] if category != "name" else LOCALES)
            value = MAKERS[category](fakers[locale], rng, locale)
            text = rng.choice(templates).format(v=value)
            if category != "secret":
                text, value = _typo_free_lower(text, value, rng)
            out.append((text, category, value))
    return out


def main() -> None:
    """Write planted.csv beside this script."""
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(("text", "category", "value"))
        writer.writerows(rows())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
