"""Every page of the portal, who may open it, and what everyone else gets.

Shared by the access matrix (tests/test_access_matrix.py, Django test client)
and the browser suite (tests/e2e/, real Chromium with axe), so that a new page
is checked by both the moment its URL exists.

Where a page's tier comes from:
- our own views declare it with the decorators in accounts/decorators.py
  (``auth_tier`` 1 or 2, ``staff_only``), read here from the view;
- pages we do not decorate (allauth's, the Django admin's, and the ones that are
  deliberately public) are listed in ``TABLE`` below, with what allauth does.

A named URL in neither place makes ``classification_problems()`` report it, and
the access matrix fails: every future page gets classified by whoever adds it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.access import login_url, step_up_url
from tests.conftest import signed_in
from tests.factories import add_totp_device

STAFF_PREFIXES = ("/staff/", "/admin/")


# --- What we know about pages the decorators do not mark --------------------------


@dataclass(frozen=True)
class Rule:
    """How an undecorated page is meant to behave.

    ``signed_in_to``: entrance pages (sign in, create an account) send people who
    are already signed in on to this URL name instead.
    ``anonymous_to``: pages that only make sense inside a flow (enter the code we
    e-mailed you) send a visitor who arrives cold to this URL name.
    """

    tier: int = 0
    staff_only: bool = False
    signed_in_to: str | None = None
    anonymous_to: str | None = None
    why: str = ""
    status: int = 200  # what a plain GET gets once past the gates (an API's own "not found")


OPEN311 = (
    "open311:discovery",
    "open311:services",
    "open311:service_definition",
    "open311:requests",
    "open311:request",
    "open311:request_updates",
)

TABLE: dict[str, Rule] = {
    # Deliberately public.
    "home": Rule(why="start page"),
    "healthz": Rule(why="load balancer probe (JSON)"),
    "privacy": Rule(why="privacy notice"),
    "accessibility": Rule(why="accessibility statement"),
    "cookies": Rule(why="cookie notice"),
    "waste:start": Rule(why="bin days and waste services: open to everyone"),
    # Bin days are not personal data: anyone may look up any address's.
    "waste:collections_find": Rule(why="find bin days by postcode"),
    "waste:collections_choose": Rule(
        status=302, why="choose an address: without a postcode, back to the postcode page"
    ),
    "waste:collections": Rule(why="an address's bin days"),
    "waste:collections_ics": Rule(why="an address's bin days as an iCalendar feed"),
    "waste:collections_pdf": Rule(why="an address's printable calendar, made in the background"),
    "waste:reminders_unsubscribe": Rule(
        why="stop bin reminders from a message: whoever holds the link; GET asks, POST stops"
    ),
    "accounts:reminder_stop": Rule(
        why="stop any reminder from its message: whoever holds the signed link; GET asks, "
        "POST stops"
    ),
    # allauth: entrance pages. Signed-in people are sent to their account.
    "account_login": Rule(signed_in_to="account_home"),
    "account_signup": Rule(signed_in_to="account_home"),
    "account_request_login_code": Rule(signed_in_to="account_home"),
    "account_confirm_login_code": Rule(
        anonymous_to="account_request_login_code",
        signed_in_to="account_home",
        why="only inside a sign-in-by-code flow",
    ),
    "account_email_verification_sent": Rule(
        anonymous_to="account_login",
        signed_in_to="account_email",
        why="enter the e-mailed code: only inside a verification flow",
    ),
    "account_inactive": Rule(why="explains a closed account"),
    "account_reset_password": Rule(),
    "account_reset_password_done": Rule(),
    "account_reset_password_from_key": Rule(why="a bad or used link says so"),
    "account_reset_password_from_key_done": Rule(),
    "account_logout": Rule(
        anonymous_to="home", why="GET only asks 'are you sure?'; signing out is a POST"
    ),
    # allauth's OpenID Connect sign-in for staff (accounts.staff_sign_in). No provider is
    # configured in the test settings, so its pages answer 404 (tests/accounts/
    # test_staff_sign_in.py runs the whole flow against the fake identity provider).
    "openid_connect_login": Rule(status=404, why="staff sign-in by OIDC: none configured here"),
    "openid_connect_callback": Rule(status=404, why="back from the identity provider"),
    "socialaccount_login_cancelled": Rule(why="says the identity provider sign-in was cancelled"),
    "socialaccount_login_error": Rule(status=401, why="says the identity provider sign-in failed"),
    "socialaccount_signup": Rule(
        anonymous_to="account_login",
        signed_in_to="account_login",
        status=302,
        why="only inside an identity provider sign-in (we sign staff up without a form)",
    ),
    # allauth: need sign-in (allauth's own login_required).
    "socialaccount_connections": Rule(tier=1, why="accounts linked to the identity provider"),
    "account_email": Rule(tier=1),
    "account_change_password": Rule(tier=1),
    "account_set_password": Rule(
        tier=1, signed_in_to="account_change_password", why="only for accounts without one"
    ),
    "account_reauthenticate": Rule(tier=1),
    # Machines, not people: each checks its own credentials.
    "notify:callback": Rule(why="GOV.UK Notify delivery receipts (bearer token)"),
    "inbound:status": Rule(why="back-office status updates (HMAC-signed JSON)"),
    "inbound:email": Rule(why="replies to the e-mail connector from a mail relay (bearer token)"),
    "pay_webhook:webhook": Rule(why="GOV.UK Pay webhooks (HMAC-signed JSON)"),
    "inbound:file": Rule(
        why="a request's photo for the back office: whoever holds the signed link"
    ),
    # Payments: residents without an account pay too, so these check their own way.
    "pay:return": Rule(why="back from the payment provider: the owner, or the browser that paid"),
    "pay:fake_card": Rule(why="the fake payment provider's card page: whoever holds the link"),
    # Service start pages: public, like GOV.UK's; making a request needs sign-in.
    "general:start": Rule(why="General enquiries start page (continuing a draft signs in)"),
    "complaints:start": Rule(why="complaints and compliments start page (making one signs in)"),
    "forms:start": Rule(why="the list of admin-built request types (making one signs in)"),
    # Street reports anyone may see, without personal data (following one signs in).
    "highways:public_list": Rule(why="public list and map of street reports"),
    "highways:public_pins": Rule(why="the public list's map pins (GeoJSON)"),
    "highways:public_detail": Rule(why="a street report's public page"),
    "local:find": Rule(why="find my local: councillors, polling station, places by postcode"),
    "performance:standards": Rule(why="the council's published service standards and figures"),
    "performance:standards_csv": Rule(why="the service standards' monthly figures as CSV"),
    # Reporting a street problem: anyone, signed in or with a name and a way to reach them
    # (a category an admin raises to tier 1 or 2 asks for sign-in). Its steps are the
    # journey engine's, open to visitors (tier 0): a visitor's draft is their session's.
    "highways:report_start": Rule(why="report a street problem: no account needed"),
    "drafts:visitor_save": Rule(
        why="a visitor's 'save and come back later' (an e-mailed link): the draft's owner only"
    ),
    "drafts:resume": Rule(
        status=404, why="an e-mailed link to saved answers: a made-up or used one says so"
    ),
    **{
        f"highways:report_old_{step}": Rule(status=302, why="an old step address: to the start")
        for step in (
            "before-you-start",
            "where",
            "already-reported",
            "details",
            "about-you",
            "check",
        )
    },
    "highways:report_nearest": Rule(
        status=400, why="the report map's nearest address (JSON): 400 without a point"
    ),
    **{
        name: Rule(why="Open311 GeoReport v2: public data; POST needs an api_key")
        for name in OPEN311
    },
    "open311:token": Rule(status=404, why="Open311: we never issue tokens, so none is found"),
    # Django admin: StaffTierMiddleware and PortalAdminSite.has_permission.
    "admin:index": Rule(tier=2, staff_only=True),
}

# The members' area (/staff/members/): those who hold MEMBER_PERMISSIONS (councillors,
# member support officers; administrators hold every permission), so every other role of
# the matrix gets 403 there. Members and their support officers are tried in
# tests/services/members/test_access.py, where an enquiry is theirs or another member's.
MEMBER_PERMISSIONS = (roles.RAISE_MEMBER_ENQUIRY, roles.SUPPORT_MEMBERS)
MEMBERS_ONLY = {
    "members:home",
    "members:wards",
    "members:enquiry",
    "members:enquiry_message",
    "members:letter",
    "members:letter_sent",
    "members:letter_pdf",
    "members:enquiry_new",
    "members:enquiry_step",
    "members:enquiry_check",
    "members:enquiry_sent",
}

# Views that refuse GET (the matrix expects 405 once the access gates are passed).
# Decorated pages whose GET sends the person on (302) once past the gates.
REDIRECTING = {
    "drafts:continue",  # to the journey's step where the draft stopped
    # Council tax pages that act on the linked account: no account linked, on to linking.
    "counciltax:pay",
    "counciltax:paperless",
    "counciltax:reminders",
}

POST_ONLY = {
    "home_message_dismiss",
    "assisting:stop",
    "staff:person_claim_code",
    "accounts:address_choose",
    "members:enquiry_message",
    "members:letter_pdf",
    "casework:reply",
    "casework:follow",
    "casework:unfollow",
    "casework:rate",
    "casework:pay",
    "notify:callback",
    "inbound:status",
    "inbound:email",
    "pay_webhook:webhook",
    "staff:outbox_retry",
    "waste:reminders_stop",
    "highways:report_follow",
    "waste:bulky_pay",
    "waste_staff:bulky_collected",
    "counciltax:document",
}
# Not HTML: no axe, no h1.
NOT_HTML = {
    "healthz",
    "accounts:data_download_json",
    "casework:attachment",
    "staff:queue_csv",
    "complaints_staff:report_csv",
    "staff:attachment",
    "notify:callback",
    "inbound:status",
    "inbound:email",
    "pay_webhook:webhook",
    "inbound:file",
    *OPEN311,
    "open311:token",
    "highways:public_pins",
    "highways:report_nearest",
    "waste:collections_ics",
    "documents:download",
    "performance:standards_csv",
    "insight:dashboard_csv",
    "insight:wards_csv",
}
# Pages the browser crawl must not visit.
NOT_CRAWLED = {
    "account_logout": "a crawl must not sign itself out",
    "notify:callback": "for GOV.UK Notify only, by POST",
    "inbound:status": "for back offices only, by signed POST",
    "inbound:email": "for a mail relay only, by POST with a token",
    "pay_webhook:webhook": "for GOV.UK Pay only, by signed POST",
    "waste:collections_pdf": (
        "a download once made (an eager worker makes it at once); its waiting and failed "
        "pages are checked with axe in tests/e2e/test_waste_collections.py"
    ),
    **{name: "Open311 API (XML and JSON), not pages" for name in (*OPEN311, "open311:token")},
    "documents:download": "a PDF download (tests/e2e/test_council_tax.py downloads one)",
}


# --- Arguments: what a URL's parameters name ---------------------------------------


@dataclass(frozen=True)
class Provided:
    kwargs: dict
    obj: object | None = None  # the thing the URL names, to check it survived


@dataclass(frozen=True)
class Provider:
    """Fills a URL's arguments (and any session state the page needs) for ``user``.

    ``owned``: the arguments name something that belongs to a person, so another
    resident asking for it must get 404. For owned providers ``user`` is the
    owner; otherwise it is the visitor (None when anonymous).
    """

    make: Callable[..., Provided]
    owned: bool = False


def _own_device(user, session) -> Provided:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_totp_device(user)
    return Provided({"kind": "app", "device_id": device.pk}, device)


def _sms_enrolment(user, session) -> Provided:
    """The text-message confirm page needs an enrolment in progress."""
    if user is None:
        return Provided({})
    from accounts.models import SMSDevice
    from accounts.views import SMS_ENROL_DEVICE

    device = SMSDevice.objects.create(user=user, number="+447700900982", confirmed=False)
    session[SMS_ENROL_DEVICE] = device.pk
    return Provided({}, device)


def _reset_key(user, session) -> Provided:
    return Provided({"uidb36": "0", "key": "not-a-real-key"})


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
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

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
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "green").save(image, format="PNG")
        upload = SimpleUploadedFile("bench.png", image.getvalue(), content_type="image/png")
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

    from accounts.models import User
    from casework import actions
    from casework.models import Attachment, Case, ResponseTemplate
    from tests.casework.factories import RequestTypeFactory
    from tests.factories import AddressFactory, UserFactory

    resident = User.objects.filter(email="sam@example.org").first() or UserFactory(
        first_name="Sam", email="sam@example.org"
    )
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


def _complaint_types():
    from casework.request_types import request_types_sync

    request_types_sync()


def _complaint_case(user, *, answered: bool = False):
    """A complaint of ``user``'s at stage 1; ``answered``: with its stage 1 answer."""
    from casework import actions
    from casework.models import RequestType

    _complaint_types()
    case = actions.case_submit(
        request_type=RequestType.objects.get(slug="complaint"),
        resident=user,
        answers={"What happened?": "The crew missed our street three times."},
        summary="Bins not collected",
    )
    actions.case_complaint_open(case=case)
    actions.case_acknowledge(case=case)
    if answered:
        actions.case_complaint_answer(
            case=case, actor=None, message="Sorry.", root_cause="delay", upheld="upheld"
        )
    return case


