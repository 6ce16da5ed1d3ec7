"""Pure rules of linking (no database): does a back-office record plausibly belong to a
person, when an agent links it for them on the word of the caller?"""

from __future__ import annotations

import re


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", str(text or "")).casefold()


def _words(text: str) -> set[str]:
    return {word for word in re.split(r"[\W_]+", str(text or "").casefold()) if len(word) > 1}


def record_matches_person(
    *, record_postcode: str, record_names, postcodes, surname: str, organisation: str
) -> bool:
    """True when the record is at one of the person's postcodes, or names them: one of its
    names has the person's surname as a word, or is their organisation's name. (A person
    may be liable for a property they do not live in: their name is then on the record.)"""
    place = _compact(record_postcode)
    if place and place in {_compact(code) for code in postcodes if _compact(code)}:
        return True
    family = _compact(surname)
    business = _compact(organisation)
    for name in record_names:
        if family and family in {_compact(word) for word in _words(name)}:
            return True
        if business and _compact(name).startswith(business):
            return True
    return False
