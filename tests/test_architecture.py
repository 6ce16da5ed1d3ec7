"""The shape of the code, checked: every import at the top of its module.

An import inside a function hides a dependency from the reader and from import-linter,
and is usually there to dodge an import cycle the design should not have. The few that
stay (a heavy library only one page needs, an AppConfig module that loads before the
models, an optional feature) say why on their own line: ``# deferred: <why>``. An
``AppConfig.ready()`` may import what it registers: that is what it is for.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "accounts",
    "casework",
    "core",
    "documents",
    "insight",
    "integrations",
    "linking",
    "portal",
    "services",
)
REASON = re.compile(r"#\s*deferred:\s*(?P<why>\S.*)$")
CYCLE = re.compile(r"cycl|circular", re.IGNORECASE)


def project_modules():
    """Every module of the packages but migrations and tests."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
                continue
            yield path


def _reason(lines: list[str], node: ast.stmt) -> str | None:
    for number in range(node.lineno, node.end_lineno + 1):
        found = REASON.search(lines[number - 1])
        if found:
            return found.group("why")
    return None


def imports_without_a_reason(source: str) -> list[tuple[int, str]]:
    """(line, import) of each import inside a function, other than directly in a class's
    ``ready`` method, that gives no reason on its line: ``# deferred: <why>``, and a reason
    that is not an import cycle (a cycle is mended, not deferred)."""
    lines = source.splitlines()
    found = []

    def visit(node: ast.AST, in_function: bool, in_class: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, in_function or not (in_class and child.name == "ready"), False)
            elif isinstance(child, ast.ClassDef):
                visit(child, in_function, True)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                why = _reason(lines, child) if in_function else ""
                if why is None or CYCLE.search(why):
                    found.append((child.lineno, ast.unparse(child)))
            else:
                visit(child, in_function, False)

    visit(ast.parse(source), False, False)
    return found


def test_no_import_inside_a_function_without_a_reason():
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {statement}"
        for path in project_modules()
        for line, statement in imports_without_a_reason(path.read_text())
    ]
    assert not problems, (
        "Imports inside functions: move them to the top of the module (mend the design if "
        "that makes a cycle), or say why on the line with '# deferred: <why>':\n"
        + "\n".join(problems)
    )


def test_the_check_finds_an_import_in_a_function_and_takes_a_stated_reason():
    source = """
import os

from django.apps import AppConfig


def hoistable():
    import json

    return json


def heavy():
    from weasyprint import HTML  # deferred: heavy, only where PDFs are made

    return HTML


def dodging():
    from casework import actions  # deferred: a cycle with casework.actions

    return actions


def long_one():
    from accounts.staff_sign_in import (  # deferred: AppConfig module, loads before models
        is_staff_provider,
    )

    return is_staff_provider


class Thing:
    def method(self):
        import datetime

        return datetime


class ThingConfig(AppConfig):
    def ready(self):
        from casework import registry

        def receiver(sender, **kwargs):
            from casework import actions

            return actions

        return registry, receiver


def ready():
    import uuid

    return uuid
"""
    found = [statement for _line, statement in imports_without_a_reason(source)]

    assert found == [
        "import json",
        "from casework import actions",
        "import datetime",
        "from casework import actions",
        "import uuid",
    ]
    assert [line for line, _statement in imports_without_a_reason(source)][0] == 8
