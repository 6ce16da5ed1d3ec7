"""Helpers for the services' demo data (a service definition's ``demo`` and ``demo_forms``).

A service whose demo is a package of one module per feature (services/waste/demo)
lists the features in order; each module may define ``load() -> str`` (a line for the
load_demo output). A feature without a module is skipped.

``page`` and ``q`` write an admin-built form's pages and questions as plain data (the
specs services/forms/demo.py builds, as an administrator would).
"""

import importlib


def q(label, kind="text", **options):
    return {"label": label, "kind": kind, **options}


def page(title, *questions, when=None):
    return {"title": title, "questions": questions, "when": when}


def demo_features_load(package: str, features) -> list[str]:
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
