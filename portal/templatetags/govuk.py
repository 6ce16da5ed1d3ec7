from django import template
from django.utils import formats

register = template.Library()


@register.filter
def govuk_date(value):
    """'14 March 2027', the GOV.UK way."""
    if not value:
        return ""
    return formats.date_format(value, "j F Y")
