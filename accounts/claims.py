"""People the contact centre records for someone who cannot self-serve (G2), and how they
later claim that record online: no duplicate person.

- With the e-mail address the agent recorded: registering with it finds the record
  (allauth says an account exists and offers to set a password: the link in that e-mail
  proves the mailbox is theirs), and they sign in to the record and its requests.
- With a one-time claim code the agent gives on the phone or posts: shown once to the
  agent, kept only as a keyed digest, it expires. Entered from the person's own new
  account, it moves the record's requests, notes and history onto that account, and
  closes the recorded one.
"""

from __future__ import annotations

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.crypto import salted_hmac

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out on the phone
CODE_LENGTH = 8
CODE_DAYS = 30


def code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def code_digest(code: str) -> str:
    compact = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    return salted_hmac("accounts.claims", compact).hexdigest()


def code_expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=getattr(settings, "CLAIM_CODE_DAYS", CODE_DAYS))


def is_unclaimed(person) -> bool:
    """Recorded by the contact centre and never signed in to online."""
    return bool(person.recorded_by_id) and not person.has_usable_password()


def _moves(user_model):
    """Every foreign key to a person, in every app (so accounts names none of them)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is user_model:
                yield model, field


def person_rows_move(*, source, target) -> None:
    """Everything that names ``source`` names ``target`` instead. A row that cannot move
    (``target`` already has one like it: a draft of the same request type) stays."""
    user_model = type(source)
    for model, field in _moves(user_model):
        if model is user_model:
            continue
        rows = model._default_manager.filter(**{field.attname: source.pk})
        try:
            with transaction.atomic():
                rows.update(**{field.attname: target.pk})
        except IntegrityError:
            for pk in rows.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        model._default_manager.filter(pk=pk).update(**{field.attname: target.pk})
                except IntegrityError:
                    continue


def claimed_by_password_reset(sender, request, user, **kwargs) -> None:
    """allauth's ``password_reset`` signal: a recorded person (never verified) who set a
    password from the link sent to their recorded address has shown the mailbox is
    theirs, so it is their verified address now, and they sign in to their record."""
    if not getattr(user, "recorded_by_id", None) or not user.email:
        return
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        return  # claimed before: their own addresses are theirs to manage
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress(user=user, email=user.email)
    address.verified, address.primary = True, True
    address.save()
