"""Demo data for Millbrook's waste service, one module per feature, loaded by `make run`.

Each feature module may define ``load() -> str`` (a line for the load_demo output).
They run in FEATURES order, after the gazetteer and people exist; each must be safe
to run again (create what is missing, leave what is there).
"""

import importlib

# Notices before missed: the missed bin the demo offers to try must not be on a noticed round.
FEATURES = ("collections", "reminders", "notices", "missed", "containers", "bulky", "garden")


def load_all(package: str = __name__, features=FEATURES) -> list[str]:
    lines = []
    for feature in features:
        try:
            module = importlib.import_module(f"{package}.{feature}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{feature}":
                raise
            continue
        load = getattr(module, "load", None)
        if load is not None:
            line = load()
            if line:
                lines.append(line)
    return lines
