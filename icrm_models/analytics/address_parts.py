"""The parts around a street that belong to an address: floors, units, districts, cities, codes.

:mod:`addresses` finds the core of an address (a numbered street, a post code, a flat). What
customers write around it varies by country far more than the core does: a floor and a side
("3. OG links", "4e étage", "3º izq", "scala B, 3° piano"), a unit or box ("top 4", "lok. 8",
"bte 3", "room 502"), a district or area ("District 1", "Quan 5", "Jayanagar 4th block",
"Banjara Hills", "Shibuya-ku"), a city (any known place: :func:`place_names`) and post codes of
more countries (Canada "H2Y 1Z4", Poland "00-514", Japan "150-0001", "Sydney NSW 2000").
:func:`extend_address` runs an address on over such parts, :func:`extend_back` takes the ones
written before it ("Main Street, Clonakilty, Co Cork P85 WK20"), and :func:`unit_spans` finds
the units and floors that only count next to an address ("Level 12, 1 Macquarie Pl").
"""

from __future__ import annotations

import re

from icrm_models.analytics.name_lexicon import english_stop_words, english_words, fold_accents
from icrm_models.analytics.place_names import place_names

Span = tuple[int, int, str]

# words that name a part of a building, a floor or a side (lower case, without the dot)
_UNIT = (
    r"flat|apt|apto|ap|apartment|appartement|unit|suite|ste|studio|wohnung|whg|floor|fl|level|lvl"
    r"|house|road|lane"
    r"|room|rm|block|blk|bldg|building|b[aâ]timent|bat|tower|wing|entrance|stiege|stock|etage"
    r"|[ée]tage|og|ug|eg|dg|piso|planta|puerta|escalera|esc|scala|piano|interno|int|lok|lokal"
    r"|m|mieszkanie|bte|bo[iî]te|bus|box|site|rr|hs|huisnummer|top|t[üu]r|door|no|nr|n[º°o]"
    r"|phong|toa nha|quan|phuong|ward|district|sector|phase|zone|area|stage|arrondissement"
    r"|bezirk|colonia|col|barrio|cross|main|road no|gate|plot|house no|h\.?\s?no|villa"
)
_SIDE = (
    r"links|rechts|mitte|izq|izda|izquierda|dcha|dcho|derecha|gauche|droite|left|right"
    r"|district|ward|quận|esq|esquerdo|esquerda|dto|direito|direita|frente|rear|hinterhaus|vorderhaus|seitenfl[üu]gel|gartenhaus|hs|bis|ter"
    r"|[áa]tico|bajo|entresuelo|huis|boven|beneden|ground floor(?: flat)?|basement|penthouse"
)
_ORDINAL = r"\d{1,3}\s?(?:\.|e|er|[èe]re|[èe]me|º|ª|°|st|nd|rd|th)?"
# a post code of one of many countries, optionally after a state or province
_CODE = (
    r"(?:(?:[A-Z]{2,3}|N\.?S\.?W\.?)\s+)?"
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK
    r"|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}"  # Ireland
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d"  # Canada
    r"|\d{4}\s?[A-Z]{2}"  # Netherlands
    r"|\d{3}-\d{4}|\d{2}-\d{3}|\d{4}-\d{3}|\d{5}-\d{3,4}"  # JP, PL, PT, BR / US ZIP+4
    r"|\d{4,6})"
)
_SEPARATOR = r"(?:\s*[,;]\s*|\s+[-–—]\s+|\s*\(\s*|\s+|\s*-\s*(?=\d))"
_PART = re.compile(
    _SEPARATOR
    + r"(?:"
    + rf"(?:{_ORDINAL}\s*(?:{_UNIT})\b\.?(?:\s+(?:{_SIDE})\b)?)"  # 3. OG links, 14th Cross
    + rf"|(?:(?:{_UNIT})\.?\s*(?:no\.?\s*)?#?\s*(?:\d[\w/-]{{0,7}}|[A-Z]\b|[IVX]{{1,4}}\b))"
    + rf"|(?:\d{{1,2}}\s?[º°ª]\s?(?:[A-Z]\b|(?:{_SIDE})\b)?)"  # 2º B, 3º izq, 2ª
    + rf"|(?:(?:{_SIDE})\b(?:\s+\d{{1,4}}\b)?)"  # bis, hs, links, ático
    + r"|(?:\d{1,4}[a-zA-Z]?[-/]\d{1,4}[a-zA-Z]?\b)"  # 5-2, 4/1
    + rf"|(?:{_CODE}\b)"
    + r"|(?:(?-i:[A-Z][\w'-]+)-(?:ku|shi|cho|machi|dori|gun|ken)\b)"  # Shibuya-ku
    + r"|(?:co\.?\s+(?-i:[A-Z])\w+)"  # Co Cork, Co. Dublin
    # an area and its number before a comma or the end: "Wuse 2", "Dublin 6", "Zone 4"
    + r"|(?:(?-i:[A-Z][a-zà-ÿ]+)\s+\d{1,2}(?=\s*(?:,|$|\n)))"
    + r"|(?:(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+(?:\d{1,2}(?:st|nd|rd|th)\s+)?"
    + r"(?:block|phase|sector|stage|nagar|layout|extension|colony|hills|enclave|estate)\b"
    + r"(?:\s+(?:\d{1,3}\w?|[IVX]{1,4})\b)?)"  # Jayanagar 4th block, Lajpat Nagar II
    + r")",
    re.IGNORECASE,
)
# more numbers of the same house: "88/2/14", "401-2"
_MORE_NUMBERS = re.compile(r"(?:[-/]\d{1,4}[a-zA-Z]?\b)+")
_AFTER_CITY = re.compile(r"(?:\s+|\s*-\s*)(?:\d{1,2}|(?-i:[A-Z]{2}))(?=\s*(?:[,.;!?)]|$|\n))")
# a run of capitalised words (a city, a district) that ends where the address ends
_CAPITALISED = re.compile(
    r"\s*,\s*((?-i:[A-ZÀ-Þ][\wÀ-ÿ'’.-]*(?:\s+(?:[A-ZÀ-Þ][\wÀ-ÿ'’.-]*|de|da|del|am|im|an|sur|upon"
    r"|on|la|le)){0,3}))(?=\s*(?:[,.;!?)]|$|\n|[-–—]\s))",
)
_WORDS = re.compile(r"\s*,?\s*([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})")
# capitalised words that start a sentence or a request, not a city or a district
_NOT_PLACE_WORDS_TEXT = """
    i im i'm the a an my our your his her their this that please pls plz thanks thank thx hi
    hello hey dear regards cheers and or but so if is was are can could would will should do
    does did not no yes ok okay also again instead near above below behind next opposite
    ring call phone tel mobile email e-mail ask attn c/o deliver send leave merci danke
    bitte gracias grazie obrigado dank
"""
_NOT_PLACE_WORDS = frozenset(_NOT_PLACE_WORDS_TEXT.split())
# ends of a lower-case text before an address part: "deliver at", "my address:" and the like
_BACK_PART = re.compile(
    r"((?:\d{1,5}[a-zA-Z]?\s+)?[A-ZÀ-Þ][\wÀ-ÿ'’.-]*(?:\s+(?:[A-ZÀ-Þ][\wÀ-ÿ'’.-]*|de|del|la|le|les"
    r"|los|las|des|du|di|da|das|do|dos|van|von"
    r"|\d{1,4}[a-zA-Z]?(?:/\d{1,4})?)){0,3})\s*[,-]?\s*$"
)
# words that hand an address to someone: they belong to it ("chez Mme Martin, 18 rue ...")
_CARE_OF = re.compile(r"(?:\b(?:c/o|chez|attn:?|care of|z\.\s?hd\.?|zhd\.?)\s*)$", re.IGNORECASE)


