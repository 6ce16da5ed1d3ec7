import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

log = logging.getLogger(__name__)

# What sending raises when the mail server cannot be reached or refuses (as in
# integrations.notify.transports; SMS backends raise OSError).
SEND_ERRORS = (smtplib.SMTPException, OSError)


class MailNotSent(ImmediateHttpResponse):
    """An account e-mail (a code, a link) could not be sent; ``response`` says so (503).

    allauth's AccountMiddleware answers with the response wherever it is raised;
    sign-up also undoes the account it was making (accounts.views.SignupView).
    """


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
        try:
            return super().send_mail(template_prefix, email, context)
        except SEND_ERRORS as exc:
            # The error's name only: an SMTP refusal carries the address.
            log.warning("accounts: %s not sent (%s)", template_prefix, type(exc).__name__)
            request = allauth_context.request
            # A code that never left does not use up the "one code every few minutes" limit.
            ratelimit.clear(request, action="confirm_email", key=email.lower())
            raise MailNotSent(self.respond_mail_not_sent(request)) from exc

    def respond_mail_not_sent(self, request):
        signup = request.path == reverse("account_signup")
        return render(request, "account/email_not_sent.html", {"signup": signup}, status=503)
