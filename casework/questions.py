"""A request type's own questions (RequestType.questions), set by administrators.

Each question is a small JSON object:

    {"key": "depth", "label": "How deep is the pothole?", "hint": "A guess is fine",
     "type": "radios", "choices": ["Less than 5cm", "More than 5cm"], "required": true}

Types: "text" (one line), "textarea", "radios" (choices), "yesno". Services turn
them into form fields with ``question_fields`` and read answers back by key, so a
council can ask "Is it blocking the road?" for fly-tipping without a developer.
"""

from django import forms
from django.utils.translation import gettext as _

TYPES = {"text", "textarea", "radios", "yesno"}
KEYS = {"key", "label", "hint", "type", "choices", "required"}
MAX_QUESTIONS = 20
MAX_ANSWER = 2000


def validate_questions(questions) -> list[str]:
    """Errors in ``questions`` in words an administrator understands; [] when usable."""
    if not isinstance(questions, list):
        return [_("Questions must be a JSON list of objects.")]
    if len(questions) > MAX_QUESTIONS:
        return [_("Ask at most %(n)s questions.") % {"n": MAX_QUESTIONS}]
    errors, seen = [], set()
    for number, question in enumerate(questions, start=1):
        where = _("Question %(n)s") % {"n": number}
        if not isinstance(question, dict):
            errors.append(_("%(where)s must be an object.") % {"where": where})
            continue
        unknown = sorted(set(question) - KEYS)
        if unknown:
            errors.append(
                _("%(where)s has unknown settings: %(keys)s.")
                % {"where": where, "keys": ", ".join(unknown)}
            )
        key = question.get("key")
        if not isinstance(key, str) or not key.isidentifier():
            errors.append(
                _("%(where)s needs a 'key' made of letters, digits and _.") % {"where": where}
            )
        elif key in seen:
            errors.append(_("%(where)s repeats the key '%(key)s'.") % {"where": where, "key": key})
        else:
            seen.add(key)
        if not isinstance(question.get("label"), str) or not question["label"].strip():
            errors.append(_("%(where)s needs a 'label'.") % {"where": where})
        kind = question.get("type", "text")
        if kind not in TYPES:
            errors.append(
                _("%(where)s: 'type' must be one of %(types)s.")
                % {"where": where, "types": ", ".join(sorted(TYPES))}
            )
        choices = question.get("choices")
        if kind == "radios" and not (
            isinstance(choices, list)
            and len(choices) >= 2
            and all(isinstance(c, str) and c.strip() for c in choices)
        ):
            errors.append(_("%(where)s: radios need at least two 'choices'.") % {"where": where})
        if "required" in question and not isinstance(question["required"], bool):
            errors.append(_("%(where)s: 'required' must be true or false.") % {"where": where})
    return errors


def _field(question: dict) -> forms.Field:
    kind = question.get("type", "text")
    common = {
        "label": question["label"],
        "help_text": question.get("hint", ""),
        "required": question.get("required", True),
    }
    label = question["label"]
    if kind == "radios":
        choices = [(c, c) for c in question["choices"]]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Select an answer for ‘%(q)s’") % {"q": label}},
            **common,
        )
    if kind == "yesno":
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            error_messages={"required": _("Select yes or no for ‘%(q)s’") % {"q": label}},
            **common,
        )
    widget = forms.Textarea(attrs={"rows": 4}) if kind == "textarea" else forms.TextInput
    return forms.CharField(
        max_length=MAX_ANSWER,
        widget=widget,
        error_messages={
            "required": _("Enter an answer for ‘%(q)s’") % {"q": label},
            "max_length": _("‘%(q)s’ must be %(n)s characters or fewer")
            % {"q": label, "n": MAX_ANSWER},
        },
        **common,
    )


def question_fields(questions: list[dict]) -> dict[str, forms.Field]:
    """Form fields for valid questions, by key, in order (invalid ones are skipped)."""
    return {
        q["key"]: _field(q)
        for q in questions or []
        if isinstance(q, dict) and not validate_questions([q])
    }


def question_answers(questions: list[dict], cleaned_data: dict) -> list[tuple[str, str]]:
    """(label, answer) pairs for the check-your-answers page and the case."""
    labels = {"yes": _("Yes"), "no": _("No")}
    return [
        (q["label"], labels.get(cleaned_data.get(q["key"]), cleaned_data.get(q["key"], "")))
        for q in questions or []
        if isinstance(q, dict) and q.get("key") in cleaned_data
    ]
