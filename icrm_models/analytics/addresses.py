"""Street addresses in chat text: house number and street, flats, post codes of many countries.

Patterns, not a model: an address is a house number, one to four street-name words and a
street type ("12 Baker St", "221b Baker Street", "1600 Pennsylvania Avenue NW"), a German or
Dutch street word with its number ("Hauptstraße 5", "Kalverstraat 92"), a French "12 rue de la
Paix", a flat or suite ("flat 3", "apt 4B"), a PO box, or a post code. UK post codes
("SW1A 1AA") are distinctive and always redacted; five-digit codes (US ZIP, German PLZ,
French code postal) look like the shop's order ids, so they are redacted only right after a
street or with their own words ("zip 90210", "postcode: 10115", "IL 62704") or beside a known
city ("1070 Wien"), never alone. Also Spanish, Italian, Portuguese, Polish, Malaysian and
Belgian streets ("Calle Mayor 10", "ul. Długa 7", "Rue de la Loi 155"), Canadian post codes and
Japanese blocks. What surrounds the core (floors, units, districts, cities, the codes of more
countries) is :mod:`address_parts`'s.
"""

from __future__ import annotations

import re

from icrm_models.analytics.address_parts import (
    DISTRICT_WORDS,
    code_beside_place,
    coded_places,
    extend_address,
    extend_back,
    numbered_before_district,
    unit_spans,
)
from icrm_models.analytics.name_lexicon import (
    NOT_NAMES,
    english_stop_words,
    english_words,
    name_lexicon,
)

Span = tuple[int, int, str]

# Street types a house number may be followed by. Lower-case text must use one of these...
_CORE_TYPES = (
    "street|st|str|road|rd|avenue|ave|av|lane|ln|drive|dr|close|cl|way|court|ct|place|pl"
    "|crescent|cres|terrace|terr|tce|boulevard|blvd|square|sq|gardens|gdns|grove|gr|mews|parkway"
    "|pkwy|highway|hwy|circle|cir|trail|trl|row|walk|hill|park|parade|green|rise|vale"
    "|wharf|quay|embankment|broadway|alley|plaza|expressway|expy|freeway|fwy|loop|pike"
    "|turnpike|tpke|path|view|heights|hts|motorway|causeway|cswy|cove|crossing|xing|point|pt"
)
# ...capitalised street names may also end in one of these (rarer words, riskier in lower case)
_MORE_TYPES = (
    "branch|bridge|brook|brooks|burg|burgs|bypass|camp|canyon|cape|center|centre|centers"
    "|cliff|cliffs|club|common|commons|corner|corners|course|courts|coves|creek|crest"
    "|crossroad|curve|dale|dam|divide|drives|estate|estates|extension|extensions|falls|ferry"
    "|field|fields|flat|flats|ford|fords|forest|forge|forges|fork|forks|fort|garden|gateway"
    "|glen|glens|greens|groves|harbor|harbors|haven|highlands|hills|hollow|inlet|island"
    "|islands|isle|junction|junctions|key|keys|knoll|knolls|lake|lakes|land|landing|lanes"
    "|loaf|lock|locks|lodge|mall|manor|manors|meadow|meadows|mill|mills"
    "|mission|mount|mountain|mountains|neck|orchard|oval|overpass|parks|parkways|pass"
    "|passage|pine|pines|plain|plains|points|port|ports|prairie|radial|ramp|ranch|rapid"
    "|rapids|rest|ridge|ridges|river|roads|route|rue|run|shoal|shoals|shore|shores|skyway"
    "|spring|springs|spur|spurs|squares|station|stravenue|stream|streets|summit|terraces"
    "|throughway|trace|track|trafficway|tunnel|underpass|union|unions|valley|valleys|via"
    "|viaduct|views|village|villages|ville|vista|walks|wall|ways|well|wells|circus|gate"
    "|yard|fold|chase|approach|end|side"
)
# words that never start a street name: they end a sentence's number ("order 10023 on main")
_NOT_STREET = (
    r"(?!(?:on|for|to|my|and|is|from|at|in|by|it|was|were|are|has|have|with|about|your|our"
    r"|his|her|their|please|thanks|but|or|not|no|yes|i|you|we|they|items?|pieces?|pcs|days?"
    r"|weeks?|months?|years?|hours?|minutes?|times?|euros?|dollars?|pounds?|pairs?|orders?"
    r"|of|x|more|less|left|back|only|just|each|per|all|km|kms|mi|miles|kg|lbs?|cm|mm|m|inch"
    r"|inches|ft|feet|percent|min|mins|hrs|gb|mb|people|persons|kids|sizes?)\b)"
)
_NAME_WORD = r"(?:[A-Za-zÀ-ÿ][\wÀ-ÿ'.-]*|\d{1,3}(?:st|nd|rd|th))"
_CAP_WORD = r"(?:[A-ZÀ-Þ][\wÀ-ÿ'.-]*|\d{1,3}(?:st|nd|rd|th))"
_HOUSE = r"\b\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?(?:,)?"
_DIRECTION = r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\b)?"

