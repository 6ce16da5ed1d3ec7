"""Welcome and campaign messages on the account home (AD1): scheduled by administrators for
everyone, a ward or the people with a service; hidden by the resident with a button."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linking.models import ServiceLink
from portal import campaigns
from portal.models import HomeMessage
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def schedule(capture, title="Garden waste renewals open", **fields) -> HomeMessage:
    """An administrator's message, saved the way the admin saves it."""
    fields = {"body": "Renew by 31 March.", "starts_on": TODAY(), "ends_on": TODAY(), **fields}
    with capture(execute=True):
        return campaigns.home_message_save(message=HomeMessage(title=title, **fields))


def home(client) -> str:
    page = client.get("/account/")
    assert page.status_code == 200
    return page.content.decode()


def test_a_message_for_everyone_shows_between_its_first_and_last_day(
    citizen, django_capture_on_commit_callbacks
):
    schedule(django_capture_on_commit_callbacks, title="Now on")
    schedule(
        django_capture_on_commit_callbacks,
        title="Not yet",
        starts_on=TODAY() + DAY,
        ends_on=TODAY() + 2 * DAY,
    )
    schedule(
        django_capture_on_commit_callbacks,
        title="Over",
        starts_on=TODAY() - 3 * DAY,
        ends_on=TODAY() - DAY,
    )

    html = home(signed_in(citizen))

    assert "Now on" in html
    assert "Not yet" not in html and "Over" not in html


def test_a_ward_message_shows_only_to_people_whose_address_is_in_the_ward(
    citizen, another_citizen, django_capture_on_commit_callbacks
):
    ward = WardFactory(name="Kiln")
    citizen.address = AddressFactory(ward=ward)
    citizen.save()
    another_citizen.address = AddressFactory(ward=WardFactory(name="Mill"))
    another_citizen.save()

    schedule(
        django_capture_on_commit_callbacks, title="Road closed in Kiln", audience="ward", ward=ward
    )

    assert "Road closed in Kiln" in home(signed_in(citizen))
    assert "Road closed in Kiln" not in home(signed_in(another_citizen))
    assert "Road closed in Kiln" not in home(signed_in(UserFactory()))  # no address


def test_a_service_message_shows_only_to_people_who_linked_that_service(
    citizen, another_citizen, django_capture_on_commit_callbacks
):
    ServiceLink.objects.create(
        user=citizen, service="council-tax", account_ref="12345678", linked_at=timezone.now()
    )

    schedule(
        django_capture_on_commit_callbacks,
        title="Council tax bills are out",
        audience="service",
        service="linked:council-tax",
    )

    assert "Council tax bills are out" in home(signed_in(citizen))
    assert "Council tax bills are out" not in home(signed_in(another_citizen))


def test_a_resident_hides_a_message_with_a_button_and_it_stays_hidden(
    citizen, another_citizen, django_capture_on_commit_callbacks
):
    message = schedule(django_capture_on_commit_callbacks)
    client = signed_in(citizen)
    assert f'action="/account/messages/{message.pk}/dismiss/"' in home(client)

    with django_capture_on_commit_callbacks(execute=True):
        hidden = client.post(f"/account/messages/{message.pk}/dismiss/")

    assert hidden.status_code == 302 and hidden.url == "/account/"
    assert "Garden waste renewals open" not in home(client)
    assert "Garden waste renewals open" in home(signed_in(another_citizen))


def test_a_message_the_resident_is_not_shown_cannot_be_dismissed(
    citizen, django_capture_on_commit_callbacks
):
    message = schedule(
        django_capture_on_commit_callbacks, starts_on=TODAY() + DAY, ends_on=TODAY() + DAY
    )

    page = signed_in(citizen).post(f"/account/messages/{message.pk}/dismiss/")

    assert page.status_code == 404


def test_a_new_message_shows_on_homes_already_kept_in_the_cache(
    citizen, django_capture_on_commit_callbacks
):
    client = signed_in(citizen)
    assert "Bulky waste half price" not in home(client)  # the snapshot is now kept

    schedule(django_capture_on_commit_callbacks, title="Bulky waste half price")

    assert "Bulky waste half price" in home(client)


def test_messages_cost_the_home_no_queries_once_it_is_kept(
    citizen, django_capture_on_commit_callbacks
):
    for n in range(3):
        schedule(django_capture_on_commit_callbacks, title=f"Message {n}")
    client = signed_in(citizen)
    home(client)

    with CaptureQueriesContext(connection) as captured:
        html = home(client)

    assert all(f"Message {n}" in html for n in range(3))
    assert not [q for q in captured if "portal_homemessage" in q["sql"]]


def test_an_administrator_cannot_schedule_a_message_that_ends_before_it_starts():
    from django.core.exceptions import ValidationError

    message = HomeMessage(
        title="Backwards", body="x", starts_on=TODAY(), ends_on=TODAY() - DAY, audience="ward"
    )

    with pytest.raises(ValidationError) as refused:
        message.full_clean()

    assert set(refused.value.message_dict) == {"ends_on", "ward"}


def test_a_garden_waste_message_shows_only_to_people_with_a_running_subscription(
    citizen, another_citizen, django_capture_on_commit_callbacks
):
    from tests.services.waste.urlmap import garden_subscription

    with django_capture_on_commit_callbacks(execute=True):
        garden_subscription(citizen)

    schedule(
        django_capture_on_commit_callbacks,
        title="Renew your garden waste",
        audience="service",
        service="garden-waste",
    )

    assert "Renew your garden waste" in home(signed_in(citizen))
    assert "Renew your garden waste" not in home(signed_in(another_citizen))


def test_an_administrator_schedules_a_message_in_the_admin_and_homes_show_it(
    citizen, admin_user, django_capture_on_commit_callbacks
):
    admin = signed_in(admin_user, verified=True)
    client = signed_in(citizen)
    home(client)  # kept in the cache from now on
    add = "/admin/portal/homemessage/add/"
    assert "Garden waste subscribers" in admin.get(add).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin.post(
            add,
            {
                "title": "Libraries closed on Monday",
                "body": "For staff training.",
                "starts_on": TODAY().isoformat(),
                "ends_on": TODAY().isoformat(),
                "audience": "everyone",
                "link_text": "",
                "link_url": "",
                "service": "",
            },
        )

    assert saved.status_code == 302
    assert "Libraries closed on Monday" in home(client)
