"""`manage.py check --deploy`: messages must leave the building.

Residents' e-mail goes through GOV.UK Notify when NOTIFY_API_KEY is set, but the
e-mail connector's messages to council teams, and every e-mail without Notify,
go through Django's EMAIL_BACKEND. Production settings default it to SMTP; a
deployment that names a backend which sends nothing would lose them quietly.
"""

from django.conf import settings
from django.core import checks

SENDS_NOTHING = {
    "django.core.mail.backends.filebased.EmailBackend": "writes e-mail to files",
    "django.core.mail.backends.console.EmailBackend": "prints e-mail to the console",
    "django.core.mail.backends.locmem.EmailBackend": "keeps e-mail in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws e-mail away",
}


@checks.register(checks.Tags.compatibility, deploy=True)
def check_email_is_sent(app_configs, **kwargs):
    what = SENDS_NOTHING.get(settings.EMAIL_BACKEND)
    if what is None:
        return []
    return [
        checks.Warning(
            f"EMAIL_BACKEND {what}: e-mail to council teams (the e-mail connector) and to "
            "residents when GOV.UK Notify is not set up would never arrive.",
            hint="Leave EMAIL_BACKEND unset (SMTP: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, "
            "EMAIL_HOST_PASSWORD) or name a backend that sends.",
            id="integrations.W001",
        )
    ]
