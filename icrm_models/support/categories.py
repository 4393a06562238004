"""Which kind of complaint a customer's free text is about.

Customers answer "what is it about?" in their own words ("the parcel came two weeks late",
"damadged", "they charged me twice"), so the text is matched against keywords per category:
a phrase counts twice, a word or a word stem once. Only when no keyword matches exactly are
misspellings tried (close matches of longer words), which keeps a 10 kB message fast. Ties go to
the more specific category (a damaged item before a delivery problem).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

COMPLAINT_CATEGORIES = (
    "product_quality",
    "wrong_item",
    "damaged",
    "delivery",
    "service",
    "billing",
    "other",
)

# How the categories are named to the customer.
CATEGORY_LABELS = {
    "product_quality": "product quality",
    "wrong_item": "a wrong item",
    "damaged": "a damaged item",
    "delivery": "delivery",
    "service": "our service",
    "billing": "billing",
    "other": "something else",
}

# Ties are broken in this order: the more specific problem first.
_PRIORITY = ("damaged", "wrong_item", "product_quality", "billing", "delivery", "service", "other")

# Keywords per category, separated by "|". "stem*" matches any word starting with the stem; a
# keyword with a space is a phrase (its words may be stems too); anything else must match a
# whole word.
_KEYWORD_LISTS = {
    "damaged": (
        "damag*|broke*|crack*|smash*|dent|dented|crush*|scratch*|shatter*|soak*|torn|tear|"
        "hole|holes|stain*|dirty|leak*|snapped|arrived broken|box was empty|opened before"
    ),
    "wrong_item": (
        "wrong|wrong item|wrong size|wrong colour|wrong color|wrong product|wrong one|"
        "not what i ordered|different product|different item|someone else*|incomplete|"
        "missing item*|item* missing|missing from|was missing|mix up|mixed up|mising"
    ),
    "product_quality": (
        "quality|qualit*|defect*|faulty|fault|poor|cheap|rip*|shrank|shrunk|shrink*|fade*|"
        "stitch*|seam*|fell apart|came apart|falls apart|coming apart|stopped working|"
        "not working|doesn't work|does not work|doesnt work|smell*|material|fabric|"
        "see-through|see through|pilling|itchy|uncomfortable|not waterproof|zip|zipper|"
        "useless"
    ),
    "delivery": (
        "deliver*|late|later|parcel*|package*|courier*|driver*|shipping|shipment*|shipped|"
        "never arrived|not arrived|hasn't arrived|never came|lost|tracking|dhl|ups|dpd|gls|"
        "hermes|express|delay*|postman|doorstep|fence|transit"
    ),
    "service": (
        "servic*|rude|staff|agent*|support|unhelpful|hung up|on hold|no answer|nobody answer*|"
        "no one answer*|nobody repl*|no reply|reply|replies|replied|respond*|response|email*|"
        "e-mail*|called|phone|chat|employee*|treated|attitude|ignored|customer care|hotline"
    ),
    "billing": (
        "bill*|charg*|invoice*|payment*|paid|pay|refund*|money|price*|overcharg*|discount*|"
        "voucher*|coupon*|code|card|amount|twice|debited|receipt*|paypal|klarna"
    ),
    "other": "",
}
KEYWORDS: dict[str, tuple[str, ...]] = {
    category: tuple(words.split("|")) if words else () for category, words in _KEYWORD_LISTS.items()
}

# Whole answers that name a category directly (button titles, the internal names).
_DIRECT = {
    **{key: key for key in COMPLAINT_CATEGORIES},
    **{key.replace("_", " "): key for key in COMPLAINT_CATEGORIES},
    **{label: key for key, label in CATEGORY_LABELS.items()},
    "quality": "product_quality",
    "damaged": "damaged",
    "damage": "damaged",
    "damaged item": "damaged",
    "wrong item": "wrong_item",
    "service": "service",
    "customer service": "service",
    "other": "other",
    "something else": "other",
    "none": "other",
    "none of these": "other",
    "none of them": "other",
    "neither": "other",
    "else": "other",
}

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_MAX_CHARS = 4000  # what the matcher reads of a message (the category shows up early)
_FUZZY_MIN_LEN = 5
_FUZZY_RATIO = 0.85


def _tokens(text: str) -> list[str]:
    return [t.replace("’", "'") for t in _WORD.findall(text[:_MAX_CHARS].lower())]


def _word_matches(token: str, keyword: str) -> bool:
    if keyword.endswith("*"):
        return token.startswith(keyword[:-1])
    return token == keyword


def _phrase_count(tokens: list[str], phrase: list[str]) -> int:
    n = len(phrase)
    return sum(
        1
        for i in range(len(tokens) - n + 1)
        if all(_word_matches(tokens[i + k], phrase[k]) for k in range(n))
    )


def _exact_scores(tokens: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for category, keywords in KEYWORDS.items():
        score = 0
        for keyword in keywords:
            words = keyword.split()
            if len(words) > 1:
                score += 2 * min(_phrase_count(tokens, words), 1)
            elif any(_word_matches(token, keyword) for token in tokens):
                score += 1
        if score:
            scores[category] = score
    return scores


def _similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= _FUZZY_RATIO
        and matcher.quick_ratio() >= _FUZZY_RATIO
        and matcher.ratio() >= _FUZZY_RATIO
    )


def _fuzzy_scores(tokens: list[str]) -> dict[str, int]:
    """Misspellings ("damadged", "delivry"): words close to a single-word keyword or stem."""
    words = {t for t in tokens if len(t) >= _FUZZY_MIN_LEN}
    scores: dict[str, int] = {}
    for category, keywords in KEYWORDS.items():
        for keyword in keywords:
            if " " in keyword:
                continue
            stem = keyword.rstrip("*")
            if len(stem) < _FUZZY_MIN_LEN - 1:
                continue
            if keyword.endswith("*"):
                hit = any(_similar(w[: len(stem) + 1], stem) for w in words)
            else:
                hit = any(_similar(w, stem) for w in words)
            if hit:
                scores[category] = scores.get(category, 0) + 1
    return scores


def _best(scores: dict[str, int], *, strict: bool) -> str | None:
    if not scores:
        return None
    top = max(scores.values())
    leaders = [c for c in _PRIORITY if scores.get(c) == top]
    if strict and len(leaders) > 1:
        return None
    return leaders[0]


def match_category(text: str | None, *, strict: bool = False) -> str | None:
    """The complaint category ``text`` is about, or None when nothing points to one.

    ``strict``: also None when two categories match equally well (used to guess the category
    from a first complaint message without asking; an answer to the question takes the more
    specific one).

    >>> match_category("the parcel came two weeks late")
    'delivery'
    >>> match_category("damadged")
    'damaged'
    >>> match_category("hello") is None
    True
    """
    if not text:
        return None
    tokens = _tokens(str(text))
    if not tokens:
        return None
    direct = _DIRECT.get(" ".join(tokens))
    if direct is not None:
        return direct
    return _best(_exact_scores(tokens) or _fuzzy_scores(tokens), strict=strict)
