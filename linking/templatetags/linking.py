"""``{% service_link home "council-tax" as link %}``: a service's link as the account
home's snapshot holds it (portal/home.py): no query of its own."""

from django import template

register = template.Library()


@register.simple_tag
def service_link(home, service):
    return home.links.get(service)
