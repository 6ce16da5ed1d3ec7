"""The repair diagnosis questions are data housing officers change in the Django admin: the
repair journey asks what they set, and an answer they mark as an emergency stops it."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission

from casework.models import Case
from services.housing import rules
from services.housing.diagnosis import diagnosis_forget, diagnosis_get
from services.housing.models import RepairArea, RepairChoice, RepairQuestion
from tests.conftest import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/housing/repairs/report/"


@pytest.fixture(autouse=True)
def seeded(db):
    """The tables as the seeding migration leaves them on a fresh install. A transactional
    test earlier in the same worker flushes every table (migration data too), so the
    migration's own seed function runs again when they are empty (it changes nothing
    otherwise)."""
    seed = importlib.import_module("services.housing.migrations.0003_seed_repair_diagnosis").seed
    seed(django_apps, None)
    diagnosis_forget()
    yield
    diagnosis_forget()


@pytest.fixture
def housing_officer(db):
    """Staff with the diagnosis models' permissions, and no other role."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="housing",
            codename__in=[
                "view_repairquestion",
                "change_repairquestion",
                "view_repairchoice",
                "add_repairchoice",
                "change_repairchoice",
            ],
        )
    )
    return signed_in(user, verified=True)


def _question_form(question: RepairQuestion, **changes) -> dict:
    """The question's admin page as posted, its answers inline, with ``changes``:
    {"label": ...} or {"choice-<value>": {field: value}}."""
    data = {
        "problem": question.problem_id,
        "order": question.order,
        "key": question.key,
        "label": changes.pop("label", question.label),
        "hint": question.hint,
        "error": question.error,
    }
    choices = list(question.choices.all())
    data.update(
        {
            "choices-TOTAL_FORMS": len(choices),
            "choices-INITIAL_FORMS": len(choices),
            "choices-MIN_NUM_FORMS": 0,
            "choices-MAX_NUM_FORMS": 1000,
        }
    )
    for n, choice in enumerate(choices):
        row = {
            "id": choice.pk,
            "question": question.pk,
            "order": choice.order,
            "value": choice.value,
            "label": choice.label,
            "trade": choice.trade,
            "emergency": choice.emergency,
            "emergency_if_key": choice.emergency_if_key,
            "emergency_if_value": choice.emergency_if_value,
            **({"urgent": "on"} if choice.urgent else {}),
            **({"emergency_in_winter_only": "on"} if choice.emergency_in_winter_only else {}),
            **changes.get(f"choice-{choice.value}", {}),
        }
        data.update({f"choices-{n}-{key}": value for key, value in row.items()})
    return data


def test_todays_questions_are_seeded_as_data_for_a_fresh_install():
    assert diagnosis_get() == rules.DEFAULT, "the seeded data is the built-in diagnosis"
    assert RepairArea.objects.get(key="communal").communal
    assert RepairChoice.objects.get(question__key="heating", value="none").emergency_if_key == (
        "vulnerable"
    )


def test_a_housing_officer_changes_a_question_and_the_journey_asks_it(
    housing_officer, linked, housing
):
    tenant = signed_in(linked)
    tenant.post(URL, {"area": "kitchen"})
    tenant.post(URL + "what/", {"problem": "leak"})
    assert "What best describes the leak?" in tenant.get(URL + "leak/").content.decode()

    question = RepairQuestion.objects.get(key="leak")
    saved = housing_officer.post(
        f"/admin/housing/repairquestion/{question.pk}/change/",
        _question_form(
            question,
            label="Where is the water coming from?",
            **{"choice-pipe": {"label": "From a pipe", "emergency": "flooding"}},
        ),
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]

    page = tenant.get(URL + "leak/").content.decode()
    assert "Where is the water coming from?" in page
    assert "From a pipe" in page
    stopped = tenant.post(URL + "leak/", {"leak": "pipe"})
    assert stopped["Location"] == URL + "outcome/", "a leak from a pipe is now an emergency"
    assert "This is an emergency: phone us now" in tenant.get(URL + "outcome/").content.decode()
    assert not Case.objects.exists()


def test_a_condition_naming_no_question_of_the_problem_is_refused(housing_officer, db):
    question = RepairQuestion.objects.get(key="leak")
    refused = housing_officer.post(
        f"/admin/housing/repairquestion/{question.pk}/change/",
        _question_form(
            question,
            **{"choice-pipe": {"emergency_if_key": "vulnerable", "emergency_if_value": "yes"}},
        ),
    )
    assert refused.status_code == 200
    assert "No question of this problem has that key." in refused.content.decode()
    assert RepairChoice.objects.get(question=question, value="pipe").emergency_if_key == ""
