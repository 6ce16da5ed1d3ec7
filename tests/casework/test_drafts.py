"""C3: save a part-completed request, come back to it, delete it; reminders and expiry."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.actions import user_close
from casework import drafts, registry, tasks
from casework.models import Draft
from core.formatting import govuk_date
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def bench(db):
    return RequestTypeFactory(name="Report a broken bench", slug="broken-bench")


@pytest.fixture
def permit(db):
    return RequestTypeFactory(name="Apply for a skip permit", slug="skip-permit")


@pytest.fixture
def draft(citizen, bench):
    return drafts.draft_save(
        user=citizen, request_type=bench, answers={"where": "the park"}, step="where"
    )


def save(user, request_type, **answers):
    return drafts.draft_save(
        user=user, request_type=request_type, answers=answers or {"a": 1}, step="s"
    )


def make_expire(draft, when):
    Draft.objects.filter(pk=draft.pk).update(expires_at=when)


# --- Saving -----------------------------------------------------------------------------


def test_saving_again_updates_the_one_draft_of_that_request_type(citizen, bench, permit):
    first = drafts.draft_save(
        user=citizen, request_type=bench, answers={"where": "park"}, step="where"
    )
    again = drafts.draft_save(
        user=citizen, request_type=bench, answers={"where": "park", "what": "seat"}, step="what"
    )
    other = save(citizen, permit)

    assert again.pk == first.pk
    assert other.pk != first.pk
    assert Draft.objects.filter(user=citizen).count() == 2
    again.refresh_from_db()
    assert again.answers == {"where": "park", "what": "seat"}
    assert again.step == "what"


def test_each_person_has_their_own_draft_of_a_request_type(citizen, another_citizen, bench):
    mine = save(citizen, bench)
    theirs = save(another_citizen, bench)

    assert mine.pk != theirs.pk


def test_saving_keeps_the_draft_for_the_configured_days_from_now(citizen, bench):
    before = timezone.now()
    draft = save(citizen, bench)
    keep = datetime.timedelta(days=settings.DRAFT_KEEP_DAYS)

    assert before + keep <= draft.expires_at <= timezone.now() + keep


def test_saving_again_pushes_the_date_on_and_allows_a_new_reminder(draft, citizen, bench):
    make_expire(draft, timezone.now() + DAY)
    Draft.objects.filter(pk=draft.pk).update(reminder_sent_at=timezone.now())

    saved = save(citizen, bench)

    assert saved.expires_at > timezone.now() + datetime.timedelta(days=settings.DRAFT_KEEP_DAYS - 1)
    assert saved.reminder_sent_at is None


# --- Reading: mine only, 404 for anything else ----------------------------------------------


def test_draft_for_user_is_404_for_someone_else_missing_expired_or_nonsense(
    draft, citizen, another_citizen
):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    assert drafts.draft_for_user(citizen, draft.pk) == draft
    for user, draft_id in [
        (another_citizen, draft.pk),
        (AnonymousUser(), draft.pk),
        (citizen, draft.pk + 1000),
        (citizen, "not-a-number"),
    ]:
        with pytest.raises(Http404):
            drafts.draft_for_user(user, draft_id)
    make_expire(draft, timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(Http404):
        drafts.draft_for_user(citizen, draft.pk)


# --- Your saved requests ----------------------------------------------------------------------


def test_the_list_shows_my_drafts_only_with_when_they_will_be_deleted(
    draft, citizen, another_citizen, permit
):
    save(another_citizen, permit)

    response = signed_in(citizen).get(reverse("drafts:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your saved requests" in page
    assert "Report a broken bench" in page
    assert "Apply for a skip permit" not in page
    assert f"We will delete this on {govuk_date(draft.expires_at)}" in page
    assert "Last saved" in page
    assert reverse("drafts:delete", args=[draft.pk]) in page


def test_the_list_leaves_out_expired_drafts(draft, citizen):
    make_expire(draft, timezone.now() - datetime.timedelta(minutes=1))

    page = signed_in(citizen).get(reverse("drafts:list")).content.decode()

    assert "Report a broken bench" not in page
    assert "You have no saved requests" in page


def test_an_empty_list_says_so(citizen):
    response = signed_in(citizen).get(reverse("drafts:list"))

    assert response.status_code == 200
    assert "You have no saved requests" in response.content.decode()


def test_the_list_needs_sign_in(client):
    response = client.get(reverse("drafts:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_costs_the_same_queries_for_one_draft_or_many(citizen, bench):
    client = signed_in(citizen)
    save(citizen, bench)
    client.get(reverse("drafts:list"))  # the session and the user are warm from here on
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("drafts:list"))
    for n in range(4):
        save(citizen, RequestTypeFactory(name=f"Something else {n}"))

    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("drafts:list"))

    assert response.content.decode().count('class="govuk-summary-card__title"') == 5
    assert len(five) == len(one)


def test_continue_goes_to_the_services_form_with_the_draft(registered, citizen, draft):
    # A start URL that takes the draft's id (drafts:delete stands in for a service's form).
    registered(
        registry.definitions,
        "test-service",
        registry.ServiceDefinition(
            slug="test-service", name="Test", start_url_name="drafts:delete"
        ),
    )

    page = signed_in(citizen).get(reverse("drafts:list")).content.decode()

    assert f'href="{reverse("drafts:delete", args=[draft.pk])}">Continue' in page
    assert drafts.draft_continue_url(draft) == reverse("drafts:delete", args=[draft.pk])


def test_continue_to_a_start_url_without_arguments_names_the_draft_in_the_query(registered, draft):
    registered(
        registry.definitions,
        "test-service",
        registry.ServiceDefinition(slug="test-service", name="Test", start_url_name="drafts:list"),
    )

    assert drafts.draft_continue_url(draft) == f"{reverse('drafts:list')}?draft={draft.pk}"


def test_no_continue_link_when_the_service_has_no_form(citizen, draft):
    page = signed_in(citizen).get(reverse("drafts:list")).content.decode()

    assert drafts.draft_continue_url(draft) is None
    assert ">Continue<" not in page
    assert "You cannot continue this request online" in page


# --- Deleting ---------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes(citizen, draft):
    client = signed_in(citizen)
    url = reverse("drafts:delete", args=[draft.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Are you sure you want to delete this saved request?" in confirm.content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("drafts:list"), 302)]
    assert not Draft.objects.filter(pk=draft.pk).exists()
    page = response.content.decode()
    assert "Your saved request ‘Report a broken bench’ has been deleted" in page
    assert "You have no saved requests" in page


def test_another_resident_gets_404_and_the_draft_survives(another_citizen, draft):
    client = signed_in(another_citizen, verified=True)
    url = reverse("drafts:delete", args=[draft.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_draft_discard_refuses_someone_elses_draft(another_citizen, draft):
    from django.http import Http404

    with pytest.raises(Http404):
        drafts.draft_discard(user=another_citizen, draft_id=draft.pk)
    assert Draft.objects.filter(pk=draft.pk).exists()


# --- Reminders --------------------------------------------------------------------------------


def reminder_time(draft):
    """A moment inside the reminder window: a day before the draft is deleted."""
    return draft.expires_at - DAY


def test_a_reminder_is_emailed_once_through_the_outbox(citizen, draft):
    now = reminder_time(draft)

    assert drafts.drafts_send_reminders(now=now) == 1
    assert drafts.drafts_send_reminders(now=now + datetime.timedelta(hours=1)) == 0

    assert mail.outbox == []  # nothing leaves until the outbox delivers it
    assert Message.objects.filter(kind="notify.email").count() == 1
    outbox_sweep()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [citizen.email]
    assert "Report a broken bench" in email.subject
    assert f"We will delete it on {govuk_date(draft.expires_at)}" in email.body
    assert f"{settings.PORTAL_BASE_URL}{reverse('drafts:list')}" in email.body
    draft.refresh_from_db()
    assert draft.reminder_sent_at == now


def test_no_reminder_before_the_window(draft):
    too_early = draft.expires_at - datetime.timedelta(days=settings.DRAFT_REMINDER_DAYS, hours=1)

    assert drafts.drafts_send_reminders(now=too_early) == 0
    assert not Message.objects.exists()


def test_no_reminder_for_a_draft_already_past_its_date(draft):
    assert drafts.drafts_send_reminders(now=draft.expires_at + datetime.timedelta(minutes=1)) == 0
    assert not Message.objects.exists()


def test_no_reminder_for_a_closed_or_deactivated_account(citizen, another_citizen, bench):
    closed = save(citizen, bench)
    user_close(user=citizen)
    inactive = save(another_citizen, bench)
    another_citizen.is_active = False
    another_citizen.save()

    assert drafts.drafts_send_reminders(now=reminder_time(closed)) == 0
    assert drafts.drafts_send_reminders(now=reminder_time(inactive)) == 0
    assert not Message.objects.exists()


def test_the_reminder_is_sent_even_with_reminders_turned_off(citizen, draft):
    """A service message about their own unfinished request, not a "reminder" of a service."""
    citizen.notify_reminders = False
    citizen.save()

    assert drafts.drafts_send_reminders(now=reminder_time(draft)) == 1


def test_saving_after_a_reminder_earns_another_before_the_new_date(citizen, bench, draft):
    drafts.drafts_send_reminders(now=reminder_time(draft))

    saved = save(citizen, bench)

    assert drafts.drafts_send_reminders(now=reminder_time(saved)) == 1
    outbox_sweep()
    assert len(mail.outbox) == 2


# --- Expiry -----------------------------------------------------------------------------------


def test_expiry_deletes_drafts_past_their_date_only(citizen, another_citizen, bench, permit):
    old = save(citizen, bench)
    make_expire(old, timezone.now() - DAY)
    live = save(citizen, permit)
    theirs = save(another_citizen, bench)
    make_expire(theirs, timezone.now() - datetime.timedelta(seconds=1))

    assert drafts.drafts_expire() == 2

    assert list(Draft.objects.values_list("pk", flat=True)) == [live.pk]


def test_expiry_on_a_given_day(draft):
    assert drafts.drafts_expire(now=draft.expires_at - DAY) == 0
    assert drafts.drafts_expire(now=draft.expires_at) == 1
    assert not Draft.objects.exists()


# --- The periodic jobs ------------------------------------------------------------------------


def test_the_tasks_call_the_actions(citizen, bench):
    due = save(citizen, bench)
    make_expire(due, timezone.now() + DAY)
    gone = save(citizen, RequestTypeFactory())
    make_expire(gone, timezone.now() - DAY)

    tasks.send_draft_reminders_task()
    tasks.expire_drafts_task()

    assert Message.objects.filter(kind="notify.email").count() == 1
    assert list(Draft.objects.values_list("pk", flat=True)) == [due.pk]


def test_the_jobs_are_scheduled():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "casework.tasks.send_draft_reminders_task",
        "casework.tasks.expire_drafts_task",
    } <= scheduled


# --- Account closing and "download my data" (to be registered in CaseworkConfig.ready) ----------


def test_closing_an_account_can_delete_its_drafts(citizen, another_citizen, draft, bench):
    theirs = save(another_citizen, bench)

    drafts.drafts_on_account_closed(citizen)

    assert list(Draft.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_drafts_export_lists_what_was_saved(citizen, draft):
    [exported] = drafts.drafts_export(citizen)

    assert exported["request_type"] == "Report a broken bench"
    assert exported["answers"] == {"where": "the park"}
