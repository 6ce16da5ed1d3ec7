from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders {{ form }} and each field as GOV.UK Frontend markup (templates/forms/)."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