def _folded(words: str) -> str:
    return fold_accents(words.lower()).strip(" .,'’-")


def is_place(phrase: str) -> bool:
    """Whether ``phrase`` names a known place, and is no English word written in lower case.

    "Bath", "Nice" and "Reading" count with their capital only; stop words ("has", "Is")
    never, though some village bears their name.
    """
    folded = _folded(phrase)
    if folded not in place_names() or folded in english_stop_words():
        return False
    return not (phrase.islower() and folded in english_words())


def _known_place(text: str, position: int) -> int:
    """End of the longest known place name (1–4 words) at ``position``, or ``position``."""
    match = _WORDS.match(text, position)
    if not match:
        return position
    words = match.group(1).split()
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        if words[0].lower() in _NOT_PLACE_WORDS:
            return position
        if is_place(phrase):
            start = match.start(1)
            # end of the ``count``-th word in the text
            end = start
            for word in words[:count]:
                end = text.index(word, end) + len(word)
            return end
    return position


def extend_address(text: str, end: int) -> int:
    """``end`` moved over the floors, units, districts, cities and codes that follow it."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    first = end
    for _ in range(10):
        numbers = _MORE_NUMBERS.match(text, end)
        if numbers:
            end = numbers.end()
        part = _PART.match(text, end)
        if part and part.end() > end:
            end = part.end()
            continue
        place = _known_place(text, end)
        if place > end:
            # "Dublin 2", "Genève 4", "Napoli NA": a district number or a province after a city
            after = _AFTER_CITY.match(text, place)
            end = after.end() if after else place
            continue
        city = _CAPITALISED.match(text, end)
        if city and city.group(1).split()[0].lower() not in _NOT_PLACE_WORDS:
            end = city.end()
            continue
        break
    if text[end - 1 : end] == "(" or text[end - 1 : end].isspace():
        end -= 1
    added = text[first:end]
    if added.count("(") > added.count(")") and text[end : end + 1] == ")":
        end += 1  # "12 Baker Street (flat 2)": the bracket the parts opened
    return end


def extend_back(text: str, start: int) -> int:
    """``start`` moved back over the capitalised parts written before an address."""
    for _ in range(4):
        before = text[:start]
        # a bounded window: an end-anchored search over a long message is slow
        match = _BACK_PART.search(before, max(0, start - 80))
        if not match:
            break
        words = match.group(1).split()
        if any(w.lower().strip(".,:") in _NOT_BEFORE_CODE for w in words):
            break
        if words[0].lower().strip(".,") in _NOT_PLACE_WORDS:
            # "Please deliver to Main Street": keep only the words after the request
            kept = [w for w in words if w.lower().strip(".,") not in _NOT_PLACE_WORDS]
            if not kept or len(kept) == len(words):
                break
            start = before.rfind(kept[0])
            break
        # one English word ("Delivered", "Sorry") is no part of an address unless a place
        single = match.group(1).strip(" .,'’-")
        if (
            " " not in single
            and single.lower() in english_words()
            and _folded(single) not in place_names()
        ):
            break
        start = match.start(1)
    care_of = _CARE_OF.search(text, max(0, start - 12), start)
    return care_of.start() if care_of else start


_UNIT_ALONE = re.compile(
    rf"\b(?:(?:{_ORDINAL}\s*(?:floor|fl|[ée]tage|etage|stock|og|piano|piso|planta)\b\.?)"
    r"|(?:level|lvl|b[aâ]timent|bat\.?|building|block|tower|wing|stiege|escalera|scala"
    r"|apartment|flat|unit|door\s+no\.?|h\.?\s?no\.?|house\s+no\.?|no\.?|nr\.?|n[º°]|phong"
    r"|house|road|plot|sector"
    r"|case\s+postale|postbus|skrytka\s+pocztowa|apartado(?:\s+de\s+correos)?|caixa\s+postal"
    r"|casella\s+postale|bo[iî]te\s+postale|bp|rr)\s*\d[\w/-]{0,7}"
    r"|(?:b[aâ]timent|bat\.?|building|block|tower|wing|escalera|scala)\s+[A-Z]\b"
    r"|ground\s+floor(?:\s+flat)?|[A-Z]-\d{1,4}\b)",
    re.IGNORECASE,
)
_NOT_BEFORE_CODE_TEXT = """
    order orders invoice ref reference no nr number item items sku parcel tracking id code
    account customer ticket case box room flat unit suite year since until by on in at the
