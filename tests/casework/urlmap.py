"""The access matrix's entries for casework: cases, saved requests, the staff case pages and the back office's inbound URLs.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from accounts import roles
from tests.helpers import png, the_citizen
from tests.services.complaints.urlmap import complaint_case
from tests.services.highways.urlmap import saved_draft
from tests.services.waste.urlmap import bulky_draft
from tests.urlmap_types import Provided, Provider, Rule

STAFF_CASE_PAGES = (
    "staff:case",
    "staff:assign",
    "staff:reply",
    "staff:note",
    "staff:status",
    "staff:request_info",
    "staff:resolve",
    "staff:close",
    "staff:reject",
    "staff:duplicate",
    "staff:reopen",
)


TABLE: dict[str, Rule] = {
    # Machines, not people: each checks its own credentials.
    "inbound:status": Rule(why="back-office status updates (HMAC-signed JSON)"),
    "inbound:email": Rule(why="replies to the e-mail connector from a mail relay (bearer token)"),
    "inbound:file": Rule(
        why="a request's photo for the back office: whoever holds the signed link"
    ),
    # Saved answers: a visitor's draft is their session's (the journey engine's drafts).
    "drafts:visitor_save": Rule(
        why="a visitor's 'save and come back later' (an e-mailed link): the draft's owner only"
    ),
    "drafts:resume": Rule(
        status=404, why="an e-mailed link to saved answers: a made-up or used one says so"
    ),
}


REDIRECTING = {
    "drafts:continue",  # to the journey's step where the draft stopped
}


POST_ONLY = {
    "staff:person_claim_code",
    "casework:reply",
    "casework:follow",
    "casework:unfollow",
    "casework:rate",
    "casework:pay",
    "inbound:status",
    "inbound:email",
    "staff:outbox_retry",
}


NOT_HTML = {
    "casework:attachment",
    "staff:queue_csv",
    "staff:attachment",
    "inbound:status",
    "inbound:email",
    "inbound:file",
}


NOT_CRAWLED = {
    "inbound:status": "for back offices only, by signed POST",
    "inbound:email": "for a mail relay only, by POST with a token",
}


ADMIN_ONLY = {
    # Managers' reports: administrators, and the leads and managers of teams.
    "staff:satisfaction",
}


PAGE_PERMISSIONS = {
    "staff:assign": roles.ASSIGN,
    "staff:reply": roles.REPLY,
    "staff:note": roles.NOTE,
    "staff:status": roles.CHANGE_STATUS,
    "staff:request_info": roles.REQUEST_INFORMATION,
    "staff:resolve": roles.RESOLVE,
    "staff:close": roles.CLOSE,
    "staff:reject": roles.REJECT,
    "staff:duplicate": roles.MARK_DUPLICATE,
    "staff:reopen": roles.REOPEN,
    "staff:people": roles.FIND_PEOPLE,
    "staff:person": roles.FIND_PEOPLE,
    "staff:person_note": roles.FIND_PEOPLE,
    "staff:person_new": roles.FIND_PEOPLE,
    "staff:complaint_answer": roles.RESOLVE,
    "staff:ombudsman": roles.CHANGE_STATUS,
}


def _own_draft(user, session) -> Provided:
    from casework.drafts import draft_save
    from tests.casework.factories import RequestTypeFactory

    request_type = RequestTypeFactory(slug="report-a-broken-bench", name="Report a broken bench")
    draft = draft_save(
        user=user, request_type=request_type, answers={"where": "the park"}, step="where"
    )
    return Provided({"draft_id": draft.pk}, draft)


def _saved_requests(user, session) -> Provided:
    """The list is checked with a saved request in it, not only its empty state."""
    if user is None:
        return Provided({})
    return Provided({}, _own_draft(user, session).obj)


def _resident_case(user, *, outcome: str = "", attachment: bool = False, followable=False):
    """A case of ``user``'s, as the resident would see it after some work on it.

    ``outcome``: "" (waiting for the resident to answer a question: the case page
    then shows the most: the question, the reply form, a file upload) or "resolved".
    """

    from casework import actions
    from casework.attachments import attachment_add
    from tests.casework.factories import RequestTypeFactory

    request_type = RequestTypeFactory(
        slug="report-a-broken-bench-followable" if followable else "report-a-broken-bench",
        name="Report a broken bench",
        followable=followable,
    )
    case = actions.case_submit(
        request_type=request_type,
        resident=user,
        answers={"where": "By the pond in Mill Park", "how_urgent": "Someone could get hurt"},
        summary="The bench by the pond has a broken slat.",
        location_text="Mill Park, by the pond",
    )
    found = None
    if attachment:
        upload = png("bench.png")
        found = attachment_add(
            case=case, event=case.events.first(), upload=upload, uploaded_by=user
        )
    actions.case_acknowledge(case=case)
    if outcome == "resolved":
        actions.case_resolve(case=case, actor=None, message="We have mended the bench.")
    else:
        actions.case_request_information(
            case=case, actor=None, message="Which side of the pond is the bench on?"
        )
    return case, found


def _back_office_file(user, session) -> Provided:
    """A signed link to someone's photo, as a back office gets it (any holder may use it)."""
    from casework.attachments import back_office_file_url
    from tests.factories import UserFactory

    _case, attachment = _resident_case(UserFactory(), attachment=True)
    return Provided({"token": back_office_file_url(attachment).rsplit("/", 1)[1]}, attachment)


