"""Who may build forms: administrators (the roles with the permission, or a superuser)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles
from services.forms.models import BuiltForm


def built_form_for_builder(user, form_id: int) -> BuiltForm:
    """A form an administrator is building: 403 for anyone else, 404 for no such form."""
    if not roles.has_role_permission(user, roles.BUILD_FORMS):
        raise PermissionDenied
    return get_object_or_404(BuiltForm.objects.select_related("request_type"), pk=form_id)
