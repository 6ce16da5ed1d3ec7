"""The demo council's long tail: six request types built as data, each one a resident
can complete over HTTP."""

import re

import pytest

from casework.models import Case, RequestType
from services.forms.demo import FORMS, load_all
from services.forms.selectors import request_type_get
from tests.factories import AddressFactory
from tests.services.general.conftest import version_on

pytestmark = pytest.mark.django_db

VALID = {
    "text": "ABC12345",
    "long_text": "By the lamp post outside number 4",
    "email": "sam@example.org",
    "phone": "07911 123456",
    "yes_no": "Yes",
    "declaration": "on",
}


def _posted(question) -> dict:
    key, kind = question["key"], question["kind"]
    if kind == "date":
        return {f"{key}_day": "5", f"{key}_month": "1", f"{key}_year": "2027"}
    if kind == "address":
        return {
            f"{key}_line1": "4 Mill Lane",
            f"{key}_town": "Millbrook",
            f"{key}_postcode": "mb1 1aa",
        }
    if kind in ("radios", "select", "checkboxes"):
        return {key: question["choices"][0]}
    return {key: VALID[kind]}


def test_the_loader_makes_the_long_tail_and_the_forms_services_declare_once():
    from services.housing.demo import TENANCY_FORMS

    made = load_all()
    assert sorted(made) == sorted(f"forms: {spec['name']}" for spec in [*FORMS, *TENANCY_FORMS])
    assert load_all() == []
    foi = RequestType.objects.get(slug="foi-request")
    assert (foi.statutory_days, foi.sla_working_days, foi.service) == (20, True, "forms")
    assert RequestType.objects.get(slug="skip-permit").fee_pence == 5500
    assert RequestType.objects.get(slug="pest-control").fee_pence == 4500
    assert foi.built_form.versions.count() == 1


def test_the_list_residents_see_has_all_six(client):
    load_all()
    html = client.get("/services/forms/").content.decode()
    for spec in FORMS:
        assert spec["name"] in html


@pytest.mark.parametrize("slug", [spec["slug"] for spec in FORMS])
def test_a_resident_can_complete_each(slug, citizen, resident):
    load_all()
    citizen.address = AddressFactory()
    citizen.save()
    request_type = request_type_get(slug=slug)
    url = f"/services/forms/{slug}/"
    for number, page in enumerate(request_type.form_version.definition["pages"], start=1):
        data = {}
        for question in page["questions"]:
            data.update(_posted(question))
        response = resident.post(url if number == 1 else f"{url}page-{number}/", data)
        assert response.status_code == 302, re.findall(
            r"govuk-error-message\">(.*?)</p>", response.content.decode(), re.S
        )
    if slug == "pest-control":  # it offers appointments: a day is chosen before checking
        assert response["Location"] == url + "appointment/"
        day = re.search(
            r'name="slot" type="radio" value="([^"]+)"',
            resident.get(url + "appointment/").content.decode(),
        )
        assert resident.post(url + "appointment/", {"slot": day.group(1)}).status_code == 302
    check = resident.get(url + "check/")
    assert check.status_code == 200
    sent = resident.post(url + "check/", {"version": version_on(check)})
    assert sent.status_code == 302
    case = Case.objects.get(resident=citizen, request_type__slug=slug)
    assert len(case.answers) >= 2
    if slug == "dropped-kerb":
        assert case.answers["Blue badge number"] == "ABC12345"
    if slug == "skip-permit":
        assert (
            case.answers["Address where the skip will stand"] == "4 Mill Lane, Millbrook, MB1 1AA"
        )
        assert case.answers["Start date"] == "5 January 2027"
    if slug == "pest-control":
        assert case.answers["Phone number"] == "07911 123456"
        assert case.booking.slot.date == case.appointment_on


def _links(html: str) -> dict[str, str]:
    """The page's links as a newcomer sees them: visible text -> address."""
    found = {}
    for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        found.setdefault(words, href)
    return found


@pytest.mark.parametrize("spec", FORMS, ids=[spec["slug"] for spec in FORMS])
def test_a_newcomer_reaches_each_from_the_home_page_by_its_links(client, resident, spec):
    load_all()
    home = _links(client.get("/").content.decode())
    services_url = next(href for text, href in home.items() if "skip permit" in text.lower())
    listed = _links(client.get(services_url).content.decode())
    assert spec["name"] in listed, sorted(listed)
    start = listed[spec["name"]]
    assert client.get(start).status_code == 302  # signing in first
    page = resident.get(start)
    assert page.status_code == 200
    first_title = spec["pages"][0]["title"]
    assert f'<h1 class="govuk-heading-l">{first_title}</h1>' in page.content.decode()


def test_residents_see_pest_control_once_with_appointments(client):
    """The general request type it replaces is switched off; the admin-built one has a
    booking calendar."""
    from casework.request_types import request_types_sync

    request_types_sync()
    load_all()
    assert not RequestType.objects.get(slug="pest-control-treatment").active
    assert RequestType.objects.get(slug="pest-control").booking_calendar.active
    assert "Book a pest control treatment" not in client.get("/services/general/").content.decode()
    assert "Book pest control" in client.get("/services/forms/").content.decode()
