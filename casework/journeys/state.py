"""A journey's answers as the draft keeps them, and the walk through its steps.

The draft keeps, for each step answered, the data its form was posted with::

    {"steps": {"details": {"summary": ["Hedge"], "details": ["Overgrown ..."]}},
     "files": [{"key": "<hex>", "name": "photo.jpg", ...}]}

Keeping what was posted (not what the form made of it) means the same form checks
it again, unchanged, on every later page: the check page and sending validate every
answer once more, so a step changed by an administrator, or a draft edited by hand,
is asked again rather than sent wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from casework.journeys.steps import JourneyContext, Outcome, Step
from casework.uploads import PendingFile, pending_file_from

VALUE_MAX = 20_000  # characters kept of one posted value (forms say what they accept)
VALUES_MAX = 100  # values kept for one field


def _clean_value(value) -> str:
    # PostgreSQL's JSON cannot hold NUL; nothing a form accepts contains one.
    return str(value).replace("\x00", "")[:VALUE_MAX]


@dataclass(frozen=True)
class Answers:
    """What the draft holds: posted data by step, and files waiting to be sent."""

    steps: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)
    files: tuple[PendingFile, ...] = ()

    @classmethod
    def from_json(cls, data) -> Answers:
        """The answers in a draft's JSON, whatever its shape (never an error)."""
        data = data if isinstance(data, dict) else {}
        steps = data.get("steps") if isinstance(data.get("steps"), dict) else {}
        clean_steps = {}
        for name, posted in steps.items():
            if not isinstance(posted, dict):
                continue
            clean_steps[str(name)] = {
                str(key): [_clean_value(v) for v in values[:VALUES_MAX]]
                for key, values in posted.items()
                if isinstance(values, list)
            }
        files = data.get("files") if isinstance(data.get("files"), list) else []
        return cls(
            steps=clean_steps,
            files=tuple(
                f for f in (pending_file_from(f, default_name=_("attachment")) for f in files) if f
            ),
        )

    def as_json(self) -> dict:
        return {
            "steps": {name: dict(posted) for name, posted in self.steps.items()},
            "files": [file.as_json() for file in self.files],
        }

    def has(self, step_name: str) -> bool:
        return step_name in self.steps

    def posted(self, step_name: str) -> dict[str, list[str]]:
        return dict(self.steps.get(step_name) or {})

    def with_step(self, step_name: str, form: forms.Form, files=None) -> Answers:
        """These answers with ``step_name`` answered as ``form`` was posted."""
        posted = {}
        for name, bound in form.fields.items():
            if isinstance(bound, forms.FileField):
                continue  # files are kept as files, not as posted data
            for stored, key in _posted_keys(form, name, bound):
                values = form.data.getlist(key) if hasattr(form.data, "getlist") else None
                if values is None:
                    value = form.data.get(key)
                    values = (
                        [] if value is None else (value if isinstance(value, list) else [value])
                    )
                posted[stored] = [_clean_value(v) for v in values[:VALUES_MAX]]
        steps = {**self.steps, step_name: posted}
        return Answers(steps=steps, files=self.files if files is None else tuple(files))

    def without_steps(self, names) -> Answers:
        return Answers(
            steps={k: v for k, v in self.steps.items() if k not in set(names)}, files=self.files
        )


def _subwidget_suffixes(field_: forms.Field) -> list[str]:
    """The suffixes of a field posted as several inputs (a ``MultiWidget``: a date as
    day, month and year), [] for a field posted as one."""
    widget = field_.widget
    if not isinstance(widget, forms.MultiWidget):
        return []
    return list(widget.widgets_names)


def _posted_keys(form: forms.Form, name: str, field_: forms.Field) -> list[tuple[str, str]]:
    """(name kept in the draft, name posted) for each input of a field."""
    suffixes = _subwidget_suffixes(field_)
    if not suffixes:
        return [(name, form.add_prefix(name))]
    return [(f"{name}{suffix}", form.add_prefix(name) + suffix) for suffix in suffixes]


def _initial(form_class: type[forms.Form], posted: Mapping[str, list[str]]) -> dict:
    """Posted data as a form's initial values: a list for fields that take several,
    or that are posted as several inputs (a date's day, month and year)."""
    initial = {}
    for name, field_ in form_class.base_fields.items():
        suffixes = _subwidget_suffixes(field_)
        if suffixes:
            parts = [posted.get(f"{name}{suffix}") or [""] for suffix in suffixes]
            if any(part[-1] for part in parts):
                initial[name] = [part[-1] for part in parts]
            continue
        if name not in posted:
            continue
        many = isinstance(field_, forms.MultipleChoiceField) or getattr(
            field_.widget, "allow_multiple_selected", False
        )
        values = posted[name]
        initial[name] = list(values) if many else (values[-1] if values else "")
    return initial


def initial_from_posted(form_class: type[forms.Form], data) -> dict:
    """What was posted (a QueryDict) as a form's initial values: to show a page again
    as typed, without its errors (after a "Find address")."""
    return _initial(form_class, dict(data.lists()))


class _Posted(dict):
    """Stored posted data in the shape a form reads (a QueryDict's ``getlist``)."""

    def get(self, key, default=None):
        values = super().get(key)
        return values[-1] if values else default

    def getlist(self, key, default=None):
        return list(super().get(key, default if default is not None else []))

    def __getitem__(self, key):
        values = super().__getitem__(key)
        return values[-1] if values else ""


