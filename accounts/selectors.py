import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    Address,
    AuditEntry,
    IdentityProviderDevice,
    PersonNote,
    SMSDevice,
    User,
)
from accounts.person_query import PersonQuery, best_word_likeness, likeness, person_query_parse
from core import clock


def address_list_for_postcode(*, postcode: str) -> list[Address]:
    """Gazetteer entries at a normalised postcode, in a sensible reading order."""
    addresses = list(Address.objects.filter(postcode=postcode).select_related("ward"))
    return sorted(addresses, key=_address_sort_key)


def _address_sort_key(address: Address):
    # "2 Mill Lane" before "10 Mill Lane": number-aware ordering of the first line.
    first, _sep, rest = address.line1.partition(" ")
    number = int(first) if first.isdigit() else float("inf")
    return (rest if number != float("inf") else address.line1, number, address.line1)


def address_get(*, uprn: int) -> Address | None:
    return Address.objects.select_related("ward").filter(uprn=uprn).first()


def device_list(*, user, confirmed: bool | None = True) -> list:
    """The user's second-factor devices, strongest first."""
    order = {TOTPDevice: 0, SMSDevice: 1, EmailDevice: 2, StaticDevice: 3}
    devices = [
        device
        for device in devices_for_user(user, confirmed=confirmed)
        if not isinstance(device, IdentityProviderDevice)  # not one to verify with here
    ]
    return sorted(devices, key=lambda d: (order.get(type(d), 9), d.pk))


def user_has_second_factor(*, user) -> bool:
    return any(not isinstance(d, StaticDevice) for d in device_list(user=user))


def backup_codes_remaining(*, user) -> int:
    device = StaticDevice.objects.filter(user=user, name="backup").first()
    return device.token_set.count() if device else 0


def _mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 1)}@{domain}"


def _mask_phone(number) -> str:
    digits = str(number)
    return f"{'•' * (len(digits) - 3)}{digits[-3:]}"


def device_destination(device) -> str:
    """Where a device's codes are sent, masked: 's••@example.org', '•••••••••982'."""
    if isinstance(device, SMSDevice):
        return _mask_phone(device.number)
    if isinstance(device, EmailDevice):
        return _mask_email(device.email or device.user.email)
    return ""


def device_description(device) -> str:
    """How a device is described to its owner: enough to recognise, not to read out."""
    if isinstance(device, TOTPDevice):
        return _("Authenticator app (%(name)s)") % {"name": device.name}
    if isinstance(device, SMSDevice):
        return _("Text message to %(number)s") % {"number": device_destination(device)}
    if isinstance(device, EmailDevice):
        return _("Email to %(email)s") % {"email": device_destination(device)}
    if isinstance(device, StaticDevice):
        return _("A backup code")
    return device.name


@dataclass(frozen=True)
class CodeSent:
    """What to tell someone about the codes a device sends them (by e-mail or text)."""

    to: str  # masked, as device_destination
    pending: bool  # a code is out: not used, not expired
    sent_at: datetime.datetime | None  # when the newest code went, where the device records it
    resend_after: datetime.datetime | None  # no new code before this (the device's cooldown)
    failed: bool = False  # the last try could not be sent (the mail or text service is down)


def device_code_sent(*, device, failed: bool = False) -> CodeSent:
    now = clock.now()
    sent_at = getattr(device, "last_generated_timestamp", None)
    allowed, why = device.generate_is_allowed()
    return CodeSent(
        to=device_destination(device),
        pending=bool(device.token) and device.valid_until > now,
        sent_at=sent_at,
        resend_after=None if allowed else (why or {}).get("next_generation_at"),
        failed=failed,
    )


# --- Finding a person (staff: the contact centre, G1) --------------------------------------

PEOPLE_LIMIT = 20
FUZZY_CANDIDATES = 500  # rows read to rank near misses (typos) in Python
WORD_LIKENESS = 0.4  # PostgreSQL's word_similarity for candidates (its default, 0.6, misses typos)
CLOSE_ENOUGH = 0.7  # how alike (accounts.person_query.likeness) a near miss must be


def _people():
    return User.objects.filter(is_staff=False).select_related("address")


def _word_q(word: str, lookup: str) -> Q:
    return (
        Q(**{f"first_name__{lookup}": word})
        | Q(**{f"last_name__{lookup}": word})
        | Q(**{f"organisation_name__{lookup}": word})
        | Q(**{f"address__line1__{lookup}": word})
        | Q(**{f"manual_address__{lookup}": word})
    )


