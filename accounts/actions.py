"""Every change to a person's account goes through these functions."""

import logging
import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from phonenumber_field.phonenumber import to_python

from accounts import assisting, claims, data_export, security_questions
from accounts.adapter import SEND_ERRORS
from accounts.home import home_snapshot_forget
from accounts.models import Address, AuditEntry, ClaimCode, PersonNote, SMSDevice, User
from accounts.phone import is_mobile
from accounts.selectors import CodeSent, backup_codes_remaining, device_code_sent, device_list
from core import clock

log = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10


@transaction.atomic
def user_update_name(*, user: User, first_name: str, last_name: str) -> User:
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    return user


@transaction.atomic
def user_update_account_type(*, user: User, account_type: str, organisation_name: str) -> User:
    user.account_type = account_type
    user.organisation_name = (
        organisation_name.strip() if account_type == User.AccountType.BUSINESS else ""
    )
    user.save(update_fields=["account_type", "organisation_name"])
    return user


@transaction.atomic
def user_update_phone(*, user: User, phone) -> User:
    user.phone = phone or ""
    fields = ["phone"]
    if not user.phone and user.preferred_channel == User.Channel.SMS:
        user.preferred_channel = User.Channel.EMAIL  # cannot text a number we no longer have
        fields.append("preferred_channel")
    user.save(update_fields=fields)
    return user


@transaction.atomic
def user_set_address(*, user: User, address: Address) -> User:
    user.address = address
    user.manual_address = ""
    user.manual_postcode = ""
    user.save(update_fields=["address", "manual_address", "manual_postcode"])
    home_snapshot_forget(user_ids=[user.pk])  # bin days are the address's
    return user


@transaction.atomic
def user_set_manual_address(
    *, user: User, line1: str, line2: str, town: str, postcode: str
) -> User:
    user.address = None
    user.manual_address = "\n".join(part.strip() for part in (line1, line2, town) if part.strip())
    user.manual_postcode = postcode
    user.save(update_fields=["address", "manual_address", "manual_postcode"])
    home_snapshot_forget(user_ids=[user.pk])  # bin days are the address's
    return user


@transaction.atomic
def user_update_preferences(*, user: User, preferred_channel: str, topics: list[str]) -> User:
    user.preferred_channel = preferred_channel
    user.notify_case_updates = "case_updates" in topics
    user.notify_reminders = "reminders" in topics
    user.notify_news = "news" in topics
    user.save(
        update_fields=[
            "preferred_channel",
            "notify_case_updates",
            "notify_reminders",
            "notify_news",
        ]
    )
    return user


# --- Second factor ----------------------------------------------------------------


