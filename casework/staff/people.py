"""Finding a person and their record, for the contact centre (G1): reads, each one audited.

accounts finds people by what it holds (names, e-mail, phone, address, UPRN); a case
reference is casework's, so it is looked up here first. Every search and every look
at a record writes an ``accounts.AuditEntry`` (who, whom, when, what was typed).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import claims
from accounts.actions import audit_entry_add
from accounts.models import AuditEntry, PersonNote, User
from accounts.selectors import PersonSummary, person_note_list, person_search, person_summary
from casework import workflow
from casework.access import staff_case_queryset
from casework.models import Case, CaseEvent
from casework.references import normalise_reference
from casework.staff.selectors import channel_label, staff_status_label, status_tag_class

CONTACT_HISTORY_LIMIT = 50


def _person_with_case(reference: str) -> list[User]:
    case = (
        Case.objects.filter(reference=reference, resident__isnull=False, resident__is_staff=False)
        .select_related("resident", "resident__address")
        .first()
    )
    return [case.resident] if case else []


@transaction.atomic
def people_search(*, staff: User, query: str) -> list[PersonSummary]:
    """The people matching ``query`` (a case reference first), the search audited."""
    reference = normalise_reference(query)
    found = _person_with_case(reference) if reference else []
    if not found:
        found = person_search(query=query)
    audit_entry_add(
        staff=staff, action=AuditEntry.Action.SEARCHED, query=query.strip(), results=len(found)
    )
    return [person_summary(person) for person in found]


@dataclass(frozen=True)
class CaseRow:
    case: Case
    status: str
    tag_class: str
    channel: str
    visible: bool  # this member of staff may open it


@dataclass(frozen=True)
class ContactRow:
    event: CaseEvent
    what: str
    channel: str


@dataclass(frozen=True)
class PersonRecord:
    person: User
    summary: PersonSummary
    open_cases: list[CaseRow]
    finished_cases: list[CaseRow]
    contacts: list[ContactRow]
    notes: list[PersonNote]
    unclaimed: bool  # recorded by the contact centre, no online account yet


def _case_rows(staff: User, person: User) -> list[CaseRow]:
    cases = list(
        Case.objects.filter(resident=person)
        .select_related("request_type")
        .order_by("-created_at", "-id")
    )
    visible = set(staff_case_queryset(staff).filter(resident=person).values_list("pk", flat=True))
    return [
        CaseRow(
            case=case,
            status=staff_status_label(case.status),
            tag_class=status_tag_class(case.status),
            channel=channel_label(case.channel),
            visible=case.pk in visible,
        )
        for case in cases
    ]


def _contact_what(event: CaseEvent, person: User) -> str:
    if event.kind == CaseEvent.Kind.MESSAGE_SENT:
        by_text = event.data.get("channel") == "sms"
        return _("Text message sent") if by_text else _("Email sent")
    if event.actor_id == person.pk:
        return _("Reply from the resident")
    return _("Message from the council")


def _contacts(person: User) -> list[ContactRow]:
    events = (
        CaseEvent.objects.filter(
            Q(kind=CaseEvent.Kind.MESSAGE_SENT, data__audience="resident")
            | (Q(public=True) & ~Q(message="") & ~Q(kind=CaseEvent.Kind.SUBMITTED)),
            case__resident=person,
        )
        .select_related("case")
        .order_by("-created_at", "-id")[:CONTACT_HISTORY_LIMIT]
    )
    return [
        ContactRow(
            event=event, what=_contact_what(event, person), channel=channel_label(event.channel)
        )
        for event in events
    ]


@transaction.atomic
def person_record(*, staff: User, person: User) -> PersonRecord:
    """What staff see of a person (never a second factor), the look audited."""
    audit_entry_add(staff=staff, action=AuditEntry.Action.VIEWED, person=person)
    rows = _case_rows(staff, person)
    return PersonRecord(
        person=person,
        summary=person_summary(person),
        open_cases=[row for row in rows if workflow.is_open(row.case.status)],
        finished_cases=[row for row in rows if not workflow.is_open(row.case.status)],
        contacts=_contacts(person),
        notes=person_note_list(person=person),
        unclaimed=claims.is_unclaimed(person),
    )
