from django import template

from casework.money import format_pence

register = template.Library()


@register.filter
def pounds_abs(pence):
    """A credit (negative pence) as the money it is: "£104.50"."""
    return format_pence(abs(int(pence))) if pence is not None else ""
