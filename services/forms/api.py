"""Admin-built questions answered from outside the portal's pages (Open311
``attribute[code]``, through ``casework.registry``): the published version's questions
as plain data, and answers checked by the very same fields and conditions as the
question pages, kept by label with the version, as a request made on the web is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.selectors import address_get
from casework.journeys import Walk
from services.forms import selectors
from services.forms.models import CaseFormVersion, FormVersion

NOT_ASKED = ("file",)  # photos come as Open311's media_url


def api_questions_for(request_type) -> BuiltFormQuestions | None:
    """The questions of ``request_type``'s published form (None when it has none)."""
    version = selectors.version_latest(request_type=request_type)
    return None if version is None else BuiltFormQuestions(version)


@dataclass
class BuiltFormQuestions:
    version: FormVersion

    def questions(self) -> list[dict]:
        """Every question a client may answer, in order, with the condition it is asked
        on (its page's or its own)."""
        return [
            {**question, "condition": question.get("condition") or page.get("condition")}
            for page in self.version.definition["pages"]
            for question in page["questions"]
            if question["kind"] not in NOT_ASKED
        ]

    def answer(self, given: dict[str, list[str]]) -> tuple[dict, list[str]]:
        """``given`` ({code: [values]}) checked page by page as a resident's answers are:
        (the answers by label, [] ) or (…, the problems as "attribute[code]: ...")."""
        kinds = {q["key"]: q["kind"] for q in self.questions()}
        problems = [
            _("attribute[%(code)s]: give one value") % {"code": code}
            for code, values in given.items()
            if len(values) > 1 and kinds.get(code) != "checkboxes"
        ]
        data = QueryDict(mutable=True)
        for code, values in given.items():
            problems += _posted(data, code, kinds.get(code), values)
        walk, page_problems = _walk(self.version, data)
        asked = {name for _step, form in walk.path for name in form.fields}
        for code in sorted(set(given) - asked):
            problems.append(
                _("attribute[%(code)s]: %(why)s")
                % {
                    "code": code,
                    "why": _("is not asked with these answers (its condition is not met)")
                    if code in kinds
                    else _("there is no such question"),
                }
            )
        answers = {row["label"]: row["value"] for row in walk.labelled()}
        return answers, problems + page_problems

    def case_made(self, case) -> None:
        CaseFormVersion.objects.create(case=case, version=self.version)


def _posted(data: QueryDict, code: str, kind: str | None, values: list[str]) -> list[str]:
    """Put ``values`` in ``data`` as the question's page would post them."""
    if kind == "date":
        text = values[0][:10] if values else ""
        try:
            day = datetime.date.fromisoformat(text)
            parts = (str(day.day), str(day.month), str(day.year))
        except ValueError:
            parts = (text, "?", "?") if text else ("", "", "")  # the field says what is wrong
        for suffix, part in zip(("_day", "_month", "_year"), parts, strict=True):
            data[code + suffix] = part
        return []
    if kind == "address":
        text = values[0] if values else ""
        address = address_get(uprn=int(text)) if text.isdigit() and len(text) < 19 else None
        if text and address is None:
            return [
                _("attribute[%(code)s]: give the UPRN of an address in the council's gazetteer")
                % {"code": code}
            ]
        if address is not None:
            data[code + "_postcode"], data[code + "_uprn"] = address.postcode, str(address.uprn)
        return []
    data.setlist(code, values)
    return []


def _walk(version: FormVersion, data: QueryDict) -> tuple[Walk, list[str]]:
    """Each page that applies, its form bound to ``data``; the problems of every page."""
    values: dict = {}
    path = []
    problems = []
    for step in selectors.version_steps(version):
        if not step.applies(values):
            continue
        form = step.form_class(data, values=dict(values))
        for name in [n for n, f in form.fields.items() if _not_asked(n, f)]:
            del form.fields[name]
        form.files_required = False
        path.append((step, form))
        if form.is_valid():
            values.update(form.cleaned_data)
            continue
        for field, errors in form.errors.items():
            where = "" if field == forms.forms.NON_FIELD_ERRORS else f"attribute[{field}]: "
            problems += [f"{where}{message}" for message in errors]
    return Walk(path=path, values=values, first_unanswered=None), problems


def _not_asked(name: str, field: forms.Field) -> bool:
    return isinstance(field, forms.FileField) or name in ("keep", "listed")
