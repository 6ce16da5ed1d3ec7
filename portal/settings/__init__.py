"""Settings for the council portal.

Everything that differs between a laptop and a council's servers comes from the
environment (see .env.example). With nothing set, the portal runs embedded:
SQLite, e-mail and SMS written to files under var/, background work in-process.
Production adds to this module in ``portal.settings.production``.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Only for the embedded default: production.py refuses to start without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- The council ------------------------------------------------------------
COUNCIL_NAME = env("COUNCIL_NAME", default="Millbrook Borough Council")
COUNCIL_SHORT_NAME = env("COUNCIL_SHORT_NAME", default="Millbrook")
COUNCIL_LOGO = env("COUNCIL_LOGO", default="images/council-logo.svg")
COUNCIL_NATION = env("COUNCIL_NATION", default="England")  # for bank holidays
COUNCIL_CONTACT_EMAIL = env("COUNCIL_CONTACT_EMAIL", default="contact@millbrook.example")
COUNCIL_CONTACT_PHONE = env("COUNCIL_CONTACT_PHONE", default="01632 960000")
PORTAL_NAME = env("PORTAL_NAME", default="My Millbrook")
# Where links in e-mails and texts point.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How long the stop link in a reminder works (accounts.reminder_stops), in days.
REMINDER_STOP_LINK_DAYS = env.int("REMINDER_STOP_LINK_DAYS", default=400)

# --- Applications -----------------------------------------------------------
INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_email",
    "django_otp.plugins.otp_static",
    "phonenumber_field",
    "django_filters",
    "csp",
    "portal",
    "accounts",
    "linking",
    "documents",
    "casework",
    "casework.bookings",
    "services.general",
    "services.forms",
    "services.waste",
    "services.highways",
    "services.counciltax",
    "services.businessrates",
    "services.landlords",
    "services.housing",
    "services.local",
    "services.members",
    "services.complaints",
    "insight",
    "integrations",
    "integrations.open311",
    "integrations.outbox",
    "integrations.pay",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.csp.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SlidingSessionMiddleware",
    "portal.middleware.LocaleMiddleware",  # Django's, not parsing paths for a language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's in one: one read for session and user, one lazy wrapper
    "accounts.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.MessageMiddleware",  # Django's, with the store made when used
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "portal.middleware.StaffTierMiddleware",
    "portal.middleware.FormErrorStatusMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.council",
                "portal.context_processors.workspace",
                "accounts.context_processors.assisting",
            ],
            "builtins": ["portal.templatetags.govuk"],
        },
    }
]
# Our own field and form templates render GOV.UK Frontend markup for {{ form }}.
FORM_RENDERER = "core.forms.GovukFormRenderer"

# --- Data -------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse when they have been idle
    # (portal/db/postgresql/base.py: not on every request).
    DATABASES["default"]["ENGINE"] = "portal.db.postgresql"
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side prepared statements (psycopg's prepare_threshold: a statement run this
    # many times on a connection is prepared). Off unless set; see tests/bench/README.md.
    if prepare_threshold := env.int("DB_PREPARE_THRESHOLD", default=0):
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = prepare_threshold
    # Trigram lookups (trigram_similar) for finding people (accounts.selectors.person_search).
    INSTALLED_APPS.append("django.contrib.postgres")
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # Transactions take the write lock when they begin, so that two requests writing at
    # once wait for each other (timeout) instead of one failing "database is locked".
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")


def redis_cache(url: str) -> dict:
    """The cache on Redis at ``url`` (also what tests use to point it at a dead Redis).

    While Redis cannot be reached the portal carries on without a cache (portal/cache.py):
    rate limits fail open with a logged warning, /healthz answers 503.
    """
    return {
        "BACKEND": "portal.cache.FailOpenRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    # Shared between processes (runserver, workers), so rate limits hold.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
        }
    }

# --- Background work --------------------------------------------------------
# With REDIS_URL a real broker and worker; without, tasks run in-process at
# the point they are sent (after the transaction commits), so nothing waits.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "integrations.outbox.tasks.sweep_outbox_task", "schedule": 60.0},
    "reconcile-payments": {
        "task": "integrations.pay.tasks.reconcile_payments_task",
        "schedule": 15 * 60.0,
    },
    "refresh-performance-summaries": {  # insight: only the days whose cases changed
        "task": "insight.tasks.refresh_summaries_task",
        "schedule": 15 * 60.0,
    },
    "escalate-overdue-cases": {
        "task": "casework.tasks.escalate_overdue_cases_task",
        "schedule": 15 * 60.0,
    },
    "warn-member-enquiries-due": {  # officers warned before a councillor's reply is due
        "task": "casework.tasks.warn_member_enquiries_due_task",
        "schedule": crontab(hour=8, minute=30),
    },
    "poll-back-offices": {  # status from back offices we must ask (Open311)
        "task": "casework.tasks.poll_back_offices_task",
        "schedule": 5 * 60.0,
    },
    "send-draft-reminders": {
        "task": "casework.tasks.send_draft_reminders_task",
        "schedule": 60 * 60.0,
    },
    "expire-unpaid-requests": {
        "task": "casework.tasks.expire_unpaid_cases_task",
        "schedule": crontab(hour=3, minute=40),
    },
    "purge-journey-pending-files": {
        "task": "casework.tasks.purge_journey_pending_files_task",
        "schedule": crontab(hour=3, minute=50),
    },
    "purge-street-report-photos": {  # photos chosen for street reports never sent
        "task": "services.highways.tasks.purge_pending_photos_task",
        "schedule": crontab(hour=3, minute=55),
    },
    "expire-drafts": {
        "task": "casework.tasks.expire_drafts_task",
        "schedule": crontab(hour=3, minute=30),  # daily, at a quiet hour clear of DST changes
    },
    "send-booking-reminders": {  # appointments of any request type, the day(s) before
        "task": "casework.bookings.tasks.send_booking_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "purge-documents": {  # PDFs made for people (bills, statements) past their keeping time
        "task": "documents.tasks.purge_documents_task",
        "schedule": crontab(hour=4, minute=20),
    },
    "send-council-tax-reminders": {  # a few days before each instalment, opted in
        "task": "services.counciltax.tasks.send_council_tax_reminders_task",
        "schedule": crontab(hour=10, minute=5),
    },
    "send-bin-reminders": {  # the evening before each collection (CELERY_TIMEZONE: London)
        "task": "services.waste.tasks.send_bin_reminders_task",
        "schedule": crontab(hour=18, minute=0),
    },
    "bulky-tidy": {  # unpaid holds released, outcomes followed, refunds retried
        "task": "services.waste.tasks.bulky_tidy_task",
        "schedule": 15 * 60.0,
    },
    "bulky-reminders": {  # 3 days and 1 day before each bulky collection
        "task": "services.waste.tasks.bulky_reminders_task",
        "schedule": crontab(hour=10, minute=0),
    },
    "sweep-stored-files": {  # files stored for requests that were then rolled back
        "task": "casework.tasks.sweep_stored_files_task",
        "schedule": crontab(hour=4, minute=10),
    },
    "garden-waste-daily": {  # ended subscriptions marked; renewal reminders, once each
        "task": "services.waste.tasks.garden_daily_task",
        "schedule": crontab(hour=9, minute=15),  # a civil hour for a text message
    },
    "send-rent-reminders": {  # the evening before each rent day, for tenants who opted in
        "task": "services.housing.tasks.send_rent_reminders_task",
        "schedule": crontab(hour=18, minute=5),
    },
    "housing-repairs-diary": {  # the contractor's free mornings and afternoons, by trade
        "task": "services.housing.tasks.repairs_diary_sync_task",
        "schedule": 15 * 60.0,
    },
}

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# One backend, so a sign-in hashes the password once: allauth's (accounts/backends.py), which
# checks the e-mail address and password, and as a ModelBackend also answers staff
# permissions (admin).
AUTHENTICATION_BACKENDS = ["accounts.backends.AuthenticationBackend"]
# With Redis the signed-in user's row (not their password) is read from the cache
# (accounts/principal.py); embedded (SQLite, no Redis), from the database.
PRINCIPAL_CACHE = bool(REDIS_URL)
# Argon2id with OWASP's parameters (accounts/hashers.py); older PBKDF2 hashes still verify
# and are upgraded at the person's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # NCSC guidance: length, not composition rules; refuse the common ones.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{PORTAL_NAME}: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("HTTP_PROTOCOL", default="http")
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so that they are visible and reviewed.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "request_login_code": "20/m/ip,3/m/key",
}

# How many proxies of our own stand in front of the portal, each appending the address
# it saw to X-Forwarded-For. The client is the entry that many places from the end
# (entries a client wrote itself are ignored); 0: the connecting address (embedded run).
# docker-compose.yml expects one TLS-terminating proxy in front of web: 1. Rate limits
# are per client address, so a wrong value makes them either global or spoofable.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Staff sign-in through the council's identity provider (OpenID Connect) -----------
# Microsoft Entra ID, or any OpenID Connect provider: its issuer address (discovery is
# read from <issuer>/.well-known/openid-configuration), and the portal's client there.
# Empty: no such sign-in (no button); staff use a password and the portal's second factor.
STAFF_OIDC_SERVER_URL = env("STAFF_OIDC_SERVER_URL", default="")
STAFF_OIDC_CLIENT_ID = env("STAFF_OIDC_CLIENT_ID", default="")
STAFF_OIDC_CLIENT_SECRET = env("STAFF_OIDC_CLIENT_SECRET", default="")
STAFF_OIDC_NAME = env("STAFF_OIDC_NAME", default="your council account")
# Which of the provider's groups (Entra ID: the group's object id, in the "groups" claim)
# give which portal role (accounts.roles): JSON {"<group id>": "Caseworker", ...}. A person
# in none of them cannot sign in this way; their roles follow the groups at each sign-in.
STAFF_OIDC_GROUP_ROLES = env.json("STAFF_OIDC_GROUP_ROLES", default={})
STAFF_OIDC_GROUPS_CLAIM = env("STAFF_OIDC_GROUPS_CLAIM", default="groups")
# "amr" values that mean the provider checked a second factor: such a sign-in is tier 2
# at once; any other still asks for the portal's own second factor.
STAFF_OIDC_MFA_AMR = env.list("STAFF_OIDC_MFA_AMR", default=["mfa"])
STAFF_OIDC_PROVIDER_ID = "council"

SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": (
            [
                {
                    "provider_id": STAFF_OIDC_PROVIDER_ID,
                    "name": STAFF_OIDC_NAME,
                    "client_id": STAFF_OIDC_CLIENT_ID,
                    "secret": STAFF_OIDC_CLIENT_SECRET,
                    "settings": {
                        "server_url": STAFF_OIDC_SERVER_URL,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ]
            if STAFF_OIDC_SERVER_URL
            else []
        ),
        # The council's directory vouches for its staff's e-mail addresses.
        "VERIFIED_EMAIL": True,
        "EMAIL_AUTHENTICATION": True,
        "EMAIL_AUTHENTICATION_AUTO_CONNECT": True,
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button POSTs (with the CSRF token)

OTP_TOTP_ISSUER = PORTAL_NAME
OTP_EMAIL_SUBJECT = f"{PORTAL_NAME}: your security code"
OTP_EMAIL_BODY_TEMPLATE_PATH = "accounts/email/otp_code.txt"
OTP_EMAIL_TOKEN_VALIDITY = 600
# Seconds before another security code may be sent by text message to the same device.
OTP_SMS_COOLDOWN_DURATION = 60

# Session: signed out after 30 minutes without activity, 12 hours at most.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_MAX_AGE = 12 * 60 * 60
# Django's store (with Redis, read from the cache and written through to the database),
# with the maximum age checked when a session is loaded (portal/sessions.py).
SESSION_ENGINE = "portal.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Casework ------------------------------------------------------------------
CASE_ATTACHMENT_MAX_BYTES = env.int("CASE_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
CASE_ATTACHMENT_MAX_COUNT = env.int("CASE_ATTACHMENT_MAX_COUNT", default=5)
# A photo larger than this (width times height) is refused before it is decoded: phones
# save 12 million by default; 40 million take about 120 MB to decode (RGB).
CASE_IMAGE_MAX_PIXELS = env.int("CASE_IMAGE_MAX_PIXELS", default=40_000_000)
# A stored file no row refers to is removed (casework.attachments.attachments_sweep) once
# it is this old: long enough that no request is still being saved with it.
STORED_FILE_GRACE_HOURS = env.int("STORED_FILE_GRACE_HOURS", default=24)
DRAFT_KEEP_DAYS = env.int("DRAFT_KEEP_DAYS", default=28)
DRAFT_REMINDER_DAYS = env.int("DRAFT_REMINDER_DAYS", default=3)  # before a draft expires
# A request with a fee that is not paid for within this many days is withdrawn.
CASE_UNPAID_EXPIRY_DAYS = env.int("CASE_UNPAID_EXPIRY_DAYS", default=7)
# Councillors' enquiries (M2): the council's own reply target in working days, whatever
# the category's target, and how many working days before it the officer is warned.
MEMBER_ENQUIRY_RESPONSE_DAYS = env.int("MEMBER_ENQUIRY_RESPONSE_DAYS", default=10)
MEMBER_ENQUIRY_WARN_DAYS = env.int("MEMBER_ENQUIRY_WARN_DAYS", default=2)
# Back offices get a request's photos as signed links (Open311 media_url), good this long.
BACK_OFFICE_FILE_LINK_DAYS = env.int("BACK_OFFICE_FILE_LINK_DAYS", default=30)
# Complaints (casework.complaints): each stage's statutory clock in working days (stage 1,
# stage 2), and the days after the stage 1 answer in which a resident may ask for stage 2.
COMPLAINT_STAGE_WORKING_DAYS = tuple(
    env.list("COMPLAINT_STAGE_WORKING_DAYS", cast=int, default=[10, 20])
)
COMPLAINT_ESCALATION_DAYS = env.int("COMPLAINT_ESCALATION_DAYS", default=28)

# --- Messages out -----------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# SMTP, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{PORTAL_NAME} <noreply@millbrook.example>")
SMS_BACKEND = env("SMS_BACKEND", default="integrations.notify.sms.FileSMSBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
# GOV.UK Notify: with an API key, e-mail and texts from the outbox go through Notify
# (integrations/notify/notify.py) using two generic templates, "((subject))"/"((body))"
# for e-mail and "((body))" for texts. Without one, the backends above are used.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", default="")
# Bearer token Notify sends with delivery receipts; empty refuses every callback.
NOTIFY_CALLBACK_TOKEN = env("NOTIFY_CALLBACK_TOKEN", default="")

# --- Payments (integrations/pay) ----------------------------------------------------
# GOV.UK Pay: with an API key, residents pay through GOV.UK Pay. Without one, the fake of
# GOV.UK Pay (integrations/pay/fake.py, asked in this process) with its own card page takes
# payments, so that `make run` can pay; production settings turn the fake off
# (PAY_FAKE_ALLOWED) and `check --deploy` insists.
PAY_API_KEY = env("PAY_API_KEY", default="")
PAY_BASE_URL = env("PAY_BASE_URL", default="https://publicapi.payments.service.gov.uk")
PAY_FAKE_ALLOWED = env.bool("PAY_FAKE_ALLOWED", default=True)
# The fake of GOV.UK Pay keeps its records here, outside the database (integrations/pay/fake.py).
PAY_FAKE_FILE = env("PAY_FAKE_FILE", default=str(VAR_DIR / "pay-fake.json"))
# The signing secret of the GOV.UK Pay webhook pointed at PORTAL_BASE_URL/integrations/pay/webhook
# (payments confirmed within seconds); empty refuses every webhook (the reconcile job still runs).
PAY_WEBHOOK_SIGNING_SECRET = env("PAY_WEBHOOK_SIGNING_SECRET", default="")
# The e-mail connector (integrations/email_connector): replies to the cases it sends
# go to this mailbox with a signed case token added (replies+ABCD2345.<sig>@...).
EMAIL_REPLY_ADDRESS = env("EMAIL_REPLY_ADDRESS", default="replies@millbrook.example")
# Bearer token a mail relay sends to POST /integrations/email/inbound; empty: no endpoint.
EMAIL_INBOUND_TOKEN = env("EMAIL_INBOUND_TOKEN", default="")
# The crews' in-cab records (integrations/incab), checked before a missed bin becomes a
# case. The default is the simulated back office `make run` starts; empty: no check
# (residents can still report). WASTE_INCAB_DEMO_FILE: where the demo writes its records.
WASTE_INCAB_URL = env("WASTE_INCAB_URL", default="http://127.0.0.1:8765")
# Where `make run` starts the simulated back office, for the demo's connectors (load_demo).
DEMO_BACKOFFICE_URL = env("DEMO_BACKOFFICE_URL", default="http://127.0.0.1:8765").rstrip("/")
WASTE_INCAB_TIMEOUT = env.float("WASTE_INCAB_TIMEOUT", default=3.0)
WASTE_INCAB_DEMO_FILE = env("WASTE_INCAB_DEMO_FILE", default=str(VAR_DIR / "incab.json"))

# --- Council tax (services/counciltax, integrations/revenues) ----------------------------
# The revenues system: read while a resident waits (REVENUES_TIMEOUT seconds), each
# person's account cached for REVENUES_CACHE_SECONDS; writes go through the outbox. The
# default is the simulated back office `make run` starts; empty: council tax pages say
# they cannot show the account. REVENUES_DEMO_FILE: where the demo writes its accounts.
REVENUES_URL = env("REVENUES_URL", default="http://127.0.0.1:8765")
REVENUES_API_KEY = env("REVENUES_API_KEY", default="")
REVENUES_TIMEOUT = env.float("REVENUES_TIMEOUT", default=3.0)
REVENUES_CACHE_SECONDS = env.int("REVENUES_CACHE_SECONDS", default=60)
REVENUES_DEMO_FILE = env("REVENUES_DEMO_FILE", default=str(VAR_DIR / "revenues.json"))

# The housing management system (tenancies, rent accounts, repairs, anti-social behaviour):
# read while a tenant waits (HOUSING_TIMEOUT seconds), each person's tenancy cached for
# HOUSING_CACHE_SECONDS; repairs, ASB reports and rent payments go through the outbox.
# HOUSING_URL empty turns it off: the rent page says it cannot be shown, reports wait in
# the outbox. HOUSING_EMERGENCY_PHONE: the repairs line a tenant is told to phone in an
# emergency (gas, flooding, unsafe electrics...). HOUSING_DEMO_FILE: the demo's tenancies.
HOUSING_URL = env("HOUSING_URL", default="http://127.0.0.1:8765")
HOUSING_API_KEY = env("HOUSING_API_KEY", default="")
HOUSING_TIMEOUT = env.float("HOUSING_TIMEOUT", default=3.0)
HOUSING_CACHE_SECONDS = env.int("HOUSING_CACHE_SECONDS", default=60)
HOUSING_EMERGENCY_PHONE = env("HOUSING_EMERGENCY_PHONE", default="0300 123 4999")
HOUSING_GAS_EMERGENCY_PHONE = env("HOUSING_GAS_EMERGENCY_PHONE", default="0800 111 999")
HOUSING_DEMO_FILE = env("HOUSING_DEMO_FILE", default=str(VAR_DIR / "housing.json"))

# --- Maps and street reports (services/highways) ------------------------------------
# Map tiles for the maps that enhance location questions and the public reports map
# (vendored Leaflet). The tile host is added to the CSP's img-src below. Empty: no tiles.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    "contributors",
)
# Where a map starts when there is nothing better (latitude, longitude): the council's area.
MAP_CENTRE = [float(value) for value in env.list("MAP_CENTRE", default=["52.6", "-1.9"])]
HIGHWAYS_MAX_PHOTOS = env.int("HIGHWAYS_MAX_PHOTOS", default=3)
# Open reports of the same category this close (metres) are offered to follow instead.
HIGHWAYS_DUPLICATE_METRES = env.int("HIGHWAYS_DUPLICATE_METRES", default=50)
# A place with no gazetteer address this close (metres) is outside the council's area.
HIGHWAYS_AREA_METRES = env.int("HIGHWAYS_AREA_METRES", default=2000)
# A map point outside every ward boundary takes the ward of the nearest address this near
# (accounts.wards); further than that it has no ward.
WARD_NEAREST_METRES = env.int("WARD_NEAREST_METRES", default=HIGHWAYS_AREA_METRES)

# --- Open311 server (integrations/open311) ----------------------------------------------
# Service requests each API key may POST a minute (429 with Retry-After beyond that).
OPEN311_POSTS_PER_MINUTE = env.int("OPEN311_POSTS_PER_MINUTE", default=60)


def _tile_origin(url: str) -> str:
    """'https://tile.openstreetmap.org' for a tile URL; {s} subdomains become a wildcard."""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# --- Security headers -------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_tile_origin(MAP_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The staff sign-in button's form goes on to the identity provider (a redirect
        # after a form, which form-action governs).
        "form-action": [SELF, *filter(None, [_tile_origin(STAFF_OIDC_SERVER_URL)])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Language and time --------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Served by WhiteNoise straight from static/ (no collectstatic) outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"permission_denied_one_line": {"()": "portal.log_filters.PermissionDeniedOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A 403 logs one line with the path and user id, no traceback.
        "django.request": {"filters": ["permission_denied_one_line"]},
    },
}
