import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from accounts.staff_sign_in import id_token_claims, is_staff_provider, roles_from_claims

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through the council's identity provider is for staff with a portal role."""

    def is_open_for_signup(self, request, sociallogin):
        # Staff arrive with an account in the council's directory, not by signing up here.
        return is_staff_provider(sociallogin)

    def pre_social_login(self, request, sociallogin):
        """Refuse, with a page saying why, anyone whose groups give no portal role."""
        if is_staff_provider(sociallogin) and not roles_from_claims(id_token_claims(sociallogin)):
            log.info("accounts: identity provider sign-in refused: no portal role")
            raise ImmediateHttpResponse(render(request, "account/staff_no_role.html", status=403))

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        log.warning(
            "accounts: identity provider sign-in failed (%s, %s)",
            error,
            type(exception).__name__ if exception else "no exception",
        )
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