def _own_case(user, session) -> Provided:
    case, _attachment = _resident_case(user, attachment=True)
    return Provided({"reference": case.reference}, case)


def _own_booked_case(user, session) -> Provided:
    """A case with an appointment that can still be changed (casework.bookings)."""
    from casework.bookings.actions import booking_make
    from casework.bookings.models import BookingCalendar
    from casework.bookings.selectors import option_list

    case, _attachment = _resident_case(user)
    calendar, _made = BookingCalendar.objects.get_or_create(
        request_type=case.request_type, defaults={"lead_working_days": 5}
    )
    booking_make(case=case, calendar=calendar, choice=option_list(calendar)[0].value, actor=user)
    return Provided({"reference": case.reference}, case)


def _own_finished_case(user, session) -> Provided:
    case, _attachment = _resident_case(user, outcome="resolved")
    return Provided({"reference": case.reference}, case)


def _own_followable_case(user, session) -> Provided:
    case, _attachment = _resident_case(user, followable=True)
    return Provided({"reference": case.reference}, case)


def _own_attachment(user, session) -> Provided:
    case, attachment = _resident_case(user, attachment=True)
    return Provided({"reference": case.reference, "attachment_id": attachment.pk}, attachment)


def _staff_case(visitor, session) -> Provided:
    """A case of the citizen fixture's, some way into its work: the staff case page
    and each action's page then show the most. Agents and admins may see every case."""
    from django.core.files.base import ContentFile

    from casework import actions
    from casework.models import Attachment, Case, ResponseTemplate
    from tests.casework.factories import RequestTypeFactory
    from tests.factories import AddressFactory

    resident = the_citizen()
    request_type = RequestTypeFactory(slug="staff-broken-bench", name="Report a broken bench")
    ResponseTemplate.objects.get_or_create(
        name="Thanks, booked", defaults={"body": "Thank you. We have booked a repair."}
    )
    case = actions.case_submit(
        request_type=request_type,
        resident=resident,
        answers={"where": "By the pond", "how_urgent": "Someone could get hurt"},
        summary="The bench by the pond has a broken slat.",
        address=AddressFactory(),
        location_text="Mill Park, by the pond",
    )
    actions.case_acknowledge(case=case)
    if visitor is not None and visitor.is_staff:
        # Within the visitor's reach whatever their role: a case of their team, raised
        # by them (councillors follow the enquiries they raised).
        case.team.members.add(visitor)
        Case.objects.filter(pk=case.pk).update(created_by=visitor)
        actions.case_add_note(case=case, actor=visitor, message="Checked: it is ours.")
    attachment = Attachment.objects.create(
        case=case,
        file=ContentFile(b"%PDF-1.4 bench", name="bench.pdf"),
        original_name="bench.pdf",
        content_type="application/pdf",
        size=14,
        uploaded_by=resident,
    )
    return Provided({"reference": case.reference}, attachment)