_ENGLISH_STREET_CASED = re.compile(
    rf"{_HOUSE}\s+{_NOT_STREET}(?:{_CAP_WORD}\s+){{1,4}}(?:(?i:{_MORE_TYPES}))\b\.?{_DIRECTION}"
    r"|\b\d{1,5}[A-Za-z]?,?\s+The\s+[A-Z]\w+\b"
)
_ENGLISH_STREET_ANY = re.compile(
    rf"{_HOUSE}\s+{_NOT_STREET}(?:{_NAME_WORD}\s+){{1,4}}(?:{_CORE_TYPES})\b\.?{_DIRECTION}",
    re.IGNORECASE,
)
# rarer street types in lower case count only after words that announce an address
_ENGLISH_STREET_LOOSE = re.compile(
    rf"{_HOUSE}\s+{_NOT_STREET}(?:{_NAME_WORD}\s+){{1,4}}(?:{_MORE_TYPES})\b\.?{_DIRECTION}",
    re.IGNORECASE,
)
_ADDRESS_CONTEXT = re.compile(
    r"\b(?:live|living|lives|located|based|staying|address|adress|adres|deliver|delivered"
    r"|delivery|ship|shipped|shipping|send|sent|moved|parcel|package|pick\s*up|collect"
    r"|courier|postman|at)\b",
    re.IGNORECASE,
)
_CONTINENTAL_HOUSE = (
    r"\s*\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?(?:-(?:[IVX]{1,3}|hoog|huis|bis)\b)?\b"
)
_CONTINENTAL_STREET = re.compile(
    r"\b[\wÀ-ÿ'-]*(?:straße|strasse|str\.|gasse|allee|platz|damm|ufer|chaussee|weg"
    r"|straat|laan|plein|gracht|kade|singel|dijk|steeg|hof|markt|dreef|pad|baan|boulevard"
    r"|(?-i:[A-ZÄÖÜ][\wäöüß-]+(?:ring|Ring))|[\wäöüß]+-ring)"
    rf"{_CONTINENTAL_HOUSE}(?!\s*(?:items?|pieces?|days?|x)\b)"
    r"|\b(?-i:(?:Am|An der|Im|In der|Auf dem|Zum|Zur|Unter den)\s+[A-ZÄÖÜ][\wäöüß-]+)"
    rf"{_CONTINENTAL_HOUSE}",
    re.IGNORECASE,
)
_NOT_CONTINENTAL = frozenset(
    ["ipad", "notepad", "keypad", "touchpad", "trackpad", "mousepad", "launchpad"]
)
_FRENCH_TYPES = (
    r"(?:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|impasse|place|quai|route|cours"
    r"|passage|square|voie|sentier|rond-point)"
)
_FRENCH_STREET = re.compile(
    rf"\b(?:\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+)?{_FRENCH_TYPES}\s+(?:(?:de|du|des|la|le)\s+|l'|d')*"
    r"[\wÀ-ÿ'-]+(?-i:(?:\s+(?:[A-ZÀ-Þ][\wÀ-ÿ'-]*|(?:de|du|des|la|le)\b))*)"
    r"(?:(?:\s+[\wÀ-ÿ'-]+){1,2}(?=\s*(?:,|$)))?",
    re.IGNORECASE,
)
_FRENCH_NUMBERLESS = re.compile(
    r"(?:rue|(?:avenue|boulevard|bd|chemin|allée|allee|impasse|quai)\s+(?:de|du|des|la|le|l'|d'))\b",
    re.IGNORECASE,
)
_FRENCH_HINT = re.compile(rf"\b{_FRENCH_TYPES}\s", re.IGNORECASE)
_FLAT = re.compile(
    r"\b(?:flat|apt\.?|apartment|appartement|unit|suite|ste\.?|studio|wohnung|whg\.?|floor|room"
    r"|block|bldg\.?|building|house no\.?|plot|door)\s*(?:no\.?\s*)?#?\s*\d{1,4}[a-zA-Z]?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)\s+floor\b"
    r"|\b(?:p\.?\s?o\.?\s?box|postfach)\s*\d{1,6}\b"
    r"|\bc/o\s+[^,\n]{1,40}",
    re.IGNORECASE,
)
# Canada's "H2Y 1Z4": letters and digits alternate, from the letters Canada Post uses
_CA_POSTCODE = re.compile(
    r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.IGNORECASE
)
# Japan's blocks "3-14-2" next to a ward or city ("Shibuya-ku", "Kyoto-shi") or a code
_JP_BLOCK = re.compile(
    r"\b\d{1,2}-\d{1,2}-\d{1,3}\b(?=.*(?:-(?:ku|shi|cho|machi)\b|\b\d{3}-\d{4}\b))"
    r"|(?<=\W)[A-Z][a-z]+-(?:ku|shi|cho|machi|dori)\b(?=.*\d)",
    re.DOTALL,
)
_UK_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|[A-Z]{1,2}\d{1,2})\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    "|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR"
)
_STATE_ZIP = re.compile(rf"\b(?:{_US_STATES})\s+\d{{5}}(?:-\d{{4}})?\b")
_WORDED_CODE = re.compile(
    r"\b(?:zip(?: code)?|zipcode|postcode|post code|postal code|plz|code postal|pin ?code"
    r"|postleitzahl|c[oó]digo postal|cod\. postal|c\.p\.|cp|cap|kod pocztowy|postnummer"
    r"|postnr|eircode)"
    r"\s*(?:is|:|-)?\s*(?:\d{4,6}(?:-\d{4})?(?:\s?[A-Za-z]{2}\b)?|\d{2}-\d{3}|\d{3}-\d{4}"
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d)",
    re.IGNORECASE,
)
_NL_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_NOT_NL_POSTCODE = frozenset(
    ["KB", "MB", "GB", "TB", "PC", "ML", "KG", "CM", "MM", "GM", "PM", "AM", "HZ"]
)
_EIRCODE = re.compile(r"\b[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}\b", re.IGNORECASE)
_SOUTHERN_TYPES = (
    r"calle|c/|avenida|avda\.?|plaza|paseo|carrer|via|viale|piazza|corso|largo|rua|travessa"
    r"|praça|ul\.|al\.|ulica|aleja|os\.|jalan|jln\.?|boul\.|strada"
    # French and Belgian streets with the number after the name: "Rue de la Loi 155"
    r"|rue|avenue|boulevard|chaussée|chemin|quai|allée|impasse"
)
_SOUTHERN_STREET = re.compile(
    rf"\b(?:{_SOUTHERN_TYPES})\s+(?:(?:de|del|della|dei|di|da|do|das|dos|la|el|des|du|le)\s+)*"
    r"[\wÀ-ÿ'-]+(?:\s+[\wÀ-ÿ'-]+){0,2},?\s*(?:n\.?\s*|nº\s*)?\d{1,4}[a-zA-Z]?\b"
    r"(?!\s*(?:items?|pieces?|days?|x|euros?|eur|€)\b)",
    re.IGNORECASE,
)
# the same streets with the number first ("55 avenida da Liberdade, Lisboa"), up to a comma
_SOUTHERN_NUMBER_FIRST = re.compile(
    rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:{_SOUTHERN_TYPES})\s+"
    r"(?:(?:de|del|della|dei|di|da|do|das|dos|la|el|des|du|le)\s+)*[\wÀ-ÿ'-]+"
    r"(?:\s+[\wÀ-ÿ'-]+){0,2}(?=\s*(?:,|$|\n|\d))",
    re.IGNORECASE,
)
_SOUTHERN_HINT = re.compile(rf"(?:^|(?<=\W))(?:{_SOUTHERN_TYPES})(?=\W)", re.IGNORECASE)
# what may follow a street: ", London SW1A 1AA", ", 10115 Berlin", ", Springfield, IL 62704"
_CITY = r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'.-]+(?:[ -][A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'.-]+){0,2}"
_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}"
    r"|(?:[A-Z]{2}\s+)?\d{4,6}(?:-\d{4})?(?:\s?[A-Z]{2}\b)?)"
)
_NOT_CITY = (
    r"(?!(?:please|pls|plz|thanks|thank|thx|is|was|can|could|svp|and|or|the|i|im|near|but"
    r"|so|if|my|it|to|for|ok|asap|now|today|tomorrow|tonight|merci|bitte|danke|by|on|in|you"
    r"|u|we|he|she|they|will|would|should|not|no|yes|thats|that|this|also|again|instead"
    r"|order|orders|invoice|ref|reference|number|nr|item|items|parcel|tracking|ticket|case"
    r"|sku|id|account|customer)\b)"
)
# a street without its number after a flat: "flat 5, dean greens", "Unit 4 Riverside Park"
_TAIL_STREET = re.compile(
    rf",?\s+{_NOT_CITY}(?:{_NAME_WORD}\s+){{0,3}}(?:{_CORE_TYPES}|{_MORE_TYPES}|apartments|residency"
    rf"|house|tower|towers|building|complex|estate)\b\.?",
    re.IGNORECASE,
)
_TAIL = re.compile(
    rf"(?:(?:,?\s+|,)(?:{_NOT_CITY}{_CITY}(?:\s\d{{1,2}}[a-z]?)?,?\s+){{0,3}}{_POSTCODE}\b"
    rf"|,\s*(?-i:[A-ZÀ-Þ][\wÀ-ÿ'-]+(?:[ -][A-ZÀ-Þ][\wÀ-ÿ'-]+){{0,2}})(?=\s*(?:[.!?]|$)))",
    re.IGNORECASE,
)
# a city after a post code: "1016 GV Amsterdam", "69003 lyon", "60313 Frankfurt am Main"
_CITY_AFTER_CODE = re.compile(
    rf"\s+{_NOT_CITY}[A-Za-zÀ-ÿ][\wÀ-ÿ-]+(?:\s(?:am|an|der|de|sur|upon|on)\s[A-Z][\wÀ-ÿ-]+"
    rf"|\s{_NOT_CITY}[A-Za-zÀ-ÿ][\wÀ-ÿ-]+)?",
    re.IGNORECASE,
)
_ENDS_WITH_CODE = re.compile(rf"{_POSTCODE}$", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_][\w'’/-]*")
_STREET_TYPES = frozenset(_CORE_TYPES.split("|")) | frozenset(_MORE_TYPES.split("|"))
# words beside a house number that make a text worth the address finder
_TYPE_WORDS_TEXT = """
    flat apt apartment appartement unit suite ste studio wohnung whg floor room block bldg
    building house plot door box postfach zip zipcode postcode post postal plz rue avenue bd
    chemin allée allee impasse quai route cours calle avenida avda plaza paseo carrer via
    viale piazza corso largo rua travessa praça ul ulica aleja jalan jln boul chaussée
    strada
"""
_TYPE_WORDS = _STREET_TYPES | frozenset(_TYPE_WORDS_TEXT.split())
_SUFFIXES = (
    "straße", "strasse", "str.", "gasse", "allee", "platz", "damm", "ufer", "chaussee", "weg",
    "straat", "laan", "plein", "gracht", "kade", "singel", "dijk", "steeg", "hof", "markt",
    "dreef", "pad", "baan", "ring", "boulevard", "str",
)  # fmt: skip
_CODE_SHAPES = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}"
    r"|[A-Z]{2}\s+\d{5}|\d{4}\s?[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{1,2}-\d{1,2}-\d{1,3}"
    r"|\d{3}-\d{4}|\d{2}-\d{3})\b",
    re.IGNORECASE,
)


