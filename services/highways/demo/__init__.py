"""Demo data for Millbrook's street reporting (see services/waste/demo for the shape)."""

from services.waste.demo import load_all as _load_all

# "report" last: it routes categories to back offices once the example reports are made.
FEATURES = ("public", "report")


def load_all() -> list[str]:
    return _load_all(__name__, FEATURES)