def _own_answered_complaint(user, session) -> Provided:
    case = _complaint_case(user, answered=True)
    return Provided({"reference": case.reference}, case)


def _staff_complaint(answered: bool):
    def make(visitor, session) -> Provided:
        from accounts.models import User
        from tests.factories import UserFactory

        resident = User.objects.filter(email="sam@example.org").first() or UserFactory(
            first_name="Sam", email="sam@example.org"
        )
        case = _complaint_case(resident, answered=answered)
        if visitor is not None and visitor.is_staff and case.team is not None:
            # Within the visitor's reach, as the other staff case pages: their team's case,
            # raised by them.
            case.team.members.add(visitor)
            type(case).objects.filter(pk=case.pk).update(created_by=visitor)
        return Provided({"reference": case.reference}, case)

    return make


def _complaints_step(journey: str, step: str, answered=()):
    """A page of the complaint or compliment journey with the steps before it answered."""
    data = {
        "about": {"about": "waste", "summary": "Bins not collected"},
        "what": {"what_happened": "Missed three times.", "what_went_well": "Kind crew."},
        "put-right": {"put_right": "Collect them."},
        "contact": {"contact_by": "email"},
    }

    def make(user, session) -> Provided:
        from casework.journeys.actions import journey_answer
        from casework.models import RequestType
        from services.complaints.journey import COMPLAINT, COMPLIMENT

        _complaint_types()
        found = journey == "complaint" and COMPLAINT or COMPLIMENT
        if user is not None:
            for name in answered:
                journey_answer(
                    journey=found, user=user, url_kwargs={}, step_name=name, data=data[name]
                )
        kwargs = {"step_name": step} if step else {}
        return Provided(kwargs, RequestType.objects.get(slug=journey))

    return make


def _complaints_sent(journey: str):
    def make(user, session) -> Provided:
        from casework import actions
        from casework.models import RequestType

        _complaint_types()
        case = actions.case_submit(
            request_type=RequestType.objects.get(slug=journey),
            resident=user,
            answers={},
            summary="Kind crew",
        )
        return Provided({"reference": case.reference}, case)

    return make


def _home_message(user, session) -> Provided:
    """A message on everyone's home today (hiding it is for the person it is shown to)."""
    from django.utils import timezone

    from portal.models import HomeMessage

    today = timezone.localdate()
    message = HomeMessage.objects.create(
        title="Garden waste renewals open", body="Renew now.", starts_on=today, ends_on=today
    )
    return Provided({"message_id": message.pk}, message)


def _open311_format(user, session) -> Provided:
    return Provided({"format": "xml"})


def _open311_service(user, session) -> Provided:
    from tests.casework.factories import RequestTypeFactory

    request_type = RequestTypeFactory(slug="pothole", name="Report a pothole", public=True)
    return Provided({"format": "json", "code": request_type.slug}, request_type)


def _open311_request(user, session) -> Provided:
    from casework import actions

    case = actions.case_submit(
        request_type=_open311_service(user, session).obj,
        answers={"description": "A deep pothole"},
        summary="A deep pothole",
        latitude=52.1,
        longitude=-1.2,
        location_text="High Street, outside the library",
        channel="api",
    )
    return Provided({"format": "xml", "service_request_id": case.reference}, case)


def _payment(user):
    """A payment of ``user``'s (None: without an account) at the fake provider, not yet paid."""
    from integrations.pay.actions import payment_create

    return payment_create(
        amount_pence=4500,
        description="Book a pest control treatment",
        reference="MB-PAY-0001",
        purpose="",
        return_to="/",
        owner=user,
    )


def _own_payment(user, session) -> Provided:
    payment = _payment(user)
    return Provided({"payment_id": payment.pk}, payment)


def _fake_card(user, session) -> Provided:
    payment = _payment(user)
    return Provided({"provider_id": payment.provider_payment_id}, payment)


def _own_document(user, session) -> Provided:
    """A bill PDF of ``user``'s, made (the file stored, as the worker stores it)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.models import Document

    document = Document.objects.create(
        owner=user,
        kind="council-tax-bill",
        key=f"bill-{user.pk}",
        params={},
        state=Document.State.READY,
        title="Council tax bill 2026-27",
        filename="council-tax-bill-2026-27.pdf",
        created_at=timezone.now(),
    )
    document.file.save("council-tax-bill.pdf", ContentFile(b"%PDF-1.7 a bill"))
    return Provided({"document_id": document.pk}, document)


def _general_type(slug: str = "general-enquiry", **extra):
    from tests.casework.factories import RequestTypeFactory

    names = {"general-enquiry": "Ask a question", "pest-control-treatment": "Book pest control"}
    return RequestTypeFactory(service="general", slug=slug, name=names.get(slug, slug), **extra)


def _general_types(user, session) -> Provided:
    """The start page with its list, one request type with a fee."""
    _general_type("pest-control-treatment", fee_pence=4500, needs_address=True)
    return Provided({}, _general_type())


def _general_answer(user, request_type, step="question", files=(), **data):
    from casework.journeys.actions import journey_answer
    from services.general.journey import JOURNEY

    data = {"summary": "Overgrown hedge", "details": "It blocks the pavement.", **data}
    return journey_answer(
        journey=JOURNEY,
        user=user,
        url_kwargs={"type_slug": request_type.slug},
        step_name=step,
        data=data,
        files={"files": list(files)} if files else None,
    )


def _general_question(user, session) -> Provided:
    """The question page with answers saved before, and a file (its "keep" checkboxes)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    request_type = _general_type()
    if user is not None:
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "green").save(image, format="PNG")
        upload = SimpleUploadedFile("hedge.png", image.getvalue(), "image/png")
        _general_answer(user, request_type, files=[upload])
    return Provided({"type_slug": request_type.slug}, request_type)


