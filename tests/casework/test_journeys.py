"""The journey engine (casework.journeys), through a journey made for these tests
(tests/casework/journey_urls.py: a blue badge question whose answer decides whether
the badge page is asked) and General enquiries (files)."""

import datetime
import re

import pytest
from django import forms
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.journeys import actions as journey_actions
from casework.models import Case, Draft, JourneyEvent
from tests.casework.factories import RequestTypeFactory
from tests.casework.journey_urls import SLUG
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.casework.journey_urls")]

KERB = "/kerb/"


@pytest.fixture(autouse=True)
def kerb_type(db):
    """The journey these tests take (tests/casework/journey_urls.py) needs its request type."""
    return RequestTypeFactory(slug=SLUG, name="Request a dropped kerb", service="highways")


def _version(page) -> str:
    return re.search(r'name="version" value="([^"]+)"', page.content.decode()).group(1)


def _answer_all(client, *, badge="yes"):
    client.post(KERB, {"blue_badge": badge})
    if badge == "yes":
        client.post(f"{KERB}badge/", {"badge_number": "AB12 345"})
    return client.post(f"{KERB}details/", {"where": "Outside 4 Mill Lane"})


# --- Steps, rules and the way through ---------------------------------------------------------


def test_each_answer_leads_to_the_next_step_the_rules_allow(resident):
    page = resident.get(KERB)
    assert page.status_code == 200 and "Do you have a blue badge?" in page.content.decode()

    assert resident.post(KERB, {"blue_badge": "yes"})["Location"] == f"{KERB}badge/"
    badge = resident.post(f"{KERB}badge/", {"badge_number": "AB12 345"})
    assert badge["Location"] == f"{KERB}details/"
    assert resident.post(f"{KERB}details/", {"where": "Mill Lane"})["Location"] == f"{KERB}check/"


def test_a_step_hidden_by_an_answer_is_skipped_and_cannot_be_posted_to(resident, citizen):
    assert resident.post(KERB, {"blue_badge": "no"})["Location"] == f"{KERB}details/"

    tampered = resident.post(f"{KERB}badge/", {"badge_number": "FAKE"})

    assert tampered.status_code == 302 and tampered["Location"] == f"{KERB}details/"
    assert "badge" not in Draft.objects.get(user=citizen).answers["steps"]


def test_jumping_ahead_by_url_lands_on_the_first_unanswered_step(resident):
    assert resident.get(f"{KERB}details/")["Location"] == KERB
    assert resident.get(f"{KERB}check/")["Location"] == KERB
    resident.post(KERB, {"blue_badge": "yes"})
    assert resident.post(f"{KERB}details/", {"where": "x"})["Location"] == f"{KERB}badge/"


def test_a_step_the_journey_does_not_have_is_not_found(resident):
    assert resident.get(f"{KERB}nonsense/").status_code == 404


def test_a_wrong_answer_is_a_400_with_the_error_and_is_not_kept(resident, citizen):
    page = resident.post(KERB, {"blue_badge": "maybe"})

    assert page.status_code == 400
    assert "govuk-error-summary" in page.content.decode()
    assert not Draft.objects.filter(user=citizen).exists()


def test_an_answer_that_hides_a_step_leaves_its_answers_out_of_the_request(resident, citizen):
    _answer_all(resident, badge="yes")
    resident.post(f"{KERB}?change=check", {"blue_badge": "no"})  # changed their mind

    check = resident.get(f"{KERB}check/")
    assert "AB12 345" not in check.content.decode()
    resident.post(f"{KERB}check/", {"version": _version(check)})

    case = Case.objects.get(resident=citizen)
    assert case.answers == {
        "Do you have a blue badge?": "No",
        "Where do you want the kerb dropped?": "Outside 4 Mill Lane",
    }


# --- Check your answers and Change ---------------------------------------------------------


def test_check_your_answers_lists_each_answer_with_a_change_link_to_its_step(resident):
    _answer_all(resident)

    html = resident.get(f"{KERB}check/").content.decode()

    assert "govuk-summary-list" in html
    for label, value in [
        ("Do you have a blue badge?", "Yes"),
        ("Blue badge number", "AB12 345"),
        ("Where do you want the kerb dropped?", "Outside 4 Mill Lane"),
    ]:
        assert f'<dt class="govuk-summary-list__key">{label}</dt>' in html
        assert f'<dd class="govuk-summary-list__value">{value}</dd>' in html
    assert f'href="{KERB}badge/?change=check#id_badge_number">Change' in html