def _exact_q(query: PersonQuery) -> Q:
    """What was typed, matched as typed (any case, any spacing, part of a field)."""
    text = query.text
    if query.kind == "email":
        return Q(email__icontains=text)
    if query.kind == "phone":
        return Q(phone__contains=text)
    if query.kind == "digits":
        return Q(address_id=int(text)) | (Q(phone__contains=text) if len(text) >= 6 else Q())
    if query.kind == "postcode":
        return Q(address__postcode=text) | Q(manual_postcode__iexact=text)
    if query.kind == "postcode_start":
        return Q(address__postcode__startswith=text) | Q(manual_postcode__istartswith=text)
    found = Q()
    for word in query.words:
        found &= _word_q(word, "icontains")
    return found


def _near_q(query: PersonQuery) -> Q | None:
    """Near misses (typos): PostgreSQL's trigram indexes; on SQLite, what shares a start."""
    text = query.text
    postgres = connection.vendor == "postgresql"
    if query.kind == "email":
        local = text.split("@", 1)[0]
        return Q(email__trigram_similar=text) if postgres else Q(email__istartswith=local[:2])
    if query.kind == "postcode":
        if postgres:
            return Q(address__postcode__trigram_similar=text)
        outward, inward = text.split(" ")
        return (
            Q(address__postcode__startswith=f"{outward} ")
            | Q(address__postcode__endswith=f" {inward}")
            | Q(manual_postcode__istartswith=f"{outward} ")
        )
    if query.kind == "words":
        if postgres:  # any word like one of theirs; every word is judged by _likeness
            near = Q(pk__in=[])
            for word in query.words:
                near |= _word_q(word, "trigram_similar") | _word_q(word, "trigram_word_similar")
            return near
        near = Q()
        for word in query.words:
            near &= _word_q(word[:2], "icontains")
        return near
    return None


def _postcode_of(person) -> str:
    return person.address.postcode if person.address_id else person.manual_postcode


def _likeness(query: PersonQuery, person) -> float:
    if query.kind == "email":
        return likeness(query.text, person.email or "")
    if query.kind == "postcode":
        return likeness(query.text, _postcode_of(person))
    fields = [
        person.first_name,
        person.last_name,
        person.organisation_name,
        person.address.line1 if person.address_id else "",
        person.manual_address,
    ]
    return min(best_word_likeness(word, fields) for word in query.words)


def person_search(*, query: str, limit: int = PEOPLE_LIMIT) -> list[User]:
    """Residents matching what staff typed: name, e-mail, phone, postcode, address or UPRN.

    Exact and partial matches first; only when there are none, near misses (typos),
    closest first. PostgreSQL finds the candidates with its trigram indexes; SQLite
    reads the people who share a start with what was typed. Both are judged here.
    """
    parsed = person_query_parse(query)
    if parsed is None:
        return []
    found = list(
        _people().filter(_exact_q(parsed)).order_by("last_name", "first_name", "pk")[:limit]
    )
    near = _near_q(parsed)
    if found or near is None:
        return found
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a word of a longer field: a little looser
                cursor.execute(f"SET LOCAL pg_trgm.word_similarity_threshold = {WORD_LIKENESS}")
        candidates = list(_people().filter(near).order_by("pk")[:FUZZY_CANDIDATES])
    scored = [(_likeness(parsed, person), person) for person in candidates]
    scored = [pair for pair in scored if pair[0] >= CLOSE_ENOUGH]
    scored.sort(key=lambda pair: (-pair[0], pair[1].last_name, pair[1].pk))
    return [person for _score, person in scored[:limit]]


@dataclass(frozen=True)
class PersonSummary:
    """Just enough to tell two people apart in a list of search results."""

    person: User
    name: str
    address: str  # the first line and postcode only
    email: str  # masked
    registered: str


def person_summary(person: User) -> PersonSummary:
    if person.address_id:
        address = f"{person.address.line1}, {person.address.postcode}"
    else:
        first = next((line for line in person.manual_address.splitlines() if line.strip()), "")
        address = ", ".join(part for part in (first.strip(), person.manual_postcode) if part)
    kind = (
        _("Business account (%(organisation)s)") % {"organisation": person.organisation_name}
        if person.account_type == User.AccountType.BUSINESS
        else _("Personal account")
    )
    when = date_format(timezone.localtime(person.date_joined), "j F Y")
    registered = _("%(kind)s, registered online on %(date)s") % {"kind": kind, "date": when}
    if person.recorded_by_id:
        registered = _("Recorded by the contact centre on %(date)s") % {"date": when}
    if person.closed_at:
        registered = _("%(registered)s (account closed)") % {"registered": registered}
    return PersonSummary(
        person=person,
        name=person.get_full_name() or person.organisation_name or _("(no name given)"),
        address=address or _("No address given"),
        email=_mask_email(person.email) if person.email else "",
        registered=registered,
    )


def person_note_list(*, person: User) -> list[PersonNote]:
    return list(PersonNote.objects.filter(person=person).select_related("author"))


def audit_entry_list(*, person: User | None = None):
    entries = AuditEntry.objects.select_related("person")
    return entries.filter(person=person) if person is not None else entries
