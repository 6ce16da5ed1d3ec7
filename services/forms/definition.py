"""A form's definition as plain data (what a version keeps), and the rules that say
whether it can be published: pure functions over dicts, no database.

    {"pages": [{"title": "About the skip", "condition": None,
                "questions": [{"key": "start", "label": "Start date", "kind": "date",
                               "hint": "", "required": True, "choices": [],
                               "min_length": None, "max_length": None,
                               "min_value": None, "max_value": None,
                               "condition": {"key": "blue_badge", "operator": "is",
                                             "value": "Yes"}}]}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

CHOICE_KINDS = {"radios", "checkboxes", "select"}
NUMBER_KINDS = {"number", "money"}
TEXT_KINDS = {"text", "long_text"}
UNCONDITIONAL_KINDS = {"address", "file"}  # answers a condition cannot compare


def key_from_label(label: str) -> str:
    return slugify(label)[:50].replace("-", "_").strip("_") or "question"


def choices_from_text(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number(value):
    return None if value is None else str(Decimal(value))


def snapshot(form) -> dict:
    """The definition of a ``BuiltForm`` as it is now (pages and questions, in order)."""
    pages = []
    for page in form.pages.all():
        questions = []
        for question in page.questions.all():
            questions.append(
                {
                    "key": question.key or key_from_label(question.label),
                    "label": question.label,
                    "hint": question.hint,
                    "kind": question.kind,
                    "required": question.required,
                    "min_length": question.min_length,
                    "max_length": question.max_length,
                    "min_value": _number(question.min_value),
                    "max_value": _number(question.max_value),
                    "choices": choices_from_text(question.choices),
                    "condition": question.condition(),
                }
            )
        pages.append({"title": page.title, "condition": page.condition(), "questions": questions})
    return {"pages": pages}


def problems(definition: Mapping) -> list[str]:
    """What stops ``definition`` being published, naming the page and question, in
    words an administrator understands ([] when it can be published)."""
    errors: list[str] = []
    pages = definition.get("pages") or []
    if not pages:
        return [_("Add at least one page of questions.")]
    earlier: dict[str, dict] = {}  # questions of the pages before, by key
    seen: set[str] = set()
    everywhere = {q["key"] for page in pages for q in page.get("questions") or []}
    for number, page in enumerate(pages, start=1):
        where = _("Page %(n)s (‘%(title)s’)") % {"n": number, "title": page["title"]}
        questions = page.get("questions") or []
        if not questions:
            errors.append(_("%(where)s has no questions.") % {"where": where})
        errors += _condition_problems(page.get("condition"), where, earlier, everywhere)
        for question in questions:
            here = _("%(where)s, question ‘%(label)s’") % {
                "where": where,
                "label": question["label"],
            }
            errors += _question_problems(question, here, earlier, everywhere)
        for question in questions:
            if question["key"] in seen:
                errors.append(
                    _("%(where)s: more than one question has the key ‘%(key)s’.")
                    % {"where": where, "key": question["key"]}
                )
            seen.add(question["key"])
        earlier.update({q["key"]: q for q in questions})
    uploads = [q for page in pages for q in page.get("questions") or [] if q["kind"] == "file"]
    if len(uploads) > 1:
        errors.append(
            _("Ask for photos or documents once only: ‘%(labels)s’ all ask for them.")
            % {"labels": "’, ‘".join(q["label"] for q in uploads)}
        )
    return errors


def _question_problems(question, here, earlier, everywhere) -> list[str]:
    wrong = question_problems(question)
    errors = []
    if "choices" in wrong:
        errors.append(_("%(here)s needs at least two choices, one a line.") % {"here": here})
    if "min_length" in wrong or "min_value" in wrong:
        errors.append(_("%(here)s: the minimum is more than the maximum.") % {"here": here})
    return errors + _condition_problems(question.get("condition"), here, earlier, everywhere)


def question_problems(question: Mapping) -> dict[str, str]:
    """What is wrong with one question on its own, by the field that mends it ({} when
    nothing is): what the admin says when the question is saved."""
    errors = {}
    if question["kind"] in CHOICE_KINDS and len(question["choices"]) < 2:
        errors["choices"] = _("Give at least two choices, one a line, for this type of question.")
    for low, high in (("min_length", "max_length"), ("min_value", "max_value")):
        both = question.get(low) is not None and question.get(high) is not None
        if both and Decimal(str(question[low])) > Decimal(str(question[high])):
            errors[low] = _("The minimum is more than the maximum.")
    return errors


def _condition_problems(condition, where, earlier, everywhere) -> list[str]:
    if not condition:
        return []
    key = condition["key"]
    if key not in earlier and key in everywhere:
        return [
            _(
                "%(where)s is shown only when ‘%(key)s’ is answered, but that question is on "
                "the same page or a later one. A condition can only use a question on an "
                "earlier page."
            )
            % {"where": where, "key": key}
        ]
    if key not in earlier:
        return [
            _("%(where)s is shown only when ‘%(key)s’ is answered, but no question has that key.")
            % {"where": where, "key": key}
        ]
    question = earlier[key]
    if question["kind"] in UNCONDITIONAL_KINDS:
        return [
            _(
                "%(where)s is shown only when ‘%(label)s’ is answered, but a condition cannot "
                "use an address or a file upload: use a yes or no, or a choice, question."
            )
            % {"where": where, "label": question["label"]}
        ]
    value = condition.get("value", "")
    allowed = answer_values(question)
    if allowed is not None and value not in allowed:
        return [
            _("%(where)s: ‘%(value)s’ is not one of the answers to ‘%(label)s’ (%(allowed)s).")
            % {
                "where": where,
                "value": value,
                "label": question["label"],
                "allowed": ", ".join(allowed),
            }
        ]
    if condition["operator"] == "includes" and question["kind"] != "checkboxes":
        return [_("%(where)s: ‘includes’ is only for a checkboxes question.") % {"where": where}]
    return []


def answer_values(question: Mapping) -> list[str] | None:
    """The answers a condition on ``question`` may name (None: any text)."""
    if question["kind"] in CHOICE_KINDS:
        return list(question["choices"])
    if question["kind"] == "yes_no":
        return ["Yes", "No"]
    return None


def shown(condition: Mapping | None, values: Mapping) -> bool:
    """Whether something with ``condition`` is shown, given the answers so far (by key)."""
    if not condition:
        return True
    answer = values.get(condition["key"])
    wanted = condition.get("value", "")
    if condition["operator"] == "includes":
        return wanted in (answer or [])
    matches = not isinstance(answer, list) and answer is not None and str(answer) == wanted
    return matches if condition["operator"] == "is" else not matches
