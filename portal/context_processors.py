from django.conf import settings


def council(request):
    """The council's name and branding, for every page."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "council_short_name": settings.COUNCIL_SHORT_NAME,
        "council_logo": settings.COUNCIL_LOGO,
        "council_contact_email": settings.COUNCIL_CONTACT_EMAIL,
        "council_contact_phone": settings.COUNCIL_CONTACT_PHONE,
        "portal_name": settings.PORTAL_NAME,
    }


STAFF_PREFIX = "/staff/"


def workspace(request):
    """Staff pages use the full width of the screen (their queues and cases are wide)."""
    return {"staff_workspace": request.path.startswith(STAFF_PREFIX)}
