"""GOV.UK Frontend markup for Django forms.

``FORM_RENDERER = "core.forms.GovukFormRenderer"`` makes ``{{ form }}`` and
``{{ form.field.as_field_group }}`` render GOV.UK form groups: label or legend,
hint, inline error message, and the control with the right classes and
``aria-describedby``. The markup lives in ``templates/forms/govuk_field.html``;
this module works out what goes into it (``field_context``) and what the error
summary lists (``error_summary_items``).

Widgets keep their own attributes (``autocomplete``, ``inputmode``, classes such
as ``govuk-input--width-10``). On a ``RadioSelect`` or ``CheckboxSelectMultiple``
a class (``govuk-radios--inline``, ``govuk-radios--small``) goes on the group.
Placeholders are dropped: GOV.UK uses labels and hints instead.
"""

import datetime

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

FIELD_TEMPLATE = "forms/govuk_field.html"


class GovukFormRenderer(TemplatesSetting):
    """Renders {{ form }} and each field as GOV.UK Frontend markup (templates/forms/)."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name, context, request=None):
        field = context.get("field")
        if template_name == FIELD_TEMPLATE and isinstance(field, BoundField):
            options = context.get("govuk_options") or {}
            context = {**context, "govuk": field_context(field, **options)}
        return super().render(template_name, context, request=request)


def field_kind(field: BoundField) -> str:
    """Which GOV.UK component renders this field."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    return "input"


# The control's GOV.UK class, and its extra class when the field has an error.
_CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "password": (
        "govuk-input govuk-password-input__input govuk-js-password-input-input",
        "govuk-input--error",
    ),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}


def first_input_id(field: BoundField) -> str:
    """The id an error summary links to: the first radio or checkbox of a group."""
    if field_kind(field) in ("radios", "checkboxes"):
        subwidgets = field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id or ""


def _join(*classes) -> str:
    return " ".join(c for c in classes if c)


def field_context(
    field: BoundField,
    *,
    label=None,
    hint=None,
    classes: str = "",
    heading: bool = False,
    label_classes: str = "",
    legend_classes: str = "",
) -> dict:
    """Everything templates/forms/govuk_field.html needs for one field.

    ``label`` and ``hint`` replace the field's label and help text (the hint may
    be safe HTML, like a link). ``classes`` are added to the control, e.g.
    ``govuk-input--width-10``.
    ``heading`` makes the label or legend the page's <h1> (one question a page).

    There is no conditional reveal: GOV.UK Frontend's script puts aria-expanded
    on the radio, which axe reports as a WCAG failure (aria-allowed-attr). Ask
    the follow-up question as a field of its own, or on the next page.
    """
    kind = field_kind(field)
    widget = field.field.widget
    base_id = widget.attrs.get("id") or field.auto_id or field.html_name
    if hint is None:
        # Help text is written by developers and may hold HTML: Django does not escape it either.
        hint = mark_safe(str(field.help_text or "").strip())  # noqa: S308
    else:
        hint = mark_safe(conditional_escape(hint).strip())  # noqa: S308 - escaped unless safe
    errors = list(field.errors)
    hint_id = f"{base_id}-hint" if hint else ""
    error_id = f"{base_id}-error" if errors else ""
    describedby = _join(hint_id, error_id)
    grouped = kind in ("radios", "checkboxes")

    context = {
        "kind": kind,
        "id": base_id,
        "label": field.label if label is None else label,
        "label_for": field.id_for_label,
        "hint": hint,
        "hint_id": hint_id,
        "errors": errors,
        "error_id": error_id,
        "describedby": describedby,
        "heading": heading,
        "group_classes": _join(
            "govuk-form-group",
            "govuk-form-group--error" if errors else "",
            "govuk-password-input" if kind == "password" else "",
        ),
        "label_classes": _join(
            "govuk-label",
            "govuk-checkboxes__label" if kind == "checkbox" else "",
            label_classes or ("govuk-label--l" if heading else ""),
        ),
        "legend_classes": _join(
            "govuk-fieldset__legend",
            legend_classes
            or ("govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--m"),
        ),
    }
    if kind == "hidden":
        context["control"] = field.as_widget()
    elif grouped:
        context.update(_choice_items(field, kind, base_id))
    else:
        context["control"] = _control(field, kind, describedby, bool(errors), classes)
    return context


