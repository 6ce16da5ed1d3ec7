"""Open311 for request types whose questions an administrator built: the published
version's questions as attributes, and ``attribute[code]`` answers checked by the same
fields and conditions as the question pages, kept by label with the version."""

import json
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from casework.models import Case
from integrations.open311 import actions as open311_actions
from services.forms.actions import form_publish
from services.forms.demo import form_build, page, q
from services.forms.models import Question
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
SPEC = {
    "slug": "verge-damage",
    "name": "Report a damaged verge",
    "description": "Tyre ruts on a grass verge.",
    "team": "highways",
    "public": True,
    "pages": [
        page(
            "The damage",
            q("Was it a vehicle?", "yes_no", key="vehicle"),
            q("How many metres?", "number", key="metres", min_value=1, max_value=50),
            q("What is damaged?", "checkboxes", key="what", choices="Grass\nKerb\nTree"),
            q("Nearest address", "address", key="near", required=False),
        ),
        page(
            "The vehicle",
            q("Registration number", "text", key="registration", max_length=10),
            q("When did you see it?", "date", key="seen"),
            when={"key": "vehicle", "operator": "is", "value": "Yes"},
        ),
        page("Declaration", q("I saw this myself", "declaration", key="saw")),
    ],
}
GOOD = {
    "attribute[vehicle]": "Yes",
    "attribute[metres]": "3",
    "attribute[what][]": ["Grass", "Kerb"],
    "attribute[registration]": "MB12 ABC",
    "attribute[seen]": "2027-01-05",
    "attribute[saw]": "true",
}


@pytest.fixture
def built(db):
    return form_build(SPEC)[0]


@pytest.fixture
def api_key():
    return open311_actions.api_key_create(name="FixMyStreet")[1]


def _post(api_key, fmt="json", **answers):
    data = {
        "api_key": api_key,
        "service_code": "verge-damage",
        "lat": "52.2",
        "long": "-1.5",
        "description": "Ruts all along the verge",
        **answers,
    }
    return Client(enforce_csrf_checks=True).post(f"{BASE}requests.{fmt}", data)


def test_the_service_definition_lists_the_published_questions(client, built):
    listed = json.loads(client.get(f"{BASE}services.json").content)
    assert {"service_code": "verge-damage", "metadata": True}.items() <= next(
        s for s in listed if s["service_code"] == "verge-damage"
    ).items()
    attributes = json.loads(client.get(f"{BASE}services/verge-damage.json").content)["attributes"]
    by_code = {a["code"]: a for a in attributes}
    assert [a["code"] for a in attributes] == [
        "vehicle", "metres", "what", "near", "registration", "seen", "saw",
    ]  # fmt: skip
    assert by_code["vehicle"]["datatype"] == "singlevaluelist"
    assert by_code["vehicle"]["values"] == [
        {"key": "Yes", "name": "Yes"},
        {"key": "No", "name": "No"},
    ]
    assert by_code["what"]["datatype"] == "multivaluelist"
    assert [v["key"] for v in by_code["what"]["values"]] == ["Grass", "Kerb", "Tree"]
    assert (by_code["metres"]["datatype"], by_code["metres"]["required"]) == ("number", True)
    assert by_code["seen"]["datatype"] == "datetime"
    assert by_code["seen"]["required"] is False  # asked only for a vehicle
    assert "Answer only when attribute[vehicle] is ‘Yes’" in by_code["seen"]["datatype_description"]
    assert (
        by_code["near"]["required"] is False and "UPRN" in by_code["near"]["datatype_description"]
    )
    assert by_code["saw"]["description"] == "I saw this myself"


def test_the_definition_in_xml_names_each_attribute(client, built):
    root = ET.fromstring(client.get(f"{BASE}services/verge-damage.xml").content)  # noqa: S314
    codes = [a.findtext("code") for a in root.find("attributes").findall("attribute")]
    assert codes[0] == "vehicle" and "registration" in codes


def test_good_answers_make_a_case_keeping_them_by_label_and_version(built, api_key):
    near = AddressFactory(line1="7 Verge Road", postcode="MB3 3CC")
    response = _post(api_key, **GOOD, **{"attribute[near]": str(near.uprn)})
    assert response.status_code == 200, response.content
    reference = json.loads(response.content)[0]["service_request_id"]
    case = Case.objects.get(reference=reference)
    assert case.answers == {
        "description": "Ruts all along the verge",
        "Was it a vehicle?": "Yes",
        "How many metres?": "3",
        "What is damaged?": "Grass, Kerb",
        "Nearest address": "7 Verge Road, Millbrook, MB3 3CC",
        "Registration number": "MB12 ABC",
        "When did you see it?": "5 January 2027",
        "I saw this myself": "Yes",
    }
    assert case.form_version.version.number == 1


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"attribute[metres]": "99"}, "attribute[metres]: ‘How many metres?’ must be 50 or less"),
        ({"attribute[vehicle]": "Maybe"}, "attribute[vehicle]: Select one of the answers"),
        (
            {"attribute[seen]": "2027-02-30"},
            "attribute[seen]: ‘When did you see it?’ must be a real date",
        ),
        ({"attribute[seen]": ""}, "attribute[seen]: Enter ‘When did you see it?’"),
        ({"attribute[saw]": "false"}, "attribute[saw]: Confirm ‘I saw this myself’"),
        ({"attribute[what][]": ["Hedge"]}, "attribute[what]: Select one of the answers"),
        ({"attribute[metres]": ["3", "4"]}, "attribute[metres]: give one value"),
        ({"attribute[near]": "999"}, "attribute[near]: give the UPRN of an address"),
        ({"attribute[colour]": "red"}, "attribute[colour]: there is no such question"),
    ],
)
def test_a_bad_answer_is_a_400_naming_the_attribute(built, api_key, change, problem):
    response = _post(api_key, **{**GOOD, **change})
    assert response.status_code == 400
    descriptions = [e["description"] for e in json.loads(response.content)]
    assert any(problem in text for text in descriptions), descriptions
    assert not Case.objects.exists()


def test_an_answer_its_condition_hides_is_refused_and_one_it_needs_is_not_asked(built, api_key):
    no_vehicle = {**GOOD, "attribute[vehicle]": "No"}
    refused = _post(api_key, "xml", **no_vehicle)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "attribute[registration]: is not asked with these answers" in text
    del no_vehicle["attribute[registration]"], no_vehicle["attribute[seen]"]
    made = _post(api_key, **no_vehicle)
    assert made.status_code == 200
    assert "Registration number" not in Case.objects.get().answers


def test_a_later_version_is_what_clients_are_asked_and_old_cases_keep_theirs(
    client, built, api_key
):
    _post(api_key, **GOOD)
    question = Question.objects.get(key="registration")
    question.label = "Number plate"
    question.save()
    form_publish(form=built)
    attributes = json.loads(client.get(f"{BASE}services/verge-damage.json").content)["attributes"]
    assert "Number plate" in [a["description"] for a in attributes]
    _post(api_key, **GOOD)
    first, second = Case.objects.order_by("pk")
    assert first.answers["Registration number"] == "MB12 ABC"
    assert second.answers["Number plate"] == "MB12 ABC"
    assert (first.form_version.version.number, second.form_version.version.number) == (1, 2)
