"""Demo data for Millbrook's street reporting (one module per feature, as services/waste/demo)."""

from core.demo import demo_features_load

# "report" last: it routes categories to back offices once the example reports are made.
FEATURES = ("public", "report")


def load_all() -> list[str]:
    return demo_features_load(__name__, FEATURES)