def device_start_totp(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device to show as a QR code (reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def device_start_email(*, user: User) -> CodeSent:
    device = EmailDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name="Email", confirmed=False)
    return device_send_code(device=device)


def device_send_code(*, device) -> CodeSent:
    """Send a new code by e-mail or text, unless the device's cooldown says not yet.

    When it cannot be sent (the mail or text service is down), nothing is kept: no
    new code and no cooldown, so the person can ask again as soon as it is back.
    """
    allowed, _why = device.generate_is_allowed()
    if allowed:
        try:
            with transaction.atomic():
                device.generate_challenge()
        except SEND_ERRORS as exc:
            log.warning("accounts: security code not sent (%s)", type(exc).__name__)
            device.refresh_from_db()
            return device_code_sent(device=device, failed=True)
    return device_code_sent(device=device)


def device_offer_code(*, device) -> CodeSent:
    """Step-up with an e-mail or text device: send a code, unless one is already out."""
    sent = device_code_sent(device=device)
    return sent if sent.pending else device_send_code(device=device)


def device_start_sms(*, user: User, number) -> tuple[SMSDevice, CodeSent]:
    """The text-message device being set up, and a code sent to ``number``.

    The device being set up is reused, so its cooldown holds however often the page is
    sent: a new number replaces the old one only once the cooldown is over (before that
    the device keeps its number, which tells the caller nothing was sent to the new one).
    """
    device = SMSDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = SMSDevice.objects.create(
            user=user, name="Text message", number=number, confirmed=False
        )
    elif device.number != number:
        if not device.generate_is_allowed()[0]:
            return device, device_code_sent(device=device)
        device.number = number
        device.token = None
        device.save(update_fields=["number", "token"])
    return device, device_send_code(device=device)


@transaction.atomic
def device_confirm(*, request, device, token: str) -> bool:
    """Confirm a new device with a code from it; on success this session is tier 2."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save()
    _session_verified(request, device)
    return True


def device_verify(*, request, device, token: str) -> bool:
    """Step up: a code from one of the user's confirmed devices verifies this session."""
    if not device.confirmed or device.user_id != request.user.pk:
        return False
    if not device.verify_token(token):
        return False
    _session_verified(request, device)
    return True


def _session_verified(request, device) -> None:
    """This session is now tier 2, under a new session id: one copied before stays tier 1
    at most (and is signed out, as the old id no longer exists)."""
    otp_login(request, device)
    request.session.cycle_key()


@transaction.atomic
def device_remove(*, user: User, device) -> None:
    device.delete()
    if not any(not isinstance(d, StaticDevice) for d in device_list(user=user)):
        # Backup codes alone are not a second factor to keep.
        StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replace the user's backup codes; the plain codes are returned once, to show once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_backup_code() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _backup_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
    return "".join(secrets.choice(alphabet) for _ in range(10))


# --- Privacy (A9) -----------------------------------------------------------------


def user_data_export(*, user: User) -> dict:
    """Everything the portal holds about the user, as plain data."""
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "account_type": user.account_type,
            "organisation_name": user.organisation_name,
            "phone": str(user.phone) if user.phone else "",
            "address": user.address_lines,
            "uprn": user.address_id,
            "created": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "contact_preferences": {
            "preferred_channel": user.preferred_channel,
            "updates_on_requests": user.notify_case_updates,
            "reminders": user.notify_reminders,
            "council_news": user.notify_news,
        },
        "second_factor_devices": [
            {"kind": type(d).__name__, "name": d.name} for d in device_list(user=user)
        ],
        "backup_codes_remaining": backup_codes_remaining(user=user),
        # Who of the council's staff looked at or acted on this record (subject access).
        "staff_access": [
            {
                "when": entry.created_at.isoformat(),
                "by": entry.staff_name.split(" <", 1)[0],
                "what": str(entry.get_action_display()),
                "channel": entry.channel,
                "reason": entry.reason,
            }
            for entry in AuditEntry.objects.filter(person=user).order_by("created_at", "id")
        ],
        "staff_notes": [
            {"when": note.created_at.isoformat(), "note": note.text}
            for note in PersonNote.objects.filter(person=user).order_by("created_at", "id")
        ],
    }
    for name, section in data_export.sections.items():
        data[name] = section(user)
    return data


@transaction.atomic
def user_close(*, user: User) -> None:
    """Close an account: personal data erased, the row kept (anonymised) for casework.

    Cases a person raised are council records with their own retention periods,
    so other apps decide what to keep through closing hooks; the account itself
    keeps no name, contact details, address, devices or sign-in.
    """
    for hook in data_export.closing_hooks.values():
        hook(user)
    for device in device_list(user=user, confirmed=None):
        device.delete()
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"closed-{user.pk}-{secrets.token_hex(4)}@closed.invalid"
    user.first_name = ""
    user.last_name = ""
    user.organisation_name = ""
    user.phone = ""
    user.address = None
    user.manual_address = ""
    user.manual_postcode = ""
    user.notify_case_updates = user.notify_reminders = user.notify_news = False
    user.is_active = False
    user.closed_at = clock.now()
    user.set_unusable_password()
    user.save()
    home_snapshot_forget(user_ids=[user.pk])


# --- Staff and a person's record (G1): every look and every action is audited ----------------


@transaction.atomic
def audit_entry_add(
    *,
    staff: User,
    action: str,
    person: User | None = None,
    query: str = "",
    results: int | None = None,
    channel: str = "",
    reason: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        staff=staff,
        staff_name=f"{staff.get_full_name() or staff.email} <{staff.email}>",
        person=person,
        action=action,
        query=query[:200],
        results=results,
        channel=channel,
        reason=reason[:300],
    )


@transaction.atomic
def person_note_add(*, person: User, author: User, text: str) -> PersonNote:
    note = PersonNote.objects.create(person=person, author=author, text=text.strip())
    audit_entry_add(staff=author, action=AuditEntry.Action.NOTE_ADDED, person=person)
    return note


# --- Acting for a person (G1): the assisting context, opened and closed with a record --------


@transaction.atomic
def assisting_start(*, session, staff: User, person: User, channel: str, reason: str) -> None:
    """``staff`` acts for ``person`` in this session (by ``channel``, for ``reason``)."""
    if channel not in assisting.CHANNELS:
        raise ValueError(f"not an assisting channel: {channel}")
    current = session.get(assisting.SESSION_KEY)
    if isinstance(current, dict) and current.get("person_id") not in (None, person.pk):
        assisting_stop(session=session, staff=staff)
    assisting.session_store(session, person_id=person.pk, channel=channel, reason=reason.strip())
    audit_entry_add(
        staff=staff,
        action=AuditEntry.Action.ASSIST_STARTED,
        person=person,
        channel=channel,
        reason=reason.strip(),
    )