def _general_questions(user, session) -> Provided:
    """A request type's own questions: the step after the question page."""
    request_type = _general_type(
        questions=[{"key": "size", "label": "What size is it?", "type": "text"}]
    )
    if user is not None:
        _general_answer(user, request_type)
    return Provided({"type_slug": request_type.slug, "step_name": "questions"}, request_type)


def _general_check(user, session) -> Provided:
    """Check your answers needs answers to check (the visitor's own)."""
    request_type = _general_type()
    if user is None:
        return Provided({"type_slug": request_type.slug}, request_type)
    draft = _general_answer(
        user, request_type, details="It blocks the pavement on Mill Lane.\nIt has for weeks."
    )
    return Provided({"type_slug": request_type.slug}, draft)


def _general_sent(user, session) -> Provided:
    from casework import actions

    request_type = _general_type()
    case = actions.case_submit(
        request_type=request_type,
        resident=user,
        answers={"details": "Is the library open on bank holiday Mondays?"},
        summary="Library opening hours",
    )
    return Provided({"type_slug": request_type.slug, "reference": case.reference}, case)


# Forms that admins build (services/forms): a published form of three pages.
ADMIN_ONLY = {
    "forms_staff:preview",
    "forms_staff:preview_page",
    # Managers' reports: administrators, and the leads and managers of teams.
    "staff:satisfaction",
    "complaints_staff:report",
    "complaints_staff:report_csv",
    # Performance pages: administrators, team managers and leads (ward reports: PAGE_PERMISSIONS);
    # the agent of the matrix is none of these (tests/insight for the others).
    "insight:dashboard",
    "insight:dashboard_csv",
}  # other staff get 403

# What a staff page needs beyond a member of staff with a second factor: the
# permission (accounts.roles) a role must hold, or the page is a 403.
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
    **{name: roles.BUILD_FORMS for name in ADMIN_ONLY},
    "staff:people": roles.FIND_PEOPLE,
    "staff:person": roles.FIND_PEOPLE,
    "staff:person_note": roles.FIND_PEOPLE,
    "waste_staff:notices": roles.SEND_SERVICE_NOTICES,
    "waste_staff:notice_new": roles.SEND_SERVICE_NOTICES,
    "staff:person_new": roles.FIND_PEOPLE,
    "assisting:start": roles.FIND_PEOPLE,
    "assisting:check": roles.FIND_PEOPLE,
    "staff:complaint_answer": roles.RESOLVE,
    "staff:ombudsman": roles.CHANGE_STATUS,
    # A councillor's wards, a support officer's members' wards, or every ward.
    "insight:wards": (roles.SEE_EVERY_REPORT, roles.RAISE_MEMBER_ENQUIRY, roles.SUPPORT_MEMBERS),
    "insight:wards_csv": (
        roles.SEE_EVERY_REPORT,
        roles.RAISE_MEMBER_ENQUIRY,
        roles.SUPPORT_MEMBERS,
    ),
}


def role_may(role: Role, permission: str | tuple[str, ...]) -> bool:
    """Does the visitor ``role`` hold ``permission`` (or one of several) (the admin fixture
    is a superuser)?"""
    if role.fixture == "admin_user":
        return True
    held = roles.ROLE_PERMISSIONS.get(STAFF_ROLE_FIXTURES.get(role.fixture), ())
    wanted = (permission,) if isinstance(permission, str) else permission
    return any(one in held for one in wanted)


def _built_form():
    from services.forms.demo import form_build, page, q

    form, _made = form_build(
        {
            "slug": "urlmap-skip",
            "name": "Apply for a skip permit",
            "description": "A skip on the road.",
            "team": "highways",
            "fee_pence": 5500,
            "pages": [
                page("When", q("Start date", "date", key="start"), q("Badge?", "yes_no", key="b")),
                page("Where", q("Address", "address", key="where"), q("Phone", "phone", key="p")),
            ],
        }
    )
    return form


def _forms_answer(user, form, step="page-1"):
    from casework.journeys.actions import journey_answer
    from services.forms.journey import JOURNEY

    data = {
        "page-1": {"start_day": "5", "start_month": "1", "start_year": "2027", "b": "Yes"},
        "page-2": {
            "where_line1": "1 Mill Lane",
            "where_town": "Millbrook",
            "where_postcode": "MB1 1AA",
            "p": "07911 123456",
        },
    }[step]
    return journey_answer(
        journey=JOURNEY,
        user=user,
        url_kwargs={"type_slug": form.request_type.slug},
        step_name=step,
        data=data,
    )


def _forms_list(user, session) -> Provided:
    return Provided({}, _built_form())


def _forms_page(user, session) -> Provided:
    form = _built_form()
    if user is not None:
        _forms_answer(user, form)
    return Provided({"type_slug": form.request_type.slug}, form)


def _forms_step(user, session) -> Provided:
    provided = _forms_page(user, session)
    return Provided({**provided.kwargs, "step_name": "page-2"}, provided.obj)


def _forms_check(user, session) -> Provided:
    provided = _forms_page(user, session)
    if user is not None:
        _forms_answer(user, provided.obj, "page-2")
    return provided


def _forms_sent(user, session) -> Provided:
    from casework import actions

    form = _built_form()
    form.request_type.fee_pence = None
    form.request_type.save()
    case = actions.case_submit(
        request_type=form.request_type, resident=user, answers={"Badge?": "Yes"}, summary="Skip"
    )
    return Provided({"type_slug": form.request_type.slug, "reference": case.reference}, case)


def _forms_preview(user, session) -> Provided:
    form = _built_form()
    return Provided({"form_id": form.pk}, form)


def _forms_preview_page(user, session) -> Provided:
    form = _built_form()
    return Provided({"form_id": form.pk, "page": 2}, form)


def _missed_request_type(user, session) -> Provided:
    """Report a missed bin needs its request type (`make run` syncs it)."""
    from casework.models import RequestType
    from casework.request_types import request_types_sync

    request_types_sync()
    return Provided({}, RequestType.objects.get(slug="missed-collection"))


def _missed_address():
    """An address whose recycling was collected yesterday: the check page can report it."""
    import datetime

    from django.utils import timezone

    from services.waste.models import PropertyRound, Round
    from tests.factories import AddressFactory

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    round_, _created = Round.objects.get_or_create(
        code="urlmap-recycling",
        defaults={
            "name": "Recycling (urlmap)",
            "stream": "recycling",
            "weekday": yesterday.weekday(),
            "every_weeks": 1,
            "first_date": yesterday,
        },
    )
    address = AddressFactory(line1="9 Mill Lane")
    PropertyRound.objects.create(address=address, round=round_, stream="recycling")
    return address


def _missed_bin(user, session) -> Provided:
    _missed_request_type(user, session)
    address = _missed_address()
    return Provided({"uprn": address.uprn}, address)


