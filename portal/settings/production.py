"""Production: PostgreSQL, Redis, HTTPS. Every secret must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from portal.settings import *  # noqa: F403
from portal.settings import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value for production.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The public https:// address links in e-mails and payment return addresses use. No
# default: `check --deploy` fails until it is set (portal/checks.py).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="").rstrip("/")
# E-mail is sent, not written to files: SMTP unless the environment names another backend
# (integrations/checks.py warns about one that sends nothing).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Never the fake payment provider here, whatever the environment says (integrations/pay/checks.py).
PAY_FAKE_ALLOWED = False
# collectstatic writes here (the image: /app/staticfiles); WhiteNoise serves it.
STATIC_ROOT = env("STATIC_ROOT", default=str(STATIC_ROOT))  # noqa: F405
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
