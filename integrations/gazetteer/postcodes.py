"""UK postcodes: one normal form for storing, searching and showing them."""

import re

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(text: str) -> str:
    """'mb1  1aa' -> 'MB1 1AA'. Raises ValueError when it cannot be a UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError(f"not a UK postcode: {text!r}")
    return f"{match.group(1)} {match.group(2)}"
