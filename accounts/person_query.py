"""What staff typed to find a person, read as one kind of thing (pure: no database).

"sam@EXAMPLE.org" is an e-mail address, "07700 900 123" a phone number, "100012345678"
a UPRN or part of a phone number, "mb1 2ab" or "MB1" a (partial) postcode, anything else names or an address.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

MAX_LENGTH = 100
MAX_WORDS = 5

_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9][A-Z]{0,1})$")
_DIGITS = re.compile(r"^\+?[0-9]+$")


@dataclass(frozen=True)
class PersonQuery:
    kind: str  # "email", "phone", "digits", "postcode", "postcode_start", "words"
    text: str  # normalised for its kind
    words: tuple[str, ...] = ()


def person_query_parse(text: str) -> PersonQuery | None:
    """The search as one kind of thing, or None when there is nothing to search for."""
    cleaned = " ".join((text or "").replace("\x00", "").split())[:MAX_LENGTH]
    if not cleaned:
        return None
    if "@" in cleaned:
        return PersonQuery("email", cleaned.replace(" ", "").lower())
    digits = re.sub(r"[\s\-()]", "", cleaned)
    if _DIGITS.match(digits):
        if digits.startswith(("+", "0")):
            national = digits.removeprefix("+44").removeprefix("+").lstrip("0")
            return PersonQuery("phone", national) if len(national) >= 4 else None
        return PersonQuery("digits", digits[:12])  # a UPRN, or part of a phone number
    upper = cleaned.upper()
    compact = upper.replace(" ", "")
    full = _FULL_POSTCODE.match(compact)
    if full:
        return PersonQuery("postcode", f"{full.group(1)} {full.group(2)}")
    if _SECTOR.match(upper):  # "MB1 2": the space says where the outward code ends
        return PersonQuery("postcode_start", upper)
    if _OUTWARD.match(compact):
        return PersonQuery("postcode_start", f"{compact} ")
    words = tuple(cleaned.split()[:MAX_WORDS])
    return PersonQuery("words", cleaned, words)


def likeness(typed: str, found: str) -> float:
    """0 to 1: how close what was typed is to what is stored, ignoring case and spaces."""
    return SequenceMatcher(
        None, typed.upper().replace(" ", ""), found.upper().replace(" ", "")
    ).ratio()


def best_word_likeness(typed: str, values) -> float:
    """How close a typed word is to the closest word of any of ``values``."""
    best = 0.0
    for value in values:
        for word in (value or "").replace(",", " ").split():
            best = max(best, likeness(typed, word))
    return best
