"""Making a General enquiries request: start page, question, check your answers, sent."""

import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from casework import sla
from casework.models import Attachment, Case, Draft
from casework.workflow import Status
from integrations.outbox.worker import outbox_sweep
from integrations.pay.models import Payment
from tests.conftest import signed_in, user_queries
from tests.factories import AddressFactory
from tests.helpers import jpeg_with_gps, png
from tests.services.general.conftest import answer, version_on

pytestmark = pytest.mark.django_db

START = "/services/general/"


# --- Start page --------------------------------------------------------------------------------


def test_the_start_page_lists_active_request_types_with_their_fees(client, request_types):
    from tests.casework.factories import RequestTypeFactory

    RequestTypeFactory(service="general", slug="old-form", name="An old form", active=False)

    page = client.get(START)

    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-xl">General enquiries</h1>' in html
    assert 'href="/services/general/general-enquiry/">Ask a question</a>' in html
    assert 'href="/services/general/pest-control-treatment/">Book a pest control treatment' in html
    assert "We treat rats, mice and wasp nests at your home." in html
    assert "<strong>£45</strong>" in html
    assert "An old form" not in html  # not active
    assert html.count("£") == 1  # only the type with a fee says one


def test_the_start_page_asks_visitors_to_sign_in_and_residents_go_straight_on(
    client, resident, request_types
):
    assert "Sign in</a> or" in client.get(START).content.decode()
    assert "Sign in</a> or" not in resident.get(START).content.decode()


def test_the_start_page_costs_the_same_queries_however_many_types(resident, request_types):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.casework.factories import RequestTypeFactory

    def queries():
        """Beside the session's own (read, and now and then slid on): the page's queries."""
        with CaptureQueriesContext(connection) as context:
            assert resident.get(START).status_code == 200
        return [
            query["sql"]
            for query in context.captured_queries
            if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]
        ]

    resident.get(START)  # the first visit reads the user into the cache (with Redis)
    few = queries()
    for n in range(5):
        RequestTypeFactory(service="general", slug=f"general-extra-{n}", fee_pence=100 * (n + 1))
    many = queries()

    assert len(few) == len(many) == 1 + user_queries()  # (the user,) the request types
    assert sum("casework_requesttype" in sql for sql in many) == 1


def test_the_service_is_registered_with_its_start_page_and_the_fee_type(request_types):
    from casework import registry

    general = registry.service("general")
    assert general.start_url_name == "general:start"
    pest = request_types["pest-control-treatment"]
    assert (pest.name, pest.fee_pence, pest.team.slug, pest.needs_address, pest.sla_days) == (
        "Book a pest control treatment",
        4500,
        "environmental-health",
        True,
        10,
    )


def test_the_residents_home_page_links_to_the_service(resident, request_types):
    assert 'href="/services/general/"' in resident.get("/account/").content.decode()


# --- The whole journey ----------------------------------------------------------------------


