"""Case references people read out on the phone: short, unambiguous, not guessable."""

import secrets

# No 0/O, 1/I/L, or U (which can be misread as V): 30 symbols, 8 of them ≈ 6.5e11 references.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


def normalise_reference(text: str) -> str:
    """'k7p3 9xq2' or 'K7P39XQ2' -> 'K7P3-9XQ2'; '' when it cannot be a reference.

    U is read as V (the alphabet has no U); 0/O and 1/I/L are in neither alphabet
    nor any reference, so they are simply not found.
    """
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    compact = compact.replace("U", "V")
    if len(compact) != 8 or any(ch not in ALPHABET for ch in compact):
        return ""
    return f"{compact[:4]}-{compact[4:]}"