def test_a_change_returns_to_check_your_answers_with_the_answer_shown(resident):
    _answer_all(resident)
    page = resident.get(f"{KERB}badge/?change=check")
    assert 'value="AB12 345"' in page.content.decode()  # what they said before

    changed = resident.post(f"{KERB}badge/?change=check", {"badge_number": "ZZ99 999"})

    assert changed["Location"] == f"{KERB}check/"
    assert "ZZ99 999" in resident.get(f"{KERB}check/").content.decode()


def test_a_change_that_opens_a_new_step_asks_it_before_going_back_to_check(resident):
    _answer_all(resident, badge="no")

    changed = resident.post(f"{KERB}?change=check", {"blue_badge": "yes"})

    assert changed["Location"] == f"{KERB}badge/"


def test_back_links_go_to_the_step_before(resident):
    _answer_all(resident)
    assert (
        f'href="{KERB}badge/" class="govuk-back-link"'
        in resident.get(f"{KERB}details/").content.decode()
    )
    assert (
        f'href="{KERB}details/" class="govuk-back-link"'
        in resident.get(f"{KERB}check/").content.decode()
    )


# --- Sending once ---------------------------------------------------------------------------


def test_sending_makes_one_case_and_shows_its_confirmation(resident, citizen):
    _answer_all(resident)
    check = resident.get(f"{KERB}check/")

    first = resident.post(f"{KERB}check/", {"version": _version(check)})
    second = resident.post(f"{KERB}check/", {"version": _version(check)})  # double click

    case = Case.objects.get(resident=citizen)
    assert first["Location"] == second["Location"] == f"{KERB}sent/{case.reference}/"
    confirmation = resident.get(first["Location"]).content.decode()
    assert case.reference in confirmation and "What happens next" in confirmation
    assert not Draft.objects.filter(user=citizen).exists()


def test_another_persons_confirmation_is_not_found(resident, citizen, another_citizen):
    _answer_all(resident)
    sent = resident.post(f"{KERB}check/", {"version": _version(resident.get(f"{KERB}check/"))})

    stranger = signed_in(another_citizen)
    assert stranger.get(sent["Location"]).status_code == 404
    assert stranger.get(f"{KERB}check/")["Location"] == KERB  # their own, empty journey


def test_a_request_with_a_fee_goes_to_the_payment_step(resident, citizen, kerb_type):
    kerb_type.fee_pence = 12500
    kerb_type.save()
    _answer_all(resident)
    check = resident.get(f"{KERB}check/")
    assert "Send and pay" in check.content.decode() and "£125" in check.content.decode()

    sent = resident.post(f"{KERB}check/", {"version": _version(check)})

    case = Case.objects.get(resident=citizen)
    assert case.fee_pence == 12500
    assert sent.status_code == 302 and sent["Location"] != f"{KERB}sent/{case.reference}/"


# --- Save and come back later; step events --------------------------------------------------


def test_save_and_come_back_later_keeps_what_was_typed_and_resumes_there(resident, citizen):
    resident.post(KERB, {"blue_badge": "yes"})
    saved = resident.post(f"{KERB}badge/", {"badge_number": "AB1", "action": "save"})
    assert saved["Location"] == "/requests/saved/"

    again = signed_in(citizen)  # another device
    assert 'value="AB1"' in again.get(f"{KERB}badge/").content.decode()


def test_step_events_record_started_steps_saved_and_sent(resident, citizen):
    resident.post(KERB, {"blue_badge": "yes"})
    resident.post(f"{KERB}badge/", {"badge_number": "AB1", "action": "save"})
    resident.post(f"{KERB}badge/", {"badge_number": "AB1"})
    resident.post(f"{KERB}details/", {"where": "Mill Lane"})
    resident.post(f"{KERB}check/", {"version": _version(resident.get(f"{KERB}check/"))})

    events = list(
        JourneyEvent.objects.order_by("pk").values_list("journey", "kind", "step", "actor")
    )
    assert events == [
        ("dropped-kerb", "started", "", citizen.pk),
        ("dropped-kerb", "step", "about", citizen.pk),
        ("dropped-kerb", "saved", "badge", citizen.pk),
        ("dropped-kerb", "step", "badge", citizen.pk),
        ("dropped-kerb", "step", "details", citizen.pk),
        ("dropped-kerb", "sent", "", citizen.pk),
    ]