@dataclass
class Walk:
    """The steps that apply to these answers, in order, each with its form bound to
    the stored answers, as far as the first step not (validly) answered, or as far as
    the step whose answer ends the journey with an ``outcome`` (``Journey.outcome``)."""

    path: list[tuple[Step, forms.Form]]
    values: dict[str, Any]
    first_unanswered: Step | None
    outcome: Outcome | None = None

    @property
    def complete(self) -> bool:
        return self.first_unanswered is None and self.outcome is None

    def position(self, step_name: str) -> int | None:
        for index, (step, _form) in enumerate(self.path):
            if step.name == step_name:
                return index
        return None

    def previous(self, step_name: str) -> Step | None:
        index = self.position(step_name)
        return self.path[index - 1][0] if index else None

    def form(self, step_name: str) -> forms.Form | None:
        index = self.position(step_name)
        return None if index is None else self.path[index][1]

    def _answer_fields(self, only: Step | None = None):
        for step, form in self.path:
            if only is not None and step is not only:
                continue
            for name, field_ in form.fields.items():
                if name in step.summary_exclude or field_.widget.is_hidden:
                    continue
                if isinstance(field_, forms.FileField) or name in ("keep", "listed"):
                    continue
                yield name, field_

    def answers_json(self) -> dict:
        """The cleaned answers of the steps that apply, by field name (for the case)."""
        return {name: _jsonable(self.values.get(name)) for name, _f in self._answer_fields()}

    def labelled(self) -> list[dict]:
        """The answers by their labels, as staff, the back office and "download my data"
        show them: ``[{"key", "label", "value"}]`` in the order they were asked."""
        return [
            {
                "key": name,
                "label": str(field_.label or name),
                "value": display_value(field_, self.values.get(name)),
            }
            for name, field_ in self._answer_fields()
        ]

    def summary(self, journey, ctx: JourneyContext) -> list[dict]:
        """Check-your-answers rows: each answer with a "Change" link to its step."""
        rows = []
        for step, form in self.path:
            href = journey.step_url(ctx, step.name) + "?change=check"
            if hasattr(form, "summary_rows"):  # a form that says its answers itself
                for key, value in form.summary_rows():
                    rows.append(
                        {"key": key, "value": value, "href": href, "action": str(key).lower()}
                    )
                continue
            for name, field_ in self._answer_fields(only=step):
                rows.append(
                    {
                        "key": field_.label or name,
                        "value": display_value(field_, self.values.get(name)),
                        "href": f"{href}#{form[name].id_for_label or 'id_' + name}",
                        "action": str(field_.label or name).lower(),
                    }
                )
            if hasattr(form, "kept_files"):  # a step that takes photos and documents
                label = getattr(form, "summary_files_label", _("Photos and documents"))
                rows.append(
                    {
                        "key": label,
                        "value": "\n".join(f.name for f in form.kept_files()) or _("None"),
                        "href": f"{href}#id_{getattr(form, 'upload_field', 'files')}",
                        "action": str(label).lower(),
                    }
                )
        return rows


def _jsonable(value):
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def display_value(field_: forms.Field, value) -> str:
    """An answer as the check page and the case show it: choices by their labels."""
    if value in (None, "", [], ()):
        return _("Not answered")
    if hasattr(field_, "display_value"):  # a field that says how its answer reads
        return field_.display_value(value)
    choices = dict(getattr(field_, "choices", None) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(choices.get(value, value))


def bind(journey, step: Step, ctx: JourneyContext, answers: Answers, values=None) -> forms.Form:
    """``step``'s form bound to the stored answers (validated when asked)."""
    return step.form_class(
        _Posted(answers.posted(step.name)), **journey.form_kwargs_for(step, ctx, values or {})
    )


def unbound(journey, step: Step, ctx: JourneyContext, answers: Answers, values=None) -> forms.Form:
    """``step``'s form to show: the stored answers, or the profile's, as initial values."""
    if answers.has(step.name):
        initial = _initial(step.form_class, answers.posted(step.name))
    else:
        initial = journey.prefill(step, ctx)
    return step.form_class(initial=initial, **journey.form_kwargs_for(step, ctx, values or {}))


def walk(journey, ctx: JourneyContext, answers: Answers, steps: Sequence[Step]) -> Walk:
    """Follow the steps that apply, checking each stored answer, to the first gap or to
    an outcome that ends the journey."""
    values: dict[str, Any] = {}
    path: list[tuple[Step, forms.Form]] = []
    outcome = journey.outcome(ctx=ctx, values=values, after=None)
    if outcome is not None:
        return Walk(path=path, values=values, first_unanswered=None, outcome=outcome)
    for step in steps:
        if not step.applies(values):
            continue
        form = bind(journey, step, ctx, answers, values)
        path.append((step, form))
        if not answers.has(step.name) or not form.is_valid():
            return Walk(path=path, values=values, first_unanswered=step)
        values.update(form.cleaned_data)
        outcome = journey.outcome(ctx=ctx, values=dict(values), after=step)
        if outcome is not None:
            return Walk(path=path, values=values, first_unanswered=None, outcome=outcome)
    return Walk(path=path, values=values, first_unanswered=None)