def _control(field: BoundField, kind: str, describedby: str, has_errors: bool, classes: str):
    widget = field.field.widget
    attrs = {"placeholder": False}  # False drops the attribute
    if kind in _CONTROL_CLASSES:
        base, error = _CONTROL_CLASSES[kind]
        attrs["class"] = _join(
            base, widget.attrs.get("class", ""), classes, error if has_errors else ""
        )
    if kind == "password":
        attrs.update({"spellcheck": "false", "autocapitalize": "none"})
    if describedby:
        attrs["aria-describedby"] = describedby
    return field.as_widget(attrs=attrs)


def _choice_items(field: BoundField, kind: str, base_id: str) -> dict:
    """Radios or checkboxes: one item per choice, each input rendered by its widget."""
    widget = field.field.widget
    prefix = "govuk-radios" if kind == "radios" else "govuk-checkboxes"
    attrs = field.build_widget_attrs({"id": base_id, "class": f"{prefix}__input"})
    attrs.pop("aria-describedby", None)  # described on the <fieldset> instead
    items = []
    for option in widget.subwidgets(field.html_name, field.value(), attrs=attrs):
        items.append(
            {
                "id": option["attrs"].get("id", ""),
                "label": option["label"],
                "input": BoundWidget(widget, option, field.form.renderer).tag(),
            }
        )
    return {
        "items": items,
        "container_classes": _join(prefix, widget.attrs.get("class", "")),
        "module": prefix,
    }


def error_summary_items(form) -> list[dict]:
    """What the error summary lists, in page order: [{"href": "#id", "text": ...}].

    Errors that belong to no visible field (the form's own, a hidden field's)
    link to the first field, where the person can start putting things right.
    """
    if not isinstance(form, forms.BaseForm) or not form.errors:
        return []
    visible = form.visible_fields()
    first = f"#{first_input_id(visible[0])}" if visible else ""
    items = [{"href": first, "text": error} for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items += [{"href": first, "text": error} for error in field.errors]
    for field in visible:
        href = f"#{first_input_id(field)}"
        items += [{"href": href, "text": error} for error in field.errors]
    return items


def forms_with_errors(context) -> list:
    """Forms with errors among the page's context variables.

    Looks at ``form`` and any ``*_form`` variable (allauth's ``verify_form``,
    ``change_form``...), so that base.html can prefix the page title with
    "Error: " and allauth's pages can show an error summary.
    """
    found = []
    for name, value in context.flatten().items():
        if not (name == "form" or name.endswith("_form")):
            continue
        if isinstance(value, forms.BaseForm):
            has_errors = value.is_bound and bool(value.errors)
        elif isinstance(value, forms.BaseFormSet):
            has_errors = value.is_bound and value.total_error_count() > 0
        else:
            continue
        if has_errors and not any(value is f for f in found):
            found.append(value)
    return found


# --- Fields of several inputs (a GOV.UK date input, an address) -----------------------


class PartsWidget(forms.MultiWidget):
    """Several labelled inputs side by side (a GOV.UK date input, an address)."""

    template_name = "widgets/parts.html"

    def __init__(self, parts, *, css="govuk-date-input"):
        self.parts = parts  # [(suffix, label, input attrs)]
        self.css = css
        widgets = {suffix: forms.TextInput(attrs=attrs) for suffix, _label, attrs in parts}
        super().__init__(widgets)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub, (_suffix, label, _attrs) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            sub["label"] = label
        context["widget"]["css"] = self.css
        return context

    def decompress(self, value):
        return list(value) if value else [None] * len(self.parts)


def date_part_attrs(cls):
    return {"class": f"govuk-input govuk-date-input__input {cls}"}


class GovukDateField(forms.MultiValueField):
    """A date as day, month and year (GOV.UK date input)."""

    def __init__(self, *, label, **kwargs):
        self.label_text = label
        widget = PartsWidget(
            [
                (
                    "day",
                    _("Day"),
                    {**date_part_attrs("govuk-input--width-2"), "inputmode": "numeric"},
                ),
                (
                    "month",
                    _("Month"),
                    {**date_part_attrs("govuk-input--width-2"), "inputmode": "numeric"},
                ),
                (
                    "year",
                    _("Year"),
                    {**date_part_attrs("govuk-input--width-4"), "inputmode": "numeric"},
                ),
            ]
        )
        fields = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields, widget=widget, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name
            for name, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year))
            if not part
        ]
        if missing:
            raise forms.ValidationError(
                _("‘%(q)s’ must include %(parts)s") % {"q": self.label_text, "parts": missing[0]}
            )
        try:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            raise forms.ValidationError(
                _("‘%(q)s’ must be a real date") % {"q": self.label_text}
            ) from None

    def display_value(self, value):
        return date_format(datetime.date.fromisoformat(value), "j F Y")
