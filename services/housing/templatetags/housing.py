from django import template

from casework.money import format_pence
from services.housing import rules

register = template.Library()


@register.filter
def pounds_abs(pence):
    """A credit (negative pence) as the money it is: "£104.50"."""
    return format_pence(abs(int(pence))) if pence is not None else ""


@register.filter
def feedback_wanted(case) -> bool:
    """Whether the repair's "Was it fixed? Tell us" link shows (services.housing.rules)."""
    return rules.feedback_wanted(status=case.status, rating=case.rating)