def _staff_case_ref(visitor, session) -> Provided:
    provided = _staff_case(visitor, session)
    return Provided(provided.kwargs, provided.obj.case)


def _staff_queue(visitor, session) -> Provided:
    """The queue with a case in it, so that its table is checked too."""
    return Provided({}, _staff_case(visitor, session).obj.case)


def _staff_attachment(visitor, session) -> Provided:
    provided = _staff_case(visitor, session)
    return Provided({**provided.kwargs, "attachment_id": provided.obj.pk}, provided.obj)


def _own_answered_complaint(user, session) -> Provided:
    case = complaint_case(user, answered=True)
    return Provided({"reference": case.reference}, case)


def _staff_complaint(answered: bool):
    def make(visitor, session) -> Provided:

        resident = the_citizen()
        case = complaint_case(resident, answered=answered)
        if visitor is not None and visitor.is_staff and case.team is not None:
            # Within the visitor's reach, as the other staff case pages: their team's case,
            # raised by them.
            case.team.members.add(visitor)
            type(case).objects.filter(pk=case.pk).update(created_by=visitor)
        return Provided({"reference": case.reference}, case)

    return make


def person_record(visitor, session) -> Provided:
    """A resident's record, as the contact centre opens it: with a case, a message and a note."""
    from accounts.actions import person_note_add

    person = the_citizen()
    case = _staff_case(visitor, session).obj.case
    case.events.create(kind="message_sent", data={"audience": "resident", "channel": "email"})
    if visitor is not None and visitor.is_staff:
        person_note_add(person=person, author=visitor, text="Prefers a call after 2pm.")
    return Provided({"person_id": person.pk}, person)


PROVIDERS: dict[str, Provider] = {
    "staff:person": Provider(person_record),
    "staff:person_claim_code": Provider(person_record),
    "staff:person_note": Provider(person_record),
    "inbound:file": Provider(_back_office_file),
    "drafts:visitor_save": Provider(saved_draft, owned=True),
    "drafts:resume": Provider(lambda user, session: Provided({"secret": "x" * 43})),
    "casework:escalate": Provider(_own_answered_complaint, owned=True),
    "staff:complaint_answer": Provider(_staff_complaint(answered=False)),
    "staff:ombudsman": Provider(_staff_complaint(answered=True)),
    **{name: Provider(_staff_case_ref) for name in STAFF_CASE_PAGES},
    "staff:attachment": Provider(_staff_attachment),
    "staff:queue": Provider(_staff_queue),
    "casework:detail": Provider(_own_case, owned=True),
    "casework:reply": Provider(_own_case, owned=True),
    "casework:withdraw": Provider(_own_case, owned=True),
    "casework:appointment_change": Provider(_own_booked_case, owned=True),
    "casework:appointment_cancel": Provider(_own_booked_case, owned=True),
    "casework:reopen": Provider(_own_finished_case, owned=True),
    "casework:rate": Provider(_own_finished_case, owned=True),
    "casework:pay": Provider(_own_case, owned=True),
    "casework:follow": Provider(_own_followable_case, owned=True),
    "casework:unfollow": Provider(_own_followable_case, owned=True),
    "casework:attachment": Provider(_own_attachment, owned=True),
    "drafts:delete": Provider(_own_draft, owned=True),
    "drafts:continue": Provider(bulky_draft, owned=True),
    "drafts:list": Provider(_saved_requests),
    "inbound:status": Provider(lambda user, session: Provided({"connector": "webhook"})),
}
