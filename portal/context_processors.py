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