"""
_NOT_BEFORE_CODE = frozenset(_NOT_BEFORE_CODE_TEXT.split())
_GLUE = re.compile(r"[\s,;/()–—-]*")


def unit_spans(text: str, addresses: list[Span]) -> list[Span]:
    """Units and floors ("Level 12", "3e étage", "No. 14") that touch one of ``addresses``."""
    found: list[Span] = []
    if not addresses:
        return found
    for match in _UNIT_ALONE.finditer(text):
        end = extend_address(text, match.end())
        for start, stop, _ in addresses:
            before = _GLUE.fullmatch(text, end, start) if end <= start else None
            after = _GLUE.fullmatch(text, stop, match.start()) if stop <= match.start() else None
            if before or after or (match.start() < stop and start < end):
                found.append((match.start(), end, "ADDRESS"))
                break
    return found


# a post code beside a place: "1070 Wien", "bangalore 560011", "Chennai - 600004", "CAP 50122"
_NUMBER_CODE = re.compile(
    r"\b(?:\d{4,6}|\d{3}-\d{4}|\d{2}-\d{3}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b", re.IGNORECASE
)
_PLACE_BEFORE = re.compile(r"([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})\s*(?:,|-)?\s*$")


def coded_places(text: str) -> list[Span]:
    """Post codes written beside a known place, before it or after it."""
    found: list[Span] = []
    for match in _NUMBER_CODE.finditer(text):
        before = _PLACE_BEFORE.search(text, max(0, match.start() - 40), match.start())
        previous = before.group(1).split()[-1].lower() if before else ""
        if previous in _NOT_BEFORE_CODE:
            continue
        after = _known_place(text, match.end())
        if after > match.end():
            found.append((match.start(), after, "ADDRESS"))
            continue
        if before:
            words = before.group(1).split()
            for count in range(len(words), 0, -1):
                phrase = " ".join(words[-count:])
                if is_place(phrase):
                    start = text.rfind(phrase, 0, match.start())
                    found.append((start, match.end(), "ADDRESS"))
                    break
    return found


# a numbered street without a street type, before its ward or district ("123 Nguyen Trai,
# Phuong 2", "45 Le Loi, District 1"): the district says it is an address
_BEFORE_DISTRICT = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-ZÀ-Þ][\wÀ-ÿ'-]*\s+){0,3}[A-ZÀ-Þ][\wÀ-ÿ'-]*"
    r"(?=\s*,\s*(?:(?:phuong|phường|quan|quận|district|ward|sector|barangay|colonia|col\.)\s+\w"
    r"|(?:[A-ZÀ-Þ][\wÀ-ÿ'-]*\s+){1,3}(?:district|ward|quận)\b))",
    re.IGNORECASE,
)
DISTRICT_WORDS = frozenset(
    ["phuong", "phường", "quan", "quận", "district", "ward", "sector", "barangay", "colonia"]
)


def numbered_before_district(text: str) -> list[Span]:
    """Numbered streets without a street type, followed by their ward or district."""
    return [(m.start(), m.end(), "ADDRESS") for m in _BEFORE_DISTRICT.finditer(text)]


# a number of 4–6 digits (or a PL, JP, CA code) with a word after it, or a word before six digits
_CODE_THEN_WORD = re.compile(
    r"\b(?:\d{4,6}|\d{3}-\d{4}|\d{2}-\d{3}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\s+([^\W\d_][\w'’-]*)"
)
_WORD_THEN_CODE = re.compile(r"([^\W\d_][\w'’-]{2,})[\s,-]+\d{6}\b")


def code_beside_place(text: str) -> bool:
    """Cheap test for :func:`coded_places`: a code-like number next to a known place."""
    for match in _CODE_THEN_WORD.finditer(text):
        if _known_place(text, match.start(1)) > match.start(1):
            return True
    return any(is_place(m.group(1)) for m in _WORD_THEN_CODE.finditer(text))
