from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Every account e-mail names the portal and the council, and how to get help."""
        context = {
            **context,
            "portal_name": settings.PORTAL_NAME,
            "council_name": settings.COUNCIL_NAME,
            "council_contact_email": settings.COUNCIL_CONTACT_EMAIL,
            "council_contact_phone": settings.COUNCIL_CONTACT_PHONE,
        }
        return super().send_mail(template_prefix, email, context)