@transaction.atomic
def assisting_stop(*, session, staff: User) -> User | None:
    """Close the assisting context (if one is open); returns whom it was for."""
    kept = session.get(assisting.SESSION_KEY)
    assisting.session_clear(session)
    if not isinstance(kept, dict):
        return None
    person = User.objects.filter(pk=kept.get("person_id")).first()
    audit_entry_add(
        staff=staff,
        action=AuditEntry.Action.ASSIST_STOPPED,
        person=person,
        channel=str(kept.get("channel", "")),
    )
    return person


@transaction.atomic
def assisting_security_check(*, session, staff: User, person: User, answers: dict) -> bool:
    """The caller answered the security questions: passed or not, recorded with the
    questions asked (never the answers). A pass opens tier-2 pages for this call."""
    questions = security_questions.questions_for(person)
    passed = security_questions.answers_match(person, questions, answers)
    audit_entry_add(
        staff=staff,
        action=AuditEntry.Action.SECURITY_PASSED if passed else AuditEntry.Action.SECURITY_FAILED,
        person=person,
        query=", ".join(question.key for question in questions),
        channel=str((session.get(assisting.SESSION_KEY) or {}).get("channel", "")),
    )
    if passed:
        assisting.session_mark_checked(session)
    else:
        assisting.session_count_failure(session)
    return passed


# --- People who cannot self-serve (G2) ---------------------------------------------------


@transaction.atomic
def person_record_create(
    *,
    staff: User,
    first_name: str,
    last_name: str,
    phone=None,
    email: str | None = None,
    address: Address | None = None,
    manual_address: str = "",
    manual_postcode: str = "",
) -> User:
    """Record a person who cannot self-serve: no password (they cannot sign in until they
    claim it); told by text message when they have a mobile and no e-mail."""
    phone = to_python(phone, region="GB") if phone else None
    person = User(
        email=(email or "").strip().lower() or None,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone or "",
        address=address,
        manual_address="" if address else manual_address.strip(),
        manual_postcode="" if address else manual_postcode,
        recorded_by=staff,
    )
    if not person.email and phone and is_mobile(phone):
        person.preferred_channel = User.Channel.SMS
    person.set_unusable_password()
    person.save()
    audit_entry_add(staff=staff, action=AuditEntry.Action.PERSON_RECORDED, person=person)
    return person


@transaction.atomic
def claim_code_give(*, staff: User, person: User) -> str:
    """A new one-time code for ``person`` to claim their record (earlier ones stop working).
    Returned once, to show the agent; only its digest is kept."""
    if not claims.is_unclaimed(person):
        raise ValueError("only a record the contact centre made, not yet claimed")
    now = clock.now()
    ClaimCode.objects.filter(person=person, used_at__isnull=True).update(used_at=now)
    code = claims.code_new()
    ClaimCode.objects.create(
        person=person,
        digest=claims.code_digest(code),
        created_by=staff,
        expires_at=claims.code_expiry(now),
    )
    audit_entry_add(staff=staff, action=AuditEntry.Action.CLAIM_CODE_GIVEN, person=person)
    return code


@transaction.atomic
def person_claim(*, user: User, code: str) -> User | None:
    """``user`` claims the record a code names: its requests, notes and history become
    theirs (what they have not told us themselves, phone and address, too), and the
    recorded person is closed. None for a wrong, used or expired code."""
    found = (
        ClaimCode.objects.select_for_update()
        .select_related("person")
        .filter(digest=claims.code_digest(code), used_at__isnull=True, expires_at__gt=clock.now())
        .first()
    )
    if found is None or found.person_id == user.pk or not claims.is_unclaimed(found.person):
        return None
    person = found.person
    found.used_at = clock.now()
    found.save(update_fields=["used_at"])
    claims.person_rows_move(source=person, target=user)
    changed = []
    for name in ("phone", "address", "manual_address", "manual_postcode"):
        if not getattr(user, name) and getattr(person, name):
            setattr(user, name, getattr(person, name))
            changed.append(name)
    if changed:
        user.save(update_fields=changed)
    person.is_active = False
    person.closed_at = clock.now()
    person.email = None
    person.save(update_fields=["is_active", "closed_at", "email"])
    home_snapshot_forget(user_ids=[user.pk, person.pk])
    return person