_FLAT_WORD_LIST = (
    "flat apt apartment appartement unit suite ste studio wohnung whg floor room block bldg "
    "building house plot door postfach"
)
_FLAT_WORDS = frozenset(_FLAT_WORD_LIST.split())
_CAPITAL_RING = re.compile(r"\b[A-ZÄÖÜ][\wäöüß-]*ring\b")


def _continental_word(word: str) -> bool:
    """Whether ``word`` ends like a German or Dutch street ("-straße", "-gracht", "-ring")."""
    if not word.endswith(_SUFFIXES):
        return False
    # English words end in "-ring" too ("during", "ordering"): those need a capital (see below)
    return not word.endswith("ing") or word.endswith("-ring")


def address_hint(text: str, words: frozenset[str]) -> bool:
    """Cheap test that ``text`` (with its lower-case ``words``) may hold an address."""
    if not _TYPE_WORDS.isdisjoint(words) or not DISTRICT_WORDS.isdisjoint(words):
        return True
    if any(_continental_word(word) for word in words) or _CAPITAL_RING.search(text):
        return True
    return bool(_CODE_SHAPES.search(text)) or code_beside_place(text)


def _with_tail(text: str, start: int, end: int) -> int:
    """``end`` moved over what follows a street: more street, city, post code, city."""
    street = _TAIL_STREET.match(text, end)
    if street:
        end = street.end()
    for _ in range(3):
        tail = _TAIL.match(text, end)
        if not tail:
            break
        end = tail.end()
    if _ENDS_WITH_CODE.search(text, start, end):
        city = _CITY_AFTER_CODE.match(text, end)
        if city:
            end = city.end()
    return end


