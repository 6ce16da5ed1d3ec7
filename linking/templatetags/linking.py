"""``{% service_link user "council-tax" as link %}``: a home panel's one cheap query."""

from django import template

from linking.selectors import service_link_get

register = template.Library()


@register.simple_tag
def service_link(user, service):
    return service_link_get(user=user, service=service)
