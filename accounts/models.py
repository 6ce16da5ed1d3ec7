from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import CooldownMixin, Device, SideChannelDevice, ThrottlingMixin
from phonenumber_field.modelfields import PhoneNumberField

from integrations.notify.sms import send_sms


class Ward(models.Model):
    """An electoral ward of the council, as the gazetteer names it."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    # Its boundary as a GeoJSON Polygon or MultiPolygon in WGS84 (longitude, latitude),
    # loaded by `manage.py import_ward_boundaries`: where a map point is (accounts.wards).
    boundary = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Address(models.Model):
    """One property in the council's gazetteer (LLPG / AddressBase), keyed by UPRN."""

    uprn = models.BigIntegerField(primary_key=True, verbose_name="UPRN")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    line3 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8, db_index=True)  # normalised: "MB1 2AB"
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    classification = models.CharField(max_length=10, blank=True)
    # Room for what services hold against a property (waste rounds, for example).
    service_data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "addresses"
        ordering = ["postcode", "line1"]

    def __str__(self):
        return self.single_line

    @property
    def lines(self):
        return [
            part for part in (self.line1, self.line2, self.line3, self.town, self.postcode) if part
        ]

    @property
    def single_line(self):
        return ", ".join(self.lines)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account: resident, business or member of staff."""

    class AccountType(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        BUSINESS = "business", _("Business")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    username = None
    # Blank (None) only for a person the contact centre recorded who has no e-mail (G2);
    # everyone who signs in has one.
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    account_type = models.CharField(
        max_length=10, choices=AccountType.choices, default=AccountType.PERSONAL
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    phone = PhoneNumberField(_("phone number"), region="GB", blank=True)

    # Where they live: a gazetteer entry, or typed in by hand when it is not there.
    address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manual_address = models.TextField(blank=True)
    manual_postcode = models.CharField(max_length=8, blank=True)

    # Contact preferences (A5).
    preferred_channel = models.CharField(
        max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    notify_case_updates = models.BooleanField(default=True)
    notify_reminders = models.BooleanField(default=True)
    notify_news = models.BooleanField(default=False)

    closed_at = models.DateTimeField(null=True, blank=True)
    # A person the contact centre recorded for someone who cannot self-serve (G2): who
    # recorded them. They have no password until they claim the record online.
    recorded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self):
        return self.get_full_name() or self.email or self.organisation_name or f"#{self.pk}"

    def get_session_auth_hash(self):
        # A principal from the cache (accounts/principal.py) carries this hash instead of
        # the password; with the password loaded, Django's own.
        if "password" not in self.__dict__ and getattr(self, "_principal_auth_hash", None):
            return self._principal_auth_hash
        return super().get_session_auth_hash()

    @property
    def greeting_name(self):
        return self.first_name or self.organisation_name or ""

    @property
    def has_address(self):
        return self.address_id is not None or bool(self.manual_address)

    @property
    def address_lines(self):
        if self.address_id:
            return self.address.lines
        lines = [line for line in self.manual_address.splitlines() if line.strip()]
        if self.manual_postcode:
            lines.append(self.manual_postcode)
        return lines


class IdentityProviderDevice(Device):
    """The council's identity provider, when it told us it checked a second factor.

    A staff sign-in through OpenID Connect whose ID token's ``amr`` says so (settings:
    STAFF_OIDC_MFA_AMR) is marked verified with this device (tier 2), as a code typed
    into the portal would be. It never accepts a code itself, and it is not offered as
    a way to verify (accounts.selectors.device_list leaves it out).
    """

    class Meta(Device.Meta):
        verbose_name = "identity provider second factor"

    def verify_token(self, token):
        return False

    def verify_is_allowed(self):
        return False, {"reason": "the identity provider checks this second factor"}


class SMSDevice(CooldownMixin, ThrottlingMixin, SideChannelDevice):
    """Codes sent by text message to a UK mobile number: no new code within
    OTP_SMS_COOLDOWN_DURATION seconds of the last (each text costs the council money, and
    a stranger must not be able to flood someone's phone)."""

    number = PhoneNumberField(region="GB")

    class Meta(SideChannelDevice.Meta):
        verbose_name = "SMS device"

    def generate_challenge(self, extra_context=None):
        self.cooldown_set(commit=False)
        self.generate_token(valid_secs=600)
        send_sms(
            str(self.number),
            f"Your security code is {self.token}. It expires in 10 minutes. "
            "Do not share this code with anyone.",
        )
        return "sent"

    def verify_token(self, token):
        verify_allowed, _ = self.verify_is_allowed()
        if not verify_allowed:
            return False
        verified = super().verify_token(token)
        if verified:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return verified

    def get_throttle_factor(self):
        return 1

    def get_cooldown_duration(self):
        return getattr(settings, "OTP_SMS_COOLDOWN_DURATION", 60)


class AuditEntry(models.Model):
    """Append-only: a member of staff looked at or acted on a person's record (G1).

    Who, whom, when, by which channel and why; searches too, with what was typed.
    Model changes go through accounts.actions; this is the record of what staff saw.
    """

    class Action(models.TextChoices):
        SEARCHED = "searched", _("Searched for people")
        VIEWED = "viewed", _("Viewed the person's record")
        NOTE_ADDED = "note_added", _("Added a note")
        ASSIST_STARTED = "assist_started", _("Started assisting the person")
        ASSIST_STOPPED = "assist_stopped", _("Stopped assisting the person")
        SECURITY_PASSED = "security_passed", _("The caller passed the security questions")
        SECURITY_FAILED = "security_failed", _("The caller failed the security questions")
        PERSON_RECORDED = "person_recorded", _("Recorded a person who cannot self-serve")
        CLAIM_CODE_GIVEN = "claim_code_given", _("Gave the person a code to claim their record")
        SERVICE_LINKED = "service_linked", _("Linked a service account for the caller")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as it was at the time, so the record survives the staff account's removal.
    staff_name = models.CharField(max_length=300)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    query = models.CharField(max_length=200, blank=True, help_text=_("What was searched for"))
    results = models.PositiveIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.staff_name} {self.action} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only")
        super().save(*args, **kwargs)


class ClaimCode(models.Model):
    """A one-time code the contact centre gives (or posts to) a person it recorded, with
    which they claim that record, and its requests, from their own online account.

    Only a digest is kept (``accounts.claims``); the code is shown once, to the agent.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Claim code for {self.person_id} until {self.expires_at:%Y-%m-%d}"


class PersonNote(models.Model):
    """A note staff keep about a person (not about one case): never shown to the person."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Note on {self.person_id} {self.created_at:%Y-%m-%d}"