def _named_street(street: str) -> bool:
    """Whether the word after a French street type is a name, not "de", "the" or "is"."""
    words = street.split()
    if len(words) < 2 or words[1].lower() in english_stop_words():
        return False
    name = words[1].lower()
    return (
        words[1][0].isupper() or name in name_lexicon().first_names or name not in english_words()
    )


def _announced(text: str, start: int) -> bool:
    return bool(_ADDRESS_CONTEXT.search(text, max(0, start - 40), start))


def find_addresses(text: str, words: frozenset[str] | None = None) -> list[Span]:
    """Street addresses, flats, PO boxes and post codes (``words``: ``text``'s, lower case)."""
    if not _DIGIT.search(text):
        return []
    if words is None:
        words = frozenset(_WORD.findall(text.lower()))
    spans: list[Span] = []
    if not _STREET_TYPES.isdisjoint(words):
        for finder in (_ENGLISH_STREET_ANY, _ENGLISH_STREET_CASED):
            spans.extend((m.start(), m.end(), "ADDRESS") for m in finder.finditer(text))
        spans.extend(
            (m.start(), m.end(), "ADDRESS")
            for m in _ENGLISH_STREET_LOOSE.finditer(text)
            if _announced(text, m.start())
        )
    if any(_continental_word(word) for word in words) or _CAPITAL_RING.search(text):
        for match in _CONTINENTAL_STREET.finditer(text):
            word = match.group().split()[0].lower() if match.group().split() else ""
            if word.rstrip("0123456789") not in _NOT_CONTINENTAL:
                spans.append((match.start(), match.end(), "ADDRESS"))
    if _FRENCH_HINT.search(text):
        for match in _FRENCH_STREET.finditer(text):
            numbered = match.group()[0].isdigit()
            tail = _TAIL.match(text, match.end())
            french = _FRENCH_NUMBERLESS.match(match.group())
            # "moved to avenue benjamin briand": a street without its number, announced
            named = _announced(text, match.start()) and _named_street(match.group())
            if numbered or named or (french and (tail or _announced(text, match.start()))):
                spans.append((match.start(), match.end(), "ADDRESS"))
    if _SOUTHERN_HINT.search(text):
        spans.extend((m.start(), m.end(), "ADDRESS") for m in _SOUTHERN_STREET.finditer(text))
        for match in _SOUTHERN_NUMBER_FIRST.finditer(text):
            # "2 via the app", "3 rue shops": a lower-case street needs an address word before
            name = match.group().split()[-1]
            if name.lower() in english_stop_words() or name.lower() in NOT_NAMES:
                continue
            if name[0].isupper() or _announced(text, match.start()):
                spans.append((match.start(), match.end(), "ADDRESS"))
    finders = [_UK_POSTCODE, _EIRCODE, _STATE_ZIP, _WORDED_CODE, _CA_POSTCODE]
    if "-" in text:
        finders.append(_JP_BLOCK)
    if not _FLAT_WORDS.isdisjoint(words) or "c/o" in text or "box" in words:
        finders.append(_FLAT)
    for finder in finders:
        spans.extend((m.start(), m.end(), "ADDRESS") for m in finder.finditer(text))
    for match in _NL_POSTCODE.finditer(text):
        if match.group()[-2:] not in _NOT_NL_POSTCODE:
            spans.append((match.start(), match.end(), "ADDRESS"))
    spans += coded_places(text)
    if not DISTRICT_WORDS.isdisjoint(words):
        spans += numbered_before_district(text)
    spans = [
        (extend_back(text, start), extend_address(text, _with_tail(text, start, end)), label)
        for start, end, label in spans
    ]
    return spans + unit_spans(text, spans)
