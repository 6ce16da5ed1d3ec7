"""AD1: service apps register request types; `sync_request_types` makes them rows once."""

from io import StringIO

import pytest
from django.core.management import call_command

from casework import registry
from casework.models import RequestType, Team
from tests.casework.factories import TeamFactory

pytestmark = pytest.mark.django_db


def sync() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sync_request_types", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_general_enquiries_service_registers_itself():
    general = registry.service("general")

    assert general is not None
    assert general in registry.services()
    assert str(general.name) == "General enquiries"
    by_slug = {rt.slug: rt for rt in general.request_types}
    assert set(by_slug) == {"general-enquiry", "pest-control-treatment"}
    question = by_slug["general-enquiry"]
    complaint = {rt.slug: rt for rt in registry.service("complaints").request_types}["complaint"]
    assert (str(question.name), question.sla_days, question.sla_working_days, question.team) == (
        "Ask a question",
        10,
        True,
        "customer-services",
    )
    assert (
        str(complaint.name),
        complaint.sla_days,
        complaint.sla_working_days,
        complaint.statutory_days,
        complaint.team,
    ) == ("Make a complaint", 10, True, 10, "complaints")


def test_sync_creates_request_types_and_their_teams_and_says_so():
    out, _err = sync()

    question = RequestType.objects.get(slug="general-enquiry")
    complaint = RequestType.objects.get(slug="complaint")
    assert (question.service, complaint.service) == ("general", "complaints")
    assert question.name == "Ask a question"
    assert question.team.slug == "customer-services"
    assert question.team.name == "Customer Services"
    assert (complaint.sla_days, complaint.statutory_days, complaint.team.name) == (
        10,
        10,
        "Complaints",
    )
    assert "{due}" in complaint.notification_texts["submitted"]
    assert "Created team customer-services (Customer Services)" in out
    assert "Created team complaints (Complaints)" in out
    assert "Created request type general-enquiry (Ask a question) for service general" in out
    assert "Created request type complaint (Make a complaint)" in out


def test_sync_twice_creates_once():
    sync()
    counts = (RequestType.objects.count(), Team.objects.count())

    out, _err = sync()

    assert (RequestType.objects.count(), Team.objects.count()) == counts
    assert "nothing created" in out


def test_sync_never_overwrites_what_admins_changed():
    sync()
    elsewhere = TeamFactory(slug="contact-centre", name="Contact centre")
    RequestType.objects.filter(slug="general-enquiry").update(
        name="Ask us anything",
        sla_days=5,
        sla_working_days=False,
        team=elsewhere,
        active=False,
        notification_texts={"submitted": "Thanks!"},
    )
    Team.objects.filter(slug="complaints").update(name="Complaints and compliments")

    sync()

    question = RequestType.objects.get(slug="general-enquiry")
    assert (question.name, question.sla_days, question.sla_working_days, question.active) == (
        "Ask us anything",
        5,
        False,
        False,
    )
    assert question.team == elsewhere
    assert question.notification_texts == {"submitted": "Thanks!"}
    assert Team.objects.get(slug="complaints").name == "Complaints and compliments"


def test_sync_uses_a_team_that_exists_as_it_is():
    team = TeamFactory(slug="customer-services", name="Customer contact", email="cs@example.org")

    out, _err = sync()

    assert RequestType.objects.get(slug="general-enquiry").team == team
    team.refresh_from_db()
    assert (team.name, team.email) == ("Customer contact", "cs@example.org")
    assert "Created team customer-services" not in out


def test_a_slug_another_service_has_is_left_alone_with_a_warning():
    RequestType.objects.create(service="forms", slug="general-enquiry", name="General enquiry")

    _out, err = sync()

    kept = RequestType.objects.get(slug="general-enquiry")
    assert (kept.service, kept.name) == ("forms", "General enquiry")
    assert "general-enquiry is registered by general but already belongs to forms" in err
    assert RequestType.objects.filter(slug="pest-control-treatment").exists()


def test_a_registered_service_with_a_new_request_type_gets_just_that_one(registered):
    sync()
    registered(
        registry.definitions,
        "pest-control",
        registry.ServiceDefinition(
            slug="pest-control",
            name="Pest control",
            request_types=(
                registry.RequestTypeDefaults(
                    slug="book-pest-control",
                    name="Book a pest control visit",
                    sla_days=5,
                    sla_working_days=False,
                    auth_tier=1,
                    needs_address=True,
                ),
            ),
        ),
    )

    out, _err = sync()

    visit = RequestType.objects.get(slug="book-pest-control")
    assert (visit.service, visit.sla_days, visit.sla_working_days, visit.needs_address) == (
        "pest-control",
        5,
        False,
        True,
    )
    assert visit.team is None
    assert out.count("Created request type") == 1


def test_a_registered_service_puts_its_panel_on_the_home_page(citizen_client, tmp_path, settings):
    from casework import registry

    panel = tmp_path / "panel.html"
    panel.write_text("<p class='govuk-body'>Your bin days: Tuesday</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    with registry.definitions.added(
        {
            "bins-test": registry.ServiceDefinition(
                slug="bins-test", name="Bins", home_panels=("panel.html",)
            )
        }
    ):
        body = citizen_client.get("/account/").content.decode()
    assert "Your bin days: Tuesday" in body
    assert "You have not added any council services yet" not in body