def test_a_step_page_costs_the_same_queries_however_many_drafts(resident, citizen):
    resident.post(KERB, {"blue_badge": "yes"})
    with CaptureQueriesContext(connection) as few:
        assert resident.get(f"{KERB}badge/").status_code == 200
    for n in range(5):
        Draft.objects.create(
            user=citizen,
            request_type=RequestTypeFactory(),
            answers={"steps": {}},
            expires_at=timezone.now() + datetime.timedelta(days=5 + n),
        )
    with CaptureQueriesContext(connection) as many:
        assert resident.get(f"{KERB}badge/").status_code == 200
    assert len(few) == len(many)


def test_visitors_must_sign_in(client, kerb_type):
    for url in (KERB, f"{KERB}badge/", f"{KERB}check/"):
        assert client.get(url)["Location"].startswith("/account/login/?next=")


# --- Files (General enquiries' question page) ---------------------------------------------


@pytest.mark.urls("portal.urls")
def test_files_wait_until_the_request_is_sent_then_become_its_attachments(
    citizen, django_capture_on_commit_callbacks
):
    from casework.request_types import request_types_sync
    from tests.helpers import png

    request_types_sync()
    client = signed_in(citizen)
    url = "/services/general/general-enquiry/"
    client.post(url, {"summary": "Hedge", "details": "Tall", "files": [png("a.png")]})
    (file,) = Draft.objects.get(user=citizen).answers["files"]
    path = journey_actions.pending_path(citizen.pk, file["key"])
    assert default_storage.exists(path)

    check = client.get(f"{url}check/")
    assert "a.png" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}check/", {"version": _version(check)})

    assert Case.objects.get(resident=citizen).attachments.get().original_name == "a.png"
    assert not default_storage.exists(path)


@pytest.mark.urls("portal.urls")
def test_files_of_a_deleted_draft_are_purged_after_a_while(citizen):
    from casework.drafts import draft_discard
    from casework.request_types import request_types_sync
    from tests.helpers import png

    request_types_sync()
    client = signed_in(citizen)
    client.post(
        "/services/general/general-enquiry/",
        {"summary": "Hedge", "details": "Tall", "files": [png()], "action": "save"},
    )
    draft = Draft.objects.get(user=citizen)
    path = journey_actions.pending_path(citizen.pk, draft.answers["files"][0]["key"])
    draft_discard(user=citizen, draft_id=draft.pk)

    assert journey_actions.pending_files_purge() == 0  # a moment before its draft is saved
    later = timezone.now() + journey_actions.ORPHAN_GRACE + datetime.timedelta(minutes=1)
    assert journey_actions.pending_files_purge(now=later) == 1
    assert not default_storage.exists(path)


def test_pending_paths_are_only_ever_ours():
    with pytest.raises(ValueError):
        journey_actions.pending_path(1, "../../etc/passwd")


def test_a_draft_that_expires_unsent_is_recorded_as_abandoned_at_its_step(resident, citizen):
    from casework.drafts import drafts_expire

    resident.post(KERB, {"blue_badge": "yes"})
    later = timezone.now() + datetime.timedelta(days=60)

    assert drafts_expire(now=later) == 1

    abandoned = JourneyEvent.objects.get(kind="abandoned")
    assert (abandoned.journey, abandoned.step, abandoned.actor) == (
        "dropped-kerb",
        "about",
        citizen,
    )


# --- What a service may add: resuming by slug, its own access rule, what the check page showed


@pytest.fixture
def kerb_journey():
    from casework.journeys.registry import journey_get

    return journey_get("dropped-kerb")


def test_a_saved_draft_is_continued_where_it_stopped_by_its_owner_only(
    resident, citizen, another_citizen
):
    resident.post(KERB, {"blue_badge": "no", "action": "save"})
    draft = Draft.objects.get(user=citizen)
    assert draft.answers["journey"] == "dropped-kerb" and draft.answers["url_kwargs"] == {}

    url = f"/requests/saved/{draft.pk}/continue/"
    assert resident.get(url)["Location"] == f"{KERB}details/"
    assert signed_in(another_citizen).get(url).status_code == 404
    draft.answers = {"where": "not a journey's draft"}
    draft.save()
    assert resident.get(url).status_code == 404


