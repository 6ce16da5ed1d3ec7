"""{% load local_area %}{% local_for_home user as local %}: the home panel's ward,
councillors and polling station, in one query."""

from django import template

from services.local import selectors

register = template.Library()


@register.simple_tag
def local_for_home(user):
    return selectors.local_for_home(user=user)