def _missed_answered(user, provided: Provided, stream: str) -> Provided:
    """The visitor's answer (in their draft): ``stream`` was not emptied there."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.missed import JOURNEY

    if user is not None:
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=provided.kwargs,
            step_name="bin",
            data={"stream": stream},
        )
    return provided


def _missed_check(user, session) -> Provided:
    """Check your answers: recycling collected yesterday (the in-cab system is off)."""
    return _missed_answered(user, _missed_bin(user, session), "recycling")


def _missed_outcome(user, session) -> Provided:
    """What we know: rubbish, on a round that has not started yet, cannot be reported."""
    import datetime

    from services.waste.models import PropertyRound, Round

    provided = _missed_bin(user, session)
    round_, _created = Round.objects.get_or_create(
        code="urlmap-refuse-later",
        defaults={
            "name": "Rubbish (urlmap, starts later)",
            "stream": "refuse",
            "weekday": 0,
            "every_weeks": 1,
            "first_date": datetime.date(2100, 1, 4),
        },
    )
    PropertyRound.objects.create(address=provided.obj, round=round_, stream="refuse")
    return _missed_answered(user, provided, "refuse")


def _missed_step(user, session) -> Provided:
    provided = _missed_bin(user, session)
    return Provided({**provided.kwargs, "step_name": "bin"}, provided.obj)


def _missed_sent(user, session) -> Provided:
    from casework import actions

    request_type = _missed_request_type(user, session).obj
    case = actions.case_submit(
        request_type=request_type,
        resident=user,
        answers={"stream": "recycling", "collection_date": "2025-11-24", "round": "urlmap"},
        summary="Recycling not collected on Monday 24 November 2025",
        address=_missed_address(),
    )
    return Provided({"uprn": case.address_id, "reference": case.reference}, case)


def _reminders_address():
    """An address on a rubbish round, so that reminders can be turned on for it."""
    from services.waste.models import Round
    from tests.factories import AddressFactory
    from tests.services.waste.reminders_factories import make_round, put_on

    round_ = Round.objects.filter(code="urlmap-refuse").first() or make_round(code="urlmap-refuse")
    address = AddressFactory(line1="14 Mill Lane")
    put_on(address, round_)
    return address


def _reminder(user):
    from accounts.models import User
    from services.waste.actions.reminders import reminder_subscribe
    from tests.factories import UserFactory

    owner = (
        user
        or User.objects.filter(email="sam@example.org").first()
        or UserFactory(first_name="Sam", email="sam@example.org")
    )
    return reminder_subscribe(user=owner, address=_reminders_address())


def _reminders_subscribe(user, session) -> Provided:
    address = _reminders_address()
    return Provided({"uprn": address.uprn}, address)


def _reminders_list(user, session) -> Provided:
    """The list with a reminder in it (and the visitor's own address to offer)."""
    return Provided({}, _reminder(user) if user is not None else None)


def _own_reminder(user, session) -> Provided:
    subscription = _reminder(user)
    return Provided({"subscription_id": subscription.pk}, subscription)


def _reminder_token(user, session) -> Provided:
    subscription = _reminder(None)
    return Provided({"token": subscription.token}, subscription)


def _reminder_stop_link(user, session) -> Provided:
    """A bin reminder's signed stop link (accounts.reminder_stops), as its message has it."""
    from accounts.reminder_stops import stop_token

    subscription = _reminder(None)
    return Provided({"token": stop_token(kind="bins", pk=subscription.pk)}, subscription)


def _missed_notices(user, session) -> Provided:
    """The notices page with one in its table."""
    import datetime

    from services.waste.models import MissedRoundNotice

    address = _reminders_address()
    notice = MissedRoundNotice.objects.create(
        round=address.waste_rounds.first().round,
        street="Mill Lane",
        date=datetime.date(2026, 11, 24),
        reason="The collection lorry broke down",
        when_back="We will come back on Saturday",
        created_by=user,
        residents_told=3,
    )
    return Provided({}, notice)


def _bulky_address(answers=(), user=None):
    """An address with days to book, the price list, and ``user``'s answers to the
    ``answers`` steps of the booking journey so far (in their draft)."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.bulky import JOURNEY
    from tests.factories import AddressFactory
    from tests.services.waste.bulky_factories import bulky_items, bulky_policy, bulky_slots

    bulky_policy()
    items = bulky_items()
    address = AddressFactory(line1="21 Mill Lane")
    slots = bulky_slots(address.ward, count=5)
    chosen = {
        "items": {f"item_{items['Sofa'].pk}": 1, f"item_{items['Mattress'].pk}": 2},
        "day": {"slot": slots[-1].pk},
        "where": {"location": "Front garden"},
    }
    for step in answers if user is not None else ():
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs={"uprn": address.uprn},
            step_name=step,
            data=chosen[step],
        )
    return address


def _bulky_draft(user, session) -> Provided:
    """A booking saved half-way, to continue from "Your saved requests"."""
    from casework.models import Draft

    _bulky_address(("items",), user)
    return Provided({"draft_id": Draft.objects.get(user=user).pk})


def _bulky_start(user, session) -> Provided:
    """The start page with its price list (and the visitor's own address, if any)."""
    return Provided({}, _bulky_address())


def _bulky_step(*answered, step_name=None):
    def make(user, session) -> Provided:
        address = _bulky_address(answered, user)
        kwargs = {"uprn": address.uprn}
        return Provided({**kwargs, "step_name": step_name} if step_name else kwargs, address)

    return make


def _bulky_sent(user, session) -> Provided:
    booking = _bulky_booking(user, session).obj
    return Provided({"uprn": booking.address.uprn, "reference": booking.case.reference}, booking)


def _bulky_booking(user, session) -> Provided:
    """A paid booking of ``user``'s, far enough off to be changed or cancelled."""
    from tests.factories import UserFactory
    from tests.services.waste.bulky_factories import bulky_booking

    address = _bulky_address()
    booking = bulky_booking(user or UserFactory(), address=address)
    return Provided({"reference": booking.case.reference}, booking)


def _staff_bulky_booking(visitor, session) -> Provided:
    """A booking whose case is within the visiting member of staff's reach whatever their
    role: their team's, raised by them (councillors follow the enquiries they raised)."""
    from casework.models import Case

    provided = _bulky_booking(None, session)
    case = provided.obj.case
    if visitor is not None and visitor.is_staff:
        if case.team_id:
            case.team.members.add(visitor)
        Case.objects.filter(pk=case.pk).update(created_by=visitor)
    return provided


def _public_street_report(user, session) -> Provided:
    """A street report anyone may see (nobody's own: its reporter made it without an account)."""
    from tests.services.highways.public_data import street_report_make

    report = street_report_make(title="Pothole outside the library", contact_name="A Reporter")
    return Provided({"reference": report.case.reference}, report)


def _street_report_step(step: str):
    """A street report in progress, the visitor's (their session's) or the person's,
    answered up to ``step`` (the entry: nothing answered)."""

    def make(user, session) -> Provided:
        from tests.services.highways.report_data import highways_types, report_answered

        highways_types()
        kwargs = {"type_slug": "pothole"}
        if step:
            draft = report_answered(user, upto=step, session=session)
            kwargs |= {} if step == "check" else {"step_name": step}
            return Provided(kwargs, draft)
        return Provided(kwargs)

    return make


def _saved_draft(user, session) -> Provided:
    """A draft to save for later: its owner's (a visitor's own is their session's)."""
    from tests.services.highways.report_data import report_answered

    draft = report_answered(user, upto="details", session=session)
    return Provided({"draft_id": draft.pk}, draft)


def _street_report_sent(user, session) -> Provided:
    from tests.services.highways.report_data import sent_report

    case = sent_report(user)
    return Provided({"type_slug": "pothole", "reference": case.reference}, case)


def _street_report_to_follow(user, session) -> Provided:
    from tests.services.highways.report_data import open_street_report

    case = open_street_report()
    return Provided({"reference": case.reference}, case)


def _public_street_reports(user, session) -> Provided:
    """The public list with a report in it, so that the list (and its map) is checked."""
    return Provided({}, _public_street_report(user, session).obj)


def _waste_request_type(slug: str):
    from casework.models import RequestType
    from casework.request_types import request_types_sync

    request_types_sync()
    return RequestType.objects.get(slug=slug)


def _waste_home(*streams, line1: str):
    """An address on today's rounds of ``streams`` (the urlmap's own rounds)."""
    import datetime

    from django.utils import timezone

    from services.waste.models import PropertyRound, Round
    from tests.factories import AddressFactory

    today = timezone.localdate()
    address = AddressFactory(line1=line1)
    for stream in streams:
        round_, _created = Round.objects.get_or_create(
            code=f"urlmap-orders-{stream}",
            defaults={
                "name": f"{stream} (urlmap)",
                "stream": stream,
                "weekday": today.weekday(),
                "every_weeks": 1,
                "first_date": today - datetime.timedelta(weeks=4),
            },
        )
        PropertyRound.objects.create(address=address, round=round_, stream=stream)
    return address


def _containers_type(user, session) -> Provided:
    """Order a bin: the request type and the council's bins and boxes (one with a price)."""
    from services.waste.models import ContainerType

    for slug, name, stream, price in (
        ("urlmap-rubbish-bin", "Rubbish bin (240 litres)", "refuse", 3000),
        ("urlmap-recycling-box", "Recycling box", "recycling", None),
    ):
        ContainerType.objects.get_or_create(
            slug=slug, defaults={"name": name, "stream": stream, "price_pence": price}
        )
    return Provided({}, _waste_request_type("container-order"))


def _containers_address(user, session) -> Provided:
    _containers_type(user, session)
    address = _waste_home("refuse", "recycling", line1="31 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _containers_answered(user, session, *steps) -> Provided:
    """The visitor's answers to ``steps`` of ordering a bin (in their draft)."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.containers import JOURNEY

    provided = _containers_address(user, session)
    answers = {
        "container": {"container": "urlmap-recycling-box"},
        "details": {"reason": "replacement", "quantity": 2},
    }
    for step in steps if user is not None else ():
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=provided.kwargs,
            step_name=step,
            data=answers[step],
        )
    return provided


def _containers_details(user, session) -> Provided:
    provided = _containers_answered(user, session, "container")
    return Provided({**provided.kwargs, "step_name": "details"}, provided.obj)


def _containers_check(user, session) -> Provided:
    """Check your order: the visitor's order in their draft."""
    return _containers_answered(user, session, "container", "details")


def _containers_outcome(user, session) -> Provided:
    """Nothing to order: an address whose only round has no bins or boxes to order."""
    _containers_type(user, session)
    address = _waste_home("food", line1="32 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _containers_sent(user, session) -> Provided:
    from casework import actions

    address = _containers_address(user, session).obj
    case = actions.case_submit(
        request_type=_waste_request_type("container-order"),
        resident=user,
        answers={
            "container": "Recycling box",
            "container_code": "urlmap-recycling-box",
            "reason": "To replace one that was lost, stolen or damaged",
            "quantity": 1,
            "total": "Free",
        },
        summary="Recycling box for 31 Mill Lane",
        address=address,
        fee_pence=0,
    )
    return Provided({"uprn": address.uprn, "reference": case.reference}, case)


def _garden_type(user, session) -> Provided:
    return Provided({}, _waste_request_type("garden-subscription"))


def _garden_address(user, session) -> Provided:
    _garden_type(user, session)
    address = _waste_home("refuse", "garden", line1="41 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _garden_check(user, session) -> Provided:
    """Check your subscription needs an answer to check (the visitor's own, in their draft)."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.garden import JOURNEY

    provided = _garden_address(user, session)
    if user is not None:
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=provided.kwargs,
            step_name="bins",
            data={"bins": 2},
        )
    return provided


def _garden_step(user, session) -> Provided:
    provided = _garden_address(user, session)
    return Provided({**provided.kwargs, "step_name": "bins"}, provided.obj)


def _own_garden_confirmation(user, session) -> Provided:
    subscription = _garden_subscription(user)
    kwargs = {"uprn": subscription.address.uprn, "reference": subscription.case.reference}
    return Provided(kwargs, subscription.case)


def _garden_subscription(user):
    """``user``'s paid subscription, ending in three weeks: renewing is open."""
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from casework import actions
    from services.waste.actions.garden import garden_activate, garden_subscribe
    from services.waste.selectors.garden import add_months, policy
    from tests.factories import UserFactory

    owner = (
        user
        or User.objects.filter(email="sam@example.org").first()
        or UserFactory(first_name="Sam", email="sam@example.org")
    )
    ends_on = timezone.localdate() + datetime.timedelta(days=21)
    starts_on = add_months(ends_on + datetime.timedelta(days=1), -policy().garden_months)
    subscription = garden_subscribe(
        user=owner,
        address=_garden_address(user, None).obj,
        bins=1,
        request_type=_waste_request_type("garden-subscription"),
        on=starts_on,
    )
    actions.case_record_payment(
        case_id=subscription.case_id,
        outcome="paid",
        amount_pence=subscription.price_pence,
        payment_id="urlmap",
    )
    garden_activate(case_id=subscription.case_id, paid_on=starts_on)
    subscription.refresh_from_db()
    return subscription


def _garden_list(user, session) -> Provided:
    """The garden waste page with a subscription on it (renewal open) for signed-in visitors."""
    _garden_type(user, session)
    return Provided({}, _garden_subscription(user) if user is not None else None)


def _own_garden_subscription(user, session) -> Provided:
    subscription = _garden_subscription(user)
    return Provided({"subscription_id": subscription.pk}, subscription)


def _own_garden_renewal_check(user, session) -> Provided:
    """Check your renewal, with the owner's answer in their draft."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.garden import RENEWAL

    subscription = _garden_subscription(user)
    kwargs = {"subscription_id": subscription.pk}
    journey_answer(
        journey=RENEWAL, user=user, url_kwargs=kwargs, step_name="bins", data={"bins": 1}
    )
    return Provided(kwargs, subscription)


def _own_garden_renewal_step(user, session) -> Provided:
    subscription = _garden_subscription(user)
    return Provided({"subscription_id": subscription.pk, "step_name": "bins"}, subscription)


def _own_garden_renewal_sent(user, session) -> Provided:
    subscription = _garden_subscription(user)
    kwargs = {"subscription_id": subscription.pk, "reference": subscription.case.reference}
    return Provided(kwargs, subscription.case)


def _own_garden_sent(user, session) -> Provided:
    subscription = _garden_subscription(user)
    return Provided({"reference": subscription.case.reference}, subscription.case)


def _assisted_type(user, session) -> Provided:
    return Provided({}, _waste_request_type("assisted-collection"))


def _assisted_address(user, session) -> Provided:
    _assisted_type(user, session)
    address = _waste_home("refuse", "recycling", line1="51 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _assisted_answers(user, session, *steps, can_help="no") -> Provided:
    """The visitor's answers to ``steps`` of asking for an assisted collection (their draft)."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.assisted import JOURNEY

    provided = _assisted_address(user, session)
    answers = {
        "about": {"who": "me", "reason": "age", "how_long": "permanent"},
        "household": {"can_help": can_help},
        "bins": {"where": "Down the side path, behind the gate."},
    }
    for step in steps if user is not None else ():
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=provided.kwargs,
            step_name=step,
            data=answers[step],
        )
    return provided


def _assisted_step(user, session) -> Provided:
    provided = _assisted_answers(user, session, "about")
    return Provided({**provided.kwargs, "step_name": "household"}, provided.obj)


def _assisted_sent(user, session) -> Provided:
    from casework import actions

    address = _assisted_address(user, session).obj
    case = actions.case_submit(
        request_type=_waste_request_type("assisted-collection"),
        resident=user,
        answers={"who_needs_help": "Me", "why": "Age or frailty"},
        summary="Assisted collection at 51 Mill Lane",
        address=address,
        fee_pence=0,
    )
    return Provided({"uprn": address.uprn, "reference": case.reference}, case)


def _bin_days_address(user, session) -> Provided:
    """An address on weekly rounds with a moved and a cancelled collection in the coming
    weeks, so that the bin days page, its feed and its calendar show the most."""
    import datetime

    from django.utils import timezone

    from services.waste.models import CollectionChange, PropertyRound, Round
    from tests.factories import AddressFactory

    today = timezone.localdate()
    address = AddressFactory(line1="61 Mill Lane")
    for stream in ("refuse", "food", "garden"):
        round_, _created = Round.objects.get_or_create(
            code=f"urlmap-bin-days-{stream}",
            defaults={
                "name": f"{stream} (urlmap bin days)",
                "stream": stream,
                "weekday": today.weekday(),
                "every_weeks": 1,
                "first_date": today,
            },
        )
        PropertyRound.objects.create(address=address, round=round_, stream=stream)
        if stream == "garden":
            CollectionChange.objects.get_or_create(
                round=round_,
                date=today + datetime.timedelta(weeks=2),
                defaults={"new_date": None, "kind": "disruption", "reason": "Snow."},
            )
    moved = today + datetime.timedelta(weeks=1)
    if not CollectionChange.objects.filter(round=None, date=moved).exists():
        CollectionChange.objects.create(
            round=None,
            date=moved,
            new_date=moved + datetime.timedelta(days=1),
            reason="A bank holiday, so collections that week are a day later.",
        )
    return Provided({"uprn": address.uprn}, address)


def _person(visitor, session) -> Provided:
    """A resident's record, as the contact centre opens it: with a case, a message and a note."""
    from accounts.actions import person_note_add
    from accounts.models import User
    from tests.factories import UserFactory

    person = User.objects.filter(email="sam@example.org").first() or UserFactory(
        first_name="Sam", email="sam@example.org"
    )
    case = _staff_case(visitor, session).obj.case
    case.events.create(kind="message_sent", data={"audience": "resident", "channel": "email"})
    if visitor is not None and visitor.is_staff:
        person_note_add(person=person, author=visitor, text="Prefers a call after 2pm.")
    return Provided({"person_id": person.pk}, person)


# The council tax change journeys: (module, journey, the steps answered to reach check).
def _ctax_answers() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    today = timezone.localdate()
    day = {"day": today.day, "month": today.month, "year": today.year}
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    bank = {"account_holder": "S Taylor", "sort_code": "089999", "bank_account_number": "66374958"}
    return {
        "discount": (
            "discount",
            "JOURNEY",
            [
                ("action", {"discount": "apply"}),
                (
                    "apply",
                    {**{f"living_alone_from_{k}": v for k, v in day.items()}, "declaration": "on"},
                ),
            ],
        ),
        "reduction": (
            "reductions",
            "JOURNEY",
            [
                ("which", {"reduction": "carer"}),
                (
                    "details",
                    {"person": "Alex Taylor", **{f"applies_from_{k}": v for k, v in day.items()}},
                    {"files": [SimpleUploadedFile("carer.pdf", pdf, "application/pdf")]},
                ),
            ],
        ),
        "direct_debit": (
            "direct_debit",
            "JOURNEY",
            [
                ("bank", {**bank, "sole_authoriser": "on"}),
                ("day", {"payment_day": "15"}),
            ],
        ),
        "move": (
            "moves",
            "JOURNEY",
            [
                ("move", {"move": "out"}),
                ("date", {f"moved_on_{k}": v for k, v in day.items()}),
                (
                    "forwarding",
                    {
                        "forwarding_line1": "2 High Street",
                        "forwarding_town": "Leeds",
                        "forwarding_postcode": "LS1 1AA",
                    },
                ),
                ("leaving", {}),
            ],
        ),
        "refund": ("money", "REFUND", [("to", {"refund_to": "bank"}), ("bank", bank)]),
        "instalments": ("money", "TWELVE_MONTHS", [("confirm", {"confirm": "on"})]),
        "benefit_change": (
            "benefits",
            "JOURNEY",
            [
                ("what", {"what": ["income"]}),
                (
                    "details",
                    {
                        **{f"changed_on_{k}": v for k, v in day.items()},
                        "details": "I started a new job at the bakery, 16 hours a week.",
                    },
                ),
            ],
        ),
    }


CTAX_CHANGES = (
    "discount",
    "reduction",
    "direct_debit",
    "move",
    "refund",
    "instalments",
    "benefit_change",
)


def _ctax_linked(user, *, credit: bool = False):
    """``user``'s council tax account linked, and (as if just read from the revenues
    system) in their own cache, so that no page needs the system itself."""
    import json

    from django.utils import timezone

    from casework.request_types import request_types_sync
    from integrations.revenues.mapping import parse_account
    from integrations.simulated_backoffice.revenues import account_document, claim_document
    from linking.models import ServiceLink
    from services.counciltax import selectors

    request_types_sync()
    if user is None:
        return
    ServiceLink.objects.get_or_create(
        user=user,
        service="council-tax",
        defaults={"account_ref": "60010001", "linked_at": timezone.now()},
    )
    document = account_document(
        account_number="60010001",
        uprn=100090000001,
        address="1 Mill Lane, Millbrook",
        postcode="MB1 1AA",
        liable=["Sam Taylor"],
        band="C",
        today=timezone.localdate(),
        claims=[
            claim_document(
                claim_number="HB400001",
                kind="housing_benefit",
                weekly_pence=8_550,
                today=timezone.localdate(),
                paid_to="landlord",
                payee="Millbrook Homes",
            )
        ],
    )
    if credit:
        document["balance_pence"] = -5_000
    account = parse_account(200, json.dumps(document).encode(), account_number="60010001")
    selectors.account_cache_set(user=user, account=account, account_number="60010001")


def _ctax_journey(name: str, *, answered: int = 0, step: str | None = None, link=True):
    """A change journey's page for the visitor: linked (or not), ``answered`` steps in."""

    def make(user, session) -> Provided:
        import importlib

        from casework.journeys.actions import journey_answer

        if link:
            _ctax_linked(user, credit=name == "refund")
        else:
            _ctax_linked(None)
        module, attr, steps = _ctax_answers()[name]
        journey = getattr(importlib.import_module(f"services.counciltax.journeys.{module}"), attr)
        for step_name, data, *files in steps[:answered] if user is not None else ():
            journey_answer(
                journey=journey,
                user=user,
                url_kwargs={},
                step_name=step_name,
                data=data,
                files=files[0] if files else None,
            )
        return Provided({"step_name": step} if step else {})

    return make


# Council housing (services/housing): a linked tenancy (no housing system is asked: these
# pages are the journeys, which never read it), answers saved step by step, and cases.


def _housing_link(user):
    from casework.request_types import request_types_sync
    from linking.actions import service_link_attempt
    from services.housing.apps import SLUG

    request_types_sync()
    if user is not None:
        service_link_attempt(user=user, service=SLUG, account_ref="HT-100001", proven=True)


def _housing_answer(journey, user, answers):
    from casework.journeys.actions import journey_answer

    for step, data in answers:
        journey_answer(journey=journey, user=user, url_kwargs={}, step_name=step, data=data)


def _housing_journey(name: str, answers=(), *, step_name=None, link=True):
    def make(user, session) -> Provided:
        from services.housing import journeys

        journey = getattr(journeys, name)
        if link:
            _housing_link(user)
        else:
            _housing_link(None)
        if user is not None:
            _housing_answer(journey, user, answers)
        return Provided({"step_name": step_name} if step_name else {})

    return make


def _ctax_sent(name: str):
    def make(user, session) -> Provided:
        from casework.models import RequestType
        from services.counciltax.actions import council_tax_change_submit

        _ctax_linked(user)
        slug = {
            "discount": "council-tax-single-person-discount",
            "reduction": "council-tax-discounts-exemptions",
            "direct_debit": "council-tax-direct-debit",
            "move": "council-tax-move",
            "refund": "council-tax-refund",
            "instalments": "council-tax-instalments",
            "benefit_change": "benefit-change-of-circumstances",
        }[name]
        case = council_tax_change_submit(
            user=user,
            actor=user,
            request_type=RequestType.objects.get(slug=slug),
            account_number="60010001",
            kind="test",
            details={},
            answers={"request": "A change"},
            summary="A change",
        )
        return Provided({"reference": case.reference}, case)

    return make


_REPAIR_UP_TO_CHECK = (
    ("where", {"area": "communal"}),
    ("what", {"problem": "damp"}),
    ("details", {"description": "Black mould on the stairwell wall."}),
    ("access", {"access": "Second floor landing."}),
)
_ASB_UP_TO_CHECK = (
    ("what", {"what": "Noise", "when": "Nightly", "where": "Stairs", "ongoing": "yes"}),
    ("evidence", {"who": ""}),
    ("contact", {"safe_to_contact": "no"}),
)


def _housing_case(slug: str, *, finished=False):
    def make(user, session) -> Provided:
        from casework import actions
        from casework.models import RequestType

        _housing_link(user)
        case = actions.case_submit(
            request_type=RequestType.objects.get(slug=slug),
            resident=user,
            answers={"tenancy_reference": "HT-100001"},
            summary="A housing request",
            fee_pence=0,
        )
        if finished:
            actions.case_acknowledge(case=case)
            actions.case_resolve(case=case, actor=None, message="The repair has been done.")
        return Provided({"reference": case.reference}, case)

    return make


def _ctax_providers() -> dict:
    steps = {name: [s[0] for s in spec[2]] for name, spec in _ctax_answers().items()}
    providers = {}
    for name in CTAX_CHANGES:
        count = len(steps[name])
        providers[f"counciltax:{name}"] = Provider(_ctax_journey(name))
        if count > 1:
            providers[f"counciltax:{name}_step"] = Provider(
                _ctax_journey(name, answered=1, step=steps[name][1])
            )
        else:  # a one-step journey: its step by name is its first page
            providers[f"counciltax:{name}_step"] = Provider(
                _ctax_journey(name, step=steps[name][0])
            )
        providers[f"counciltax:{name}_check"] = Provider(_ctax_journey(name, answered=count))
        providers[f"counciltax:{name}_outcome"] = Provider(_ctax_journey(name, link=False))
        providers[f"counciltax:{name}_sent"] = Provider(_ctax_sent(name), owned=True)
    return providers


def _tell_us_once(user, session) -> Provided:
    """A new phone number waiting to be offered to the person's linked council tax account."""
    from accounts import tell_us_once

    if user is None:
        return Provided({})
    _ctax_linked(user)
    change = tell_us_once.ContactChange(kind=tell_us_once.PHONE, phone="+447700900123")
    tell_us_once.change_offer(session, change)
    return Provided({})


def _member_enquiry(visitor, session) -> Provided:
    """An enquiry with a reply and a letter template: the visitor's own when they are a
    councillor or a support officer (then of a member they support), else a stranger's."""
    from services.members.models import LetterTemplate
    from tests.services.members.members_data import enquiry_for_visitor

    case = enquiry_for_visitor(visitor)
    LetterTemplate.objects.get_or_create(
        name="Update",
        defaults={"subject": "Your enquiry {reference}", "body": "Dear {constituent}"},
    )
    return Provided({"reference": case.reference}, case)


def _member_letter(visitor, session) -> Provided:
    from services.members.actions import letter_send
    from services.members.models import LetterTemplate

    case = _member_enquiry(visitor, session).obj
    case = type(case).objects.get(pk=case.pk)
    case.enquiry = case.member_enquiry
    letter = letter_send(
        case=case,
        template=LetterTemplate.objects.get(name="Update"),
        delivery="post",
        user=case.enquiry.member,
    )
    return Provided({"reference": case.reference, "letter_id": letter.pk}, letter)


def _member_categories(visitor, session) -> Provided:
    from tests.services.members.members_data import categories

    return Provided({}, categories()[0])


def _assisting(visitor, session) -> Provided:
    """Staff helping a caller (phone), who has not yet answered the security questions."""
    from accounts.assisting import session_store

    provided = _person(visitor, session)
    if visitor is not None and visitor.is_staff:
        session_store(session, person_id=provided.obj.pk, channel="phone", reason="Called us")
    return Provided({}, provided.obj)


PROVIDERS: dict[str, Provider] = {
    **_ctax_providers(),
    "accounts:tell_us_once": Provider(_tell_us_once),
    "members:enquiry": Provider(_member_enquiry),
    "members:enquiry_message": Provider(_member_enquiry),
    "members:letter": Provider(_member_enquiry),
    "members:letter_sent": Provider(_member_letter),
    "members:letter_pdf": Provider(_member_letter),
    "members:enquiry_sent": Provider(_member_enquiry),
    "members:enquiry_new": Provider(_member_categories),
    "members:enquiry_check": Provider(_member_categories),
    "members:enquiry_step": Provider(
        lambda visitor, session: Provided(
            {"step_name": "enquiry"}, _member_categories(visitor, session).obj
        )
    ),
    "openid_connect_login": Provider(lambda user, session: Provided({"provider_id": "council"})),
    "openid_connect_callback": Provider(lambda user, session: Provided({"provider_id": "council"})),
    "housing:repair": Provider(_housing_journey("REPAIR_JOURNEY")),
    "housing:repair_step": Provider(
        _housing_journey("REPAIR_JOURNEY", (("where", {"area": "kitchen"}),), step_name="what")
    ),
    "housing:repair_check": Provider(_housing_journey("REPAIR_JOURNEY", _REPAIR_UP_TO_CHECK)),
    "housing:repair_outcome": Provider(
        _housing_journey(
            "REPAIR_JOURNEY", (("where", {"area": "kitchen"}), ("what", {"problem": "gas"}))
        )
    ),
    "housing:repair_sent": Provider(_housing_case("housing-repair"), owned=True),
    "housing:repair_feedback": Provider(_housing_case("housing-repair", finished=True), owned=True),
    "housing:asb": Provider(_housing_journey("ASB_JOURNEY", link=False)),
    "housing:asb_step": Provider(
        _housing_journey("ASB_JOURNEY", _ASB_UP_TO_CHECK[:1], step_name="evidence", link=False)
    ),
    "housing:asb_check": Provider(_housing_journey("ASB_JOURNEY", _ASB_UP_TO_CHECK, link=False)),
    "housing:asb_sent": Provider(_housing_case("housing-asb"), owned=True),
    "housing:pay": Provider(_housing_journey("PAY_JOURNEY")),
    "housing:pay_step": Provider(_housing_journey("PAY_JOURNEY", step_name="amount")),
    "housing:pay_check": Provider(
        _housing_journey("PAY_JOURNEY", (("amount", {"amount": "10.00"}),))
    ),
    "housing:pay_outcome": Provider(_housing_journey("PAY_JOURNEY", link=False)),
    "housing:pay_sent": Provider(_housing_case("housing-rent-payment"), owned=True),
    "housing:arrangement": Provider(_housing_journey("ARRANGEMENT_JOURNEY")),
    "housing:arrangement_step": Provider(_housing_journey("ARRANGEMENT_JOURNEY", step_name="plan")),
    "housing:arrangement_check": Provider(
        _housing_journey("ARRANGEMENT_JOURNEY", (("plan", {"weekly": "5.00"}),))
    ),
    "housing:arrangement_outcome": Provider(_housing_journey("ARRANGEMENT_JOURNEY", link=False)),
    "housing:arrangement_sent": Provider(_housing_case("housing-arrangement"), owned=True),
    "staff:person": Provider(_person),
    "assisting:start": Provider(_person),
    "staff:person_claim_code": Provider(_person),
    "assisting:check": Provider(_assisting),
    "staff:person_note": Provider(_person),
    "inbound:file": Provider(_back_office_file),
    "waste:collections": Provider(_bin_days_address),
    "waste:collections_ics": Provider(_bin_days_address),
    "waste:collections_pdf": Provider(_bin_days_address),
    "general:start": Provider(_general_types),
    "highways:public_list": Provider(_public_street_reports),
    "highways:public_pins": Provider(_public_street_reports),
    "highways:public_detail": Provider(_public_street_report),
    "highways:public_follow": Provider(_public_street_report),
    "highways:report_journey": Provider(_street_report_step("")),
    "drafts:visitor_save": Provider(_saved_draft, owned=True),
    "drafts:resume": Provider(lambda user, session: Provided({"secret": "x" * 43})),
    "highways:report_step": Provider(_street_report_step("photos")),
    "highways:report_check": Provider(_street_report_step("check")),
    "highways:report_sent": Provider(_street_report_sent, owned=True),
    "highways:report_follow": Provider(_street_report_to_follow),
    "waste:reminders": Provider(_reminders_list),
    "waste:reminders_subscribe": Provider(_reminders_subscribe),
    "waste:reminders_stop": Provider(_own_reminder, owned=True),
    "waste:reminders_unsubscribe": Provider(_reminder_token),
    "accounts:reminder_stop": Provider(_reminder_stop_link),
    "waste_staff:notices": Provider(_missed_notices),
    "waste_staff:notice_new": Provider(lambda user, session: Provided({}, _reminders_address())),
    "waste:missed_start": Provider(_missed_request_type),
    "waste:missed_address": Provider(_missed_request_type),
    "waste:missed_bin": Provider(_missed_bin),
    "waste:missed_step": Provider(_missed_step),
    "waste:missed_check": Provider(_missed_check),
    "waste:missed_outcome": Provider(_missed_outcome),
    "waste:missed_confirmation": Provider(_missed_sent, owned=True),
    "waste:containers_start": Provider(_containers_type),
    "waste:containers_address": Provider(_containers_type),
    "waste:containers_choose": Provider(_containers_address),
    "waste:containers_step": Provider(_containers_details),
    "waste:containers_check": Provider(_containers_check),
    "waste:containers_outcome": Provider(_containers_outcome),
    "waste:containers_sent": Provider(_containers_sent, owned=True),
    "waste:garden": Provider(_garden_list),
    "waste:garden_address": Provider(_garden_type),
    "waste:garden_subscribe": Provider(_garden_address),
    "waste:garden_check": Provider(_garden_check),
    "waste:garden_step": Provider(_garden_step),
    "waste:garden_confirmation": Provider(_own_garden_confirmation, owned=True),
    "waste:garden_sent": Provider(_own_garden_sent, owned=True),
    "waste:garden_renew": Provider(_own_garden_subscription, owned=True),
    "waste:garden_renew_check": Provider(_own_garden_renewal_check, owned=True),
    "waste:garden_renew_step": Provider(_own_garden_renewal_step, owned=True),
    "waste:garden_renew_confirmation": Provider(_own_garden_renewal_sent, owned=True),
    "waste:garden_cancel": Provider(_own_garden_subscription, owned=True),
    "waste:assisted_start": Provider(_assisted_type),
    "waste:assisted_address": Provider(_assisted_type),
    "waste:assisted_about": Provider(_assisted_address),
    "waste:assisted_step": Provider(_assisted_step),
    "waste:assisted_check": Provider(
        lambda user, session: _assisted_answers(user, session, "about", "household", "bins")
    ),
    "waste:assisted_outcome": Provider(
        lambda user, session: _assisted_answers(user, session, "about", "household", can_help="yes")
    ),
    "waste:assisted_sent": Provider(_assisted_sent, owned=True),
    "waste:bulky_start": Provider(_bulky_start),
    "waste:bulky_address": Provider(_bulky_start),
    "waste:bulky_items": Provider(_bulky_step()),
    "waste:bulky_step": Provider(_bulky_step("items", step_name="day")),
    "waste:bulky_check": Provider(_bulky_step("items", "day", "where")),
    "waste:bulky_sent": Provider(_bulky_sent, owned=True),
    "waste:bulky_booking": Provider(_bulky_booking, owned=True),
    "waste:bulky_pay": Provider(_bulky_booking, owned=True),
    "waste:bulky_change_day": Provider(_bulky_booking, owned=True),
    "waste:bulky_change_items": Provider(_bulky_booking, owned=True),
    "waste:bulky_cancel": Provider(_bulky_booking, owned=True),
    "waste_staff:bulky_day": Provider(lambda user, session: Provided({}, _bulky_address())),
    "waste_staff:bulky_collected": Provider(_staff_bulky_booking),
    "general:question": Provider(_general_question),
    "general:step": Provider(_general_questions),
    "general:check": Provider(_general_check),
    "general:confirmation": Provider(_general_sent, owned=True),
    "forms:start": Provider(_forms_list),
    "forms:journey": Provider(_forms_page),
    "forms:step": Provider(_forms_step),
    "forms:check": Provider(_forms_check),
    "forms:confirmation": Provider(_forms_sent, owned=True),
    "forms_staff:preview": Provider(_forms_preview),
    "forms_staff:preview_page": Provider(_forms_preview_page),
    "pay:return": Provider(_own_payment, owned=True),
    "documents:status": Provider(_own_document, owned=True),
    "documents:download": Provider(_own_document, owned=True),
    "counciltax:document": Provider(lambda user, session: Provided({"what": "bill"})),
    "home_message_dismiss": Provider(_home_message),
    "casework:escalate": Provider(_own_answered_complaint, owned=True),
    "staff:complaint_answer": Provider(_staff_complaint(answered=False)),
    "staff:ombudsman": Provider(_staff_complaint(answered=True)),
    "complaints:start": Provider(lambda user, session: Provided({}, _complaint_types())),
    "complaints:complaint": Provider(_complaints_step("complaint", "")),
    "complaints:complaint_step": Provider(
        _complaints_step("complaint", "put-right", ["about", "what"])
    ),
    "complaints:complaint_check": Provider(
        _complaints_step("complaint", "", ["about", "what", "put-right", "contact"])
    ),
    "complaints:complaint_sent": Provider(_complaints_sent("complaint"), owned=True),
    "complaints:compliment": Provider(_complaints_step("compliment", "")),
    "complaints:compliment_step": Provider(_complaints_step("compliment", "what", ["about"])),
    "complaints:compliment_check": Provider(_complaints_step("compliment", "", ["about", "what"])),
    "complaints:compliment_sent": Provider(_complaints_sent("compliment"), owned=True),
    "pay:fake_card": Provider(_fake_card),
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
    "accounts:device_remove": Provider(_own_device, owned=True),
    "drafts:delete": Provider(_own_draft, owned=True),
    "drafts:continue": Provider(_bulky_draft, owned=True),
    "drafts:list": Provider(_saved_requests),
    "accounts:device_confirm_sms": Provider(_sms_enrolment),
    "account_reset_password_from_key": Provider(_reset_key),
    "inbound:status": Provider(lambda user, session: Provided({"connector": "webhook"})),
    **{name: Provider(_open311_format) for name in OPEN311},
    "open311:service_definition": Provider(_open311_service),
    "open311:request": Provider(_open311_request),
    "open311:token": Provider(lambda user, session: Provided({"format": "json", "token": "t1"})),
    "insight:dashboard_csv": Provider(lambda user, session: Provided({"slug": "channels"})),
    "insight:wards_csv": Provider(lambda user, session: Provided({"slug": "by-ward"})),
}


# --- The URL enumeration ---------------------------------------------------------------

_UNDECLARED = object()


@dataclass(frozen=True)
class Route:
    name: str  # "accounts:security"
    pattern: str  # "account/security/"
    view: Callable
    arg_names: tuple[str, ...]
    declared_tier: object  # int from a decorator, or _UNDECLARED
    declared_staff_only: bool

    def __str__(self):
        return self.name

    @property
    def rule(self) -> Rule | None:
        return TABLE.get(self.name)

    @property
    def decorated(self) -> bool:
        return self.declared_tier is not _UNDECLARED

    @property
    def classified(self) -> bool:
        return self.decorated or self.rule is not None

    @property
    def tier(self) -> int:
        if self.decorated:
            return self.declared_tier
        return self.rule.tier if self.rule else 0

    @property
    def staff_only(self) -> bool:
        if self.decorated:
            return self.declared_staff_only
        return bool(self.rule and self.rule.staff_only)

    @property
    def html(self) -> bool:
        return self.name not in NOT_HTML

    @property
    def owned(self) -> bool:
        provider = PROVIDERS.get(self.name)
        return bool(provider and provider.owned)


def _view_chain(view):
    """The view, what it wraps (functools.wraps), and a class-based view's class."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        yield view
        view_class = getattr(view, "view_class", None)
        if view_class is not None:
            yield view_class
        if isinstance(view, functools.partial):
            view = view.func
        else:
            view = getattr(view, "__wrapped__", None)


def declared(view, attr: str, default):
    for candidate in _view_chain(view):
        value = getattr(candidate, attr, _UNDECLARED)
        if value is not _UNDECLARED:
            return value
    return default


def _arg_names(pattern) -> tuple[str, ...]:
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def _walk(resolver, prefix="", namespace="", args=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(
                entry, prefix + str(entry.pattern), ns, args + _arg_names(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry, args + _arg_names(entry.pattern)


def _skipped(pattern: str, namespace: str, entry: URLPattern) -> bool:
    if namespace == "admin:":
        return entry.name != "index"  # the admin's own pages sit behind its index
    module = getattr(entry.callback, "__module__", "") or ""
    return pattern.startswith((settings.STATIC_URL.lstrip("/"), "media/")) or module.startswith(
        ("django.views.static", "django.contrib.staticfiles")
    )


def all_patterns(urlconf=None):
    """(pattern, namespace, URLPattern, argument names) for everything the project routes."""
    return [
        (pattern, namespace, entry, args)
        for pattern, namespace, entry, args in _walk(get_resolver(urlconf))
        if not _skipped(pattern, namespace, entry)
    ]


@functools.cache
def routes(urlconf=None) -> tuple[Route, ...]:
    """Every named URL; of two with one name, the last, as reverse() picks."""
    found = {}
    for pattern, namespace, entry, args in all_patterns(urlconf):
        if not entry.name:
            continue  # reported by classification_problems()
        name = namespace + entry.name
        view = entry.callback
        found[name] = Route(
            name=name,
            pattern=pattern,
            view=view,
            arg_names=args,
            declared_tier=declared(view, "auth_tier", _UNDECLARED),
            declared_staff_only=bool(declared(view, "staff_only", False)),
        )
    return tuple(found.values())


def classification_problems(urlconf=None) -> list[str]:
    """Everything that stops the matrix from knowing who may open a page."""
    problems = []
    for pattern, _namespace, entry, _args in all_patterns(urlconf):
        if not entry.name:
            problems.append(f"/{pattern}: give it a name so that it can be classified")
    names = set()
    for route in routes(urlconf):
        names.add(route.name)
        where = f"{route.name} (/{route.pattern})"
        if not route.classified:
            problems.append(
                f"{where}: not classified. Decorate the view (signed_in_required, "
                "tier2_required, staff_required) or, if it is deliberately public or "
                "someone else's (allauth, admin), add it to TABLE in tests/urlmap.py"
            )
        if route.decorated and route.rule is not None:
            problems.append(f"{where}: decorated and also in TABLE; drop the TABLE entry")
        if route.arg_names and route.name not in PROVIDERS:
            problems.append(
                f"{where}: takes {', '.join(route.arg_names)}; add an argument provider "
                "to PROVIDERS in tests/urlmap.py"
            )
        if ("/" + route.pattern).startswith(STAFF_PREFIXES) and not route.staff_only:
            problems.append(f"{where}: in a staff area but not staff_only")
    for listed in [*TABLE, *PROVIDERS, *POST_ONLY, *NOT_HTML, *NOT_CRAWLED]:
        if listed not in names:
            problems.append(f"{listed}: listed in tests/urlmap.py but no such URL; remove it")
    return problems


# --- Who visits ------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    fixture: str | None  # the tests/conftest.py fixture that gives the person
    verified: bool = False  # a second factor passed in this session (tier 2)
    staff: bool = False
    stranger: bool = False  # asks for another resident's things

    def __str__(self):
        return self.name

    @property
    def anonymous(self) -> bool:
        return self.fixture is None


ANONYMOUS = Role("anonymous", None)
RESIDENT = Role("resident", "citizen")
RESIDENT_VERIFIED = Role("resident_verified", "citizen", verified=True)
ANOTHER_RESIDENT = Role("another_resident", "another_citizen", verified=True, stranger=True)
STAFF_UNVERIFIED = Role("staff_unverified", "agent", staff=True)
STAFF_VERIFIED = Role("staff_verified", "agent", verified=True, staff=True)
ADMIN_VERIFIED = Role("admin_verified", "admin_user", verified=True, staff=True)

ROLES = (
    ANONYMOUS,
    RESIDENT,
    RESIDENT_VERIFIED,
    ANOTHER_RESIDENT,
    STAFF_UNVERIFIED,
    STAFF_VERIFIED,
    ADMIN_VERIFIED,
)
# Staff in each role (accounts.roles), each with a second factor passed: every staff
# page is tried as each of them (tests/test_access_matrix.py).
STAFF_ROLE_FIXTURES = {
    "agent": roles.AGENT,
    "caseworker": roles.CASEWORKER,
    "team_lead": roles.TEAM_LEAD,
    "manager": roles.MANAGER,
    "councillor": roles.COUNCILLOR,
    "member_support": roles.MEMBER_SUPPORT,
    "admin_user": roles.ADMINISTRATOR,
}
STAFF_ROLES = tuple(
    Role(f"staff_{fixture}", fixture, verified=True, staff=True) for fixture in STAFF_ROLE_FIXTURES
)
OWNER_FIXTURE = "citizen"  # whose things strangers and anonymous visitors ask for


def client_for(user, *, verified: bool = False) -> Client:
    """A test client for ``user``: anonymous when None, tier 2 in session when ``verified``."""
    return Client() if user is None else signed_in(user, verified=verified)


def people(role: Role, getfixturevalue) -> tuple[object | None, object]:
    """(visitor, owner) for a role: owner is whose things the URL arguments name."""
    visitor = getfixturevalue(role.fixture) if role.fixture else None
    owner = visitor if visitor is not None and not role.stranger else None
    if owner is None:
        owner = getfixturevalue(OWNER_FIXTURE)
    return visitor, owner


def prepare(route: Route, *, client, visitor, owner) -> tuple[str, Provided]:
    """Reverse ``route`` to a path, creating what its arguments name."""
    provider = PROVIDERS.get(route.name)
    provided = Provided({})
    if provider is not None:
        session = client.session
        provided = provider.make(owner if provider.owned else visitor, session)
        session.save()
    return reverse(route.name, kwargs=provided.kwargs), provided


# --- What each visitor should get ----------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    to: str | None = None  # a redirect's target: path and query

    def __str__(self):
        return f"{self.status} to {self.to}" if self.to else str(self.status)


def _to(name: str) -> Outcome:
    return Outcome(302, reverse(name))


def expected(route: Route, role: Role, path: str) -> Outcome:
    """What ``role`` should get on a GET of ``path`` (the reversed ``route``)."""
    rule = route.rule
    staff_area = route.staff_only or path.startswith(STAFF_PREFIXES)
    if role.anonymous:
        if route.tier >= 1 or staff_area:
            return Outcome(302, login_url(path))
        if rule and rule.anonymous_to:
            return _to(rule.anonymous_to)
        if route.owned:  # a page open to anonymous visitors (pay:return), but not to this one
            return Outcome(404)
    else:
        if staff_area:
            if not role.staff:
                return Outcome(403)
            if not role.verified:
                return Outcome(302, step_up_url(path))
            needed = PAGE_PERMISSIONS.get(route.name)
            if needed and not role_may(role, needed):
                return Outcome(403)
            if route.name in MEMBERS_ONLY and not role_may(role, MEMBER_PERMISSIONS):
                return Outcome(403)
        elif route.tier >= 2 and not role.verified:
            return Outcome(302, step_up_url(path))
        if rule and rule.signed_in_to:
            return _to(rule.signed_in_to)
        if role.stranger and route.owned:
            return Outcome(404)
    if route.name in POST_ONLY:
        return Outcome(405)
    if route.name in REDIRECTING:
        return Outcome(302)
    return Outcome(rule.status if rule else 200)


def same_place(location: str, target: str) -> bool:
    """Two URLs name the same place: same path, same query (however it is encoded)."""
    a, b = urlsplit(location), urlsplit(target)
    return a.path == b.path and parse_qs(a.query) == parse_qs(b.query)


def pages_for(role: Role) -> list[Route]:
    """The HTML pages ``role`` may open with a plain GET, for the browser crawl."""
    return [
        route
        for route in routes()
        if route.classified
        and route.html
        and route.name not in NOT_CRAWLED
        # The members' pages are crawled as the members' own people, for whom an enquiry is
        # theirs (tests/e2e/test_members.py checks each with axe).
        and not (route.name in MEMBERS_ONLY and role_may(role, MEMBER_PERMISSIONS))
        and expected(route, role, "/" + route.pattern).status == 200
    ]