def test_a_draft_of_another_journey_of_the_same_request_type_is_not_read_as_this_ones(
    resident, citizen, kerb_type
):
    from casework.drafts import draft_save

    draft_save(
        user=citizen,
        request_type=kerb_type,
        answers={"journey": "another", "steps": {"about": {"blue_badge": ["no"]}}},
    )
    assert resident.get(f"{KERB}check/")["Location"] == KERB
    assert resident.post(f"{KERB}details/", {"where": "Mill Lane"})["Location"] == KERB


def test_a_journeys_own_access_rule_refuses_every_page_with_a_404(
    resident, monkeypatch, kerb_journey
):
    from django.http import Http404

    def refuse(ctx):
        raise Http404

    _answer_all(resident)
    monkeypatch.setattr(kerb_journey, "check_access", refuse)
    for url in (KERB, f"{KERB}details/", f"{KERB}check/"):
        assert resident.get(url).status_code == 404, url
        assert resident.post(url, {"version": "x"}).status_code == 404, url
    assert not Case.objects.exists()


def test_what_else_the_check_page_showed_must_not_change_before_sending(
    resident, monkeypatch, kerb_journey
):
    _answer_all(resident)
    check = resident.get(f"{KERB}check/")
    monkeypatch.setattr(kerb_journey, "shown_version", lambda *, ctx, walk: "a new price")
    monkeypatch.setattr(kerb_journey, "changed_message", "The price has changed")

    sent = resident.post(f"{KERB}check/", {"version": _version(check)})

    assert sent.status_code == 400 and "The price has changed" in sent.content.decode()
    assert not Case.objects.exists()
    again = resident.post(f"{KERB}check/", {"version": _version(sent)})
    assert again.status_code == 302 and Case.objects.count() == 1


def test_a_journey_says_where_a_sent_request_goes(resident, citizen, monkeypatch, kerb_journey):
    monkeypatch.setattr(kerb_journey, "sent_url", lambda ctx, case: f"/somewhere/{case.pk}/")
    _answer_all(resident)
    check = resident.get(f"{KERB}check/")
    sent = resident.post(f"{KERB}check/", {"version": _version(check)})
    assert sent["Location"] == f"/somewhere/{Case.objects.get(resident=citizen).pk}/"


# --- Forms that need the answers so far, fields posted as several inputs ------------------


class _DateWidget(forms.MultiWidget):
    def __init__(self):
        super().__init__({"day": forms.TextInput, "month": forms.TextInput})

    def decompress(self, value):
        return value or [None, None]


