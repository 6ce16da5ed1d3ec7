"""Demo data for Millbrook's waste service, one module per feature, loaded by `make run`.

Each feature module may define ``load() -> str`` (a line for the load_demo output).
They run in FEATURES order, after the gazetteer and people exist; each must be safe
to run again (create what is missing, leave what is there).
"""

from core.demo import demo_features_load

# Notices before missed: the missed bin the demo offers to try must not be on a noticed round.
FEATURES = ("collections", "reminders", "notices", "missed", "containers", "bulky", "garden")


def load_all() -> list[str]:
    return demo_features_load(__name__, FEATURES)