def test_a_resident_asks_a_question_from_start_to_confirmation(citizen, resident, question_type):
    citizen.address = AddressFactory(line1="4 Mill Lane")
    citizen.save()

    page = resident.get(f"{START}general-enquiry/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "What is it about?" in html and "Tell us more" in html
    assert 'data-module="govuk-character-count"' in html
    assert "You can enter up to 5,000 characters" in html  # the limit, without JavaScript
    assert 'name="files"' in html and 'enctype="multipart/form-data"' in html

    page = answer(
        resident,
        question_type,
        summary="Library opening hours",
        details="Is the library open on\r\nbank holiday Mondays?",
        files=[png("poster.png")],
    )
    assert page.status_code == 302
    assert page["Location"] == f"{START}general-enquiry/check/"

    check = resident.get(page["Location"])
    html = check.content.decode()
    assert check.status_code == 200
    assert "Check your answers before sending your request" in html
    assert "Library opening hours" in html
    assert "Is the library open on<br>bank holiday Mondays?" in html
    assert "poster.png" in html
    assert "4 Mill Lane" in html
    assert f'href="{START}general-enquiry/?change=check#id_summary">Change' in html
    assert f'href="{START}general-enquiry/?change=check#id_details">Change' in html
    assert "Send request" in html

    sent = resident.post(check.request["PATH_INFO"], {"version": version_on(check)})

    case = Case.objects.get(resident=citizen)
    assert sent.status_code == 302
    assert sent["Location"] == f"{START}general-enquiry/sent/{case.reference}/"
    assert case.answers == {"details": "Is the library open on\nbank holiday Mondays?"}
    assert case.summary == "Library opening hours"
    assert case.status == Status.SUBMITTED
    assert case.channel == "web" and case.created_by == citizen
    assert case.team.slug == "customer-services"
    assert case.address == citizen.address
    assert case.due_date == sla.due_date(start=timezone.localdate(), days=10, working_days=True)
    attachment = Attachment.objects.get(case=case)
    assert (attachment.original_name, attachment.content_type) == ("poster.png", "image/png")
    assert attachment.event == case.events.first()
    assert not Draft.objects.filter(user=citizen).exists()  # sent: nothing left to continue

    confirmation = resident.get(sent["Location"])
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "govuk-panel--confirmation" in html and "Request sent" in html
    assert f"<strong>{case.reference}</strong>" in html
    assert f"We aim to reply by {case.due_date:%A} {case.due_date.day} " in html
    assert "What happens next" in html
    assert f'href="/requests/{case.reference}/"' in html

    outbox_sweep()
    to_resident = [m for m in mail.outbox if m.to == [citizen.email]]
    assert len(to_resident) == 1
    assert "We have received your request" in to_resident[0].body
    assert case.reference in to_resident[0].body


def test_a_photo_is_sent_without_where_it_was_taken(citizen, resident, question_type):
    answer(resident, question_type, files=[jpeg_with_gps("garden.jpg")])
    check = resident.get(f"{START}general-enquiry/check/")
    resident.post(f"{START}general-enquiry/check/", {"version": version_on(check)})

    attachment = Attachment.objects.get(case__resident=citizen)
    with attachment.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        exif = image.getexif()
    assert not exif.get_ifd(0x8825)  # no GPS
    assert "PhoneCo" not in str(dict(exif))


def test_a_request_with_a_fee_goes_straight_to_the_payment_provider(
    citizen, resident, pest_control
):
    citizen.address = AddressFactory()
    citizen.save()
    answer(resident, pest_control, summary="Mice in the kitchen", details="Every evening.")
    check = resident.get(f"{START}pest-control-treatment/check/")
    html = check.content.decode()
    assert "£45" in html and "Send and pay" in html

    sent = resident.post(f"{START}pest-control-treatment/check/", {"version": version_on(check)})

    case = Case.objects.get(resident=citizen)
    payment = Payment.objects.get(purpose=f"case:{case.pk}")
    assert sent.status_code == 302
    assert sent["Location"] == payment.next_url
    assert (payment.amount_pence, payment.return_to) == (4500, f"/requests/{case.reference}/")
    assert case.status == Status.AWAITING_PAYMENT and case.fee_pence == 4500
    assert case.team.slug == "environmental-health"
    outbox_sweep()
    assert not [m for m in mail.outbox if m.to == [citizen.email]]  # told once it is paid
    # The confirmation page is for requests that are on their way: this one waits.
    assert resident.get(f"{START}pest-control-treatment/sent/{case.reference}/")["Location"] == (
        f"/requests/{case.reference}/"
    )


def test_when_payments_are_unavailable_the_request_page_explains_and_offers_pay_now(
    citizen, resident, pest_control, settings
):
    settings.PAY_FAKE_ALLOWED = False  # and no GOV.UK Pay key: nobody can take a payment
    citizen.address = AddressFactory()
    citizen.save()
    answer(resident, pest_control)
    check = resident.get(f"{START}pest-control-treatment/check/")

    sent = resident.post(
        f"{START}pest-control-treatment/check/", {"version": version_on(check)}, follow=True
    )

    case = Case.objects.get(resident=citizen)
    html = sent.content.decode()
    assert sent.redirect_chain == [(f"/requests/{case.reference}/", 302)]
    assert sent.status_code == 200
    assert "we could not take you to the payment page" in html
    assert "problem with the payment service" in html
    assert f'action="/requests/{case.reference}/pay/"' in html  # Pay now, again
    assert case.status == Status.AWAITING_PAYMENT


def test_a_request_that_needs_an_address_is_not_sent_without_one(citizen, resident, pest_control):
    answer(resident, pest_control)
    check = resident.get(f"{START}pest-control-treatment/check/")
    assert "We need your address for this request" in check.content.decode()

    refused = resident.post(f"{START}pest-control-treatment/check/", {"version": version_on(check)})

    assert refused.status_code == 400
    assert "Add your address to your account" in refused.content.decode()
    assert not Case.objects.exists()


def test_an_address_typed_in_by_hand_goes_with_the_request(citizen, resident, question_type):
    citizen.manual_address = "Flat 2\n7 Old Road\nMillbrook"
    citizen.manual_postcode = "MB9 9ZZ"
    citizen.save()
    answer(resident, question_type)
    check = resident.get(f"{START}general-enquiry/check/")
    resident.post(f"{START}general-enquiry/check/", {"version": version_on(check)})

    case = Case.objects.get(resident=citizen)
    assert case.address is None
    assert case.location_text == "Flat 2, 7 Old Road, Millbrook, MB9 9ZZ"


# --- Sending once ------------------------------------------------------------------------------


def test_sending_twice_makes_one_request_and_shows_it_both_times(citizen, resident, question_type):
    answer(resident, question_type)
    check = resident.get(f"{START}general-enquiry/check/")
    version = version_on(check)

    first = resident.post(f"{START}general-enquiry/check/", {"version": version})
    second = resident.post(f"{START}general-enquiry/check/", {"version": version})

    case = Case.objects.get(resident=citizen)
    assert (
        first["Location"]
        == second["Location"]
        == (f"{START}general-enquiry/sent/{case.reference}/")
    )


def test_a_second_click_that_lost_the_race_shows_the_request_the_first_made(citizen, question_type):
    """Two clicks read the same draft; the one that claims it second makes nothing."""
    from casework.journeys import actions, selectors
    from services.general.journey import JOURNEY

    client = signed_in(citizen)
    answer(client, question_type)
    url_kwargs = {"type_slug": question_type.slug}
    first_click = selectors.journey_context(JOURNEY, user=citizen, url_kwargs=url_kwargs)
    second_click = selectors.journey_context(JOURNEY, user=citizen, url_kwargs=url_kwargs)

    first = actions.journey_send(ctx=first_click, walk=selectors.journey_walk(first_click))
    again = actions.journey_send(ctx=second_click, walk=selectors.journey_walk(second_click))

    assert first is not None and again is None
    assert Case.objects.count() == 1
    assert selectors.case_sent_from_draft(ctx=second_click, draft=second_click.draft) == first


def test_answers_changed_in_another_tab_are_checked_again_before_sending(
    citizen, resident, question_type
):
    answer(resident, question_type, summary="First")
    check = resident.get(f"{START}general-enquiry/check/")
    answer(resident, question_type, summary="Second thoughts")  # another tab

    stale = resident.post(f"{START}general-enquiry/check/", {"version": version_on(check)})

    html = stale.content.decode()
    assert stale.status_code == 400
    assert "Your answers have changed since this page was shown" in html
    assert "Second thoughts" in html
    assert not Case.objects.exists()
    sent = resident.post(f"{START}general-enquiry/check/", {"version": version_on(stale)})
    assert sent.status_code == 302
    assert Case.objects.get().summary == "Second thoughts"


# --- Who may --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, question_type):
    for path in (f"{START}general-enquiry/", f"{START}general-enquiry/check/"):
        page = client.get(path)
        assert page.status_code == 302
        assert page["Location"].startswith("/account/login/?next=")
    assert client.post(f"{START}general-enquiry/", {"summary": "x"}).status_code == 302
    assert not Draft.objects.exists()


def test_another_resident_cannot_see_the_request(citizen, another_citizen, resident, question_type):
    answer(resident, question_type)
    check = resident.get(f"{START}general-enquiry/check/")
    sent = resident.post(f"{START}general-enquiry/check/", {"version": version_on(check)})
    case = Case.objects.get(resident=citizen)
    stranger = signed_in(another_citizen, verified=True)

    assert stranger.get(sent["Location"]).status_code == 404
    assert stranger.get(f"/requests/{case.reference}/").status_code == 404
    # Their own check page has nothing of the first resident's to send.
    assert stranger.get(f"{START}general-enquiry/check/").status_code == 302


def test_a_tier_2_request_type_asks_for_a_second_factor(citizen, question_type):
    question_type.auth_tier = 2
    question_type.save()

    page = signed_in(citizen).get(f"{START}general-enquiry/")
    assert page.status_code == 302
    assert page["Location"].startswith("/account/security/verify/?next=")

    posted = signed_in(citizen).post(f"{START}general-enquiry/", {"summary": "x"})
    assert posted["Location"].startswith("/account/security/verify/?next=")
    assert not Draft.objects.exists()

    assert signed_in(citizen, verified=True).get(f"{START}general-enquiry/").status_code == 200


# --- Saving for later ---------------------------------------------------------------------


def test_save_and_come_back_later(citizen, resident, question_type):
    saved = resident.post(
        f"{START}general-enquiry/", {"summary": "Skip outside my house", "action": "save"}
    )
    assert saved.status_code == 302 and saved["Location"] == "/requests/saved/"
    draft = Draft.objects.get(user=citizen)

    listing = resident.get("/requests/saved/").content.decode()
    continue_url = f"{START}?draft={draft.pk}"
    assert f'href="{continue_url}"' in listing

    back = resident.get(continue_url)
    assert back["Location"] == f"{START}general-enquiry/"
    page = resident.get(back["Location"]).content.decode()
    assert 'value="Skip outside my house"' in page


def test_a_finished_draft_continues_at_check_your_answers(citizen, resident, question_type):
    answer(resident, question_type)
    draft = Draft.objects.get(user=citizen)

    assert resident.get(f"{START}?draft={draft.pk}")["Location"] == (
        f"{START}general-enquiry/check/"
    )


def test_someone_elses_draft_cannot_be_continued(another_citizen, resident, question_type):
    from casework.drafts import draft_save

    theirs = draft_save(user=another_citizen, request_type=question_type, answers={})

    assert resident.get(f"{START}?draft={theirs.pk}").status_code == 404
    assert resident.get(f"{START}?draft=not-a-number").status_code == 404


def test_anonymous_visitors_continuing_a_draft_sign_in_first(client, question_type):
    page = client.get(f"{START}?draft=1")
    assert page.status_code == 302 and page["Location"].startswith("/account/login/?next=")


def test_the_demo_draft_saved_as_a_question_opens_with_its_text(citizen, resident, question_type):
    from casework.drafts import draft_save

    draft_save(
        user=citizen,
        request_type=question_type,
        answers={"question": "Can I put a skip on the road?"},
        step="question",
    )

    page = resident.get(f"{START}general-enquiry/").content.decode()

    assert "Can I put a skip on the road?</textarea>" in page


# --- Files ------------------------------------------------------------------------------


def test_files_survive_a_mistake_in_another_answer(citizen, resident, question_type):
    page = answer(resident, question_type, summary="", files=[png("hedge.png")])

    html = page.content.decode()
    assert page.status_code == 400
    assert "Enter what your request is about" in html
    assert "Photos and documents you have added" in html
    assert re.search(r'<input[^>]*name="keep"[^>]*checked', html)
    assert "hedge.png" in html

    fixed = resident.post(
        f"{START}general-enquiry/",
        {
            "summary": "Overgrown hedge",
            "details": "It blocks the pavement.",
            "keep": re.findall(r'name="keep" value="([0-9a-f]+)"', html),
            "listed": re.search(r'name="listed" value="([^"]*)"', html).group(1),
        },
    )
    assert fixed.status_code == 302
    check = resident.get(fixed["Location"]).content.decode()
    assert "hedge.png" in check


def test_unticking_a_file_removes_it(citizen, resident, question_type):
    answer(resident, question_type, files=[png("one.png"), png("two.png")])
    page = resident.get(f"{START}general-enquiry/").content.decode()
    keys = dict(
        (name, key)
        for key, name in re.findall(
            r'name="keep" value="([0-9a-f]+)"[^>]*>\s*<label[^>]*>([^<]+)</label>', page
        )
    )
    assert set(keys) == {"one.png", "two.png"}

    answer(
        resident,
        question_type,
        keep=[keys["two.png"]],
        listed=",".join(keys.values()),
    )

    check = resident.get(f"{START}general-enquiry/check/").content.decode()
    assert "two.png" in check and "one.png" not in check


# --- The request type's own questions (set by administrators) -----------------------------


def test_a_request_types_own_questions_are_asked_and_sent_by_their_labels(
    citizen, resident, question_type
):
    question_type.questions = [
        {
            "key": "skip_size",
            "label": "What size is the skip?",
            "type": "radios",
            "choices": ["Mini", "Builder's"],
        },
        {"key": "days", "label": "How many days will it stay?", "type": "text"},
    ]
    question_type.save()

    after = answer(resident, question_type)
    assert after["Location"] == f"{START}general-enquiry/questions/"
    page = resident.get(after["Location"]).content.decode()
    assert "What size is the skip?" in page and "How many days will it stay?" in page
    missing = resident.post(after["Location"], {"days": "3"})
    assert missing.status_code == 400
    assert "Select an answer for ‘What size is the skip?’" in missing.content.decode()
    resident.post(after["Location"], {"skip_size": "Mini", "days": "3"})

    check = resident.get(f"{START}general-enquiry/check/")
    assert "What size is the skip?" in check.content.decode()
    resident.post(f"{START}general-enquiry/check/", {"version": version_on(check)})

    case = Case.objects.get(resident=citizen)
    assert case.answers == {
        "details": "It blocks the pavement.",
        "What size is the skip?": "Mini",
        "How many days will it stay?": "3",
    }