def _date_form_class():
    class DayMonthField(forms.MultiValueField):
        def __init__(self, **kwargs):
            fields = [forms.CharField(), forms.CharField()]
            super().__init__(fields, widget=_DateWidget(), label="When", **kwargs)

        def compress(self, data_list):
            return "/".join(data_list) if data_list else None

        def display_value(self, value):
            return f"day {value}"

    class WhenForm(forms.Form):
        when = DayMonthField()

        def __init__(self, *args, values=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.seen_values = values

    return WhenForm


def test_a_field_posted_as_several_inputs_is_kept_and_shown_again():
    from django.http import QueryDict

    from casework.journeys.definition import Step
    from casework.journeys.state import Answers, _initial, _Posted, display_value

    form_class = _date_form_class()
    posted = QueryDict("when_day=5&when_month=1&other=x")
    answers = Answers().with_step("when", form_class(posted))

    assert answers.posted("when") == {"when_day": ["5"], "when_month": ["1"]}
    assert _initial(form_class, answers.posted("when")) == {"when": ["5", "1"]}
    step = Step("when", form_class, "When")
    assert step.form_class(_Posted(answers.posted("when"))).is_valid()
    assert display_value(form_class.base_fields["when"], "5/1") == "day 5/1"


def test_a_step_form_gets_the_answers_of_the_steps_before_it(citizen, kerb_type):
    from casework.journeys.definition import Journey, JourneyContext, Step
    from casework.journeys.state import Answers, walk

    form_class = _date_form_class()

    class WithValues(Journey):
        def step_form_kwargs(self, step, ctx, values):
            return {"values": dict(values)} if step.name == "when" else {}

    from tests.casework.journey_urls import AboutForm

    steps = [Step("about", AboutForm, "About"), Step("when", form_class, "When")]
    journey = WithValues()
    ctx = JourneyContext(journey=journey, request_type=kerb_type, actor=citizen, citizen=citizen)
    answers = Answers(steps={"about": {"blue_badge": ["yes"]}})

    result = walk(journey, ctx, answers, steps)

    assert result.form("when").seen_values == {"blue_badge": "yes"}


# --- Outcomes: a rule that ends the journey with an answer instead of a form ----------------

REPAIR = "/repair/"


@pytest.fixture
def repairs(citizen):
    RequestTypeFactory(slug="repair-test", name="Report a repair", service="housing")
    return signed_in(citizen)


def test_an_answer_that_ends_the_journey_shows_its_outcome_and_sends_nothing(repairs, citizen):
    answered = repairs.post(REPAIR, {"emergency": "yes"})
    assert answered["Location"] == f"{REPAIR}outcome/"

    page = repairs.get(f"{REPAIR}outcome/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">Phone us now</h1>' in html
    assert "An emergency is dealt with by telephone, day and night." in html
    assert '<a class="govuk-link" href="/contact/">Our telephone numbers</a>' in html
    assert f'href="{REPAIR}" class="govuk-back-link"' in html  # back to change the answer
    # The steps after it and the check page lead to the outcome; nothing can be sent.
    later = repairs.get(f"{REPAIR}details/")
    assert later.status_code == 200 and "Phone us now" in later.content.decode()
    tampered = repairs.post(f"{REPAIR}details/", {"where": "Kitchen"})
    assert tampered.status_code == 200 and "Phone us now" in tampered.content.decode()
    assert repairs.get(f"{REPAIR}check/")["Location"] == f"{REPAIR}outcome/"
    assert repairs.post(f"{REPAIR}check/", {"version": "x"})["Location"] == f"{REPAIR}outcome/"
    assert not Case.objects.exists()
    assert "details" not in Draft.objects.get(user=citizen).answers["steps"]


def test_changing_the_answer_goes_on_with_the_journey(repairs, citizen):
    repairs.post(REPAIR, {"emergency": "yes"})

    changed = repairs.post(REPAIR, {"emergency": "no"})

    assert changed["Location"] == f"{REPAIR}details/"
    assert repairs.get(f"{REPAIR}outcome/")["Location"] == f"{REPAIR}details/"
    repairs.post(f"{REPAIR}details/", {"where": "Kitchen tap"})
    check = repairs.get(f"{REPAIR}check/")
    repairs.post(f"{REPAIR}check/", {"version": _version(check)})
    assert Case.objects.get(resident=citizen).summary == "Kitchen tap"


def test_an_outcome_before_any_question_is_shown_at_the_journeys_address(
    repairs, citizen, monkeypatch
):
    from tests.casework.journey_urls import REPAIR as journey

    monkeypatch.setattr(journey, "closed", True)

    page = repairs.get(REPAIR)
    posted = repairs.post(REPAIR, {"emergency": "no"})

    assert page.status_code == posted.status_code == 200
    assert "Repairs are closed today" in page.content.decode()
    assert "Repairs are closed today" in posted.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1]
    assert not Draft.objects.filter(user=citizen).exists()


def test_sending_answers_that_lead_to_an_outcome_is_refused(repairs, citizen):
    from casework.journeys.selectors import journey_context, journey_walk
    from tests.casework.journey_urls import REPAIR as journey

    repairs.post(REPAIR, {"emergency": "yes"})
    ctx = journey_context(journey, user=citizen, url_kwargs={})

    with pytest.raises(journey_actions.NotReady) as refused:
        journey_actions.journey_send(ctx=ctx, walk=journey_walk(ctx))

    assert refused.value.problems == ["Phone us now"]
    assert not Case.objects.exists()


def test_a_draft_saved_at_other_url_arguments_is_not_carried_over(resident, citizen):
    """A journey at an address (waste): answers given for one address are not shown or
    sent for another."""
    from casework.journeys.selectors import journey_context
    from tests.casework.journey_urls import DroppedKerb

    resident.post(KERB, {"blue_badge": "yes"})
    draft = Draft.objects.get(user=citizen)
    draft.answers = {**draft.answers, "url_kwargs": {"uprn": 1}}
    draft.save()

    elsewhere = journey_context(DroppedKerb(), user=citizen, url_kwargs={})

    assert elsewhere.draft == draft and not elsewhere.answers.steps
    assert resident.get(f"{KERB}badge/")["Location"] == KERB
