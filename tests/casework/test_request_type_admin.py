"""Administrators choose a request type's connector from a list and are told what is wrong."""

import pytest
from django.urls import reverse

from casework.models import RequestType
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in


def _form_data(request_type, **changes):
    data = {
        "service": request_type.service,
        "slug": request_type.slug,
        "name": request_type.name,
        "description": "",
        "active": "on",
        "sla_days": "10",
        "sla_working_days": "on",
        "statutory_days": "",
        "clock_stops_when_awaiting_customer": "on",
        "reopen_days": "20",
        "team": "",
        "auth_tier": "1",
        "connector": "",
        "connector_settings": "{}",
        "fee_pence": "",
        "notice": "",
        "questions": "[]",
        "notification_texts": "{}",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(admin_user):
    return signed_in(admin_user, verified=True)


@pytest.mark.django_db
def test_the_connector_is_chosen_from_those_installed(admin_client):
    request_type = RequestTypeFactory()
    page = admin_client.get(reverse("admin:casework_requesttype_change", args=[request_type.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<select name="connector"' in html
    assert 'value="webhook"' in html and "JSON webhook" in html


@pytest.mark.django_db
def test_bad_settings_are_refused_with_the_connector_s_own_words(admin_client):
    request_type = RequestTypeFactory()
    url = reverse("admin:casework_requesttype_change", args=[request_type.pk])
    response = admin_client.post(
        url,
        _form_data(
            request_type,
            connector="webhook",
            connector_settings='{"url": "ftp://nowhere", "secret": "in-the-database"}',
        ),
    )
    assert response.status_code == 200  # the form again, with errors
    html = response.content.decode()
    assert "must be an http:// or https:// address" in html
    assert "Do not put the secret itself in the settings" in html
    request_type.refresh_from_db()
    assert request_type.connector == ""


@pytest.mark.django_db
def test_good_settings_are_saved(admin_client, monkeypatch):
    monkeypatch.setenv("TEST_BACKOFFICE_SECRET", "x" * 40)
    request_type = RequestTypeFactory()
    url = reverse("admin:casework_requesttype_change", args=[request_type.pk])
    response = admin_client.post(
        url,
        _form_data(
            request_type,
            connector="webhook",
            connector_settings=(
                '{"url": "https://backoffice.example/cases", '
                '"secret_env": "TEST_BACKOFFICE_SECRET"}'
            ),
            fee_pence="2500",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request_type.refresh_from_db()
    assert request_type.connector == "webhook"
    assert request_type.connector_settings["secret_env"] == "TEST_BACKOFFICE_SECRET"
    assert request_type.fee_pence == 2500


@pytest.mark.django_db
def test_an_unknown_connector_is_refused(admin_client):
    request_type = RequestTypeFactory()
    url = reverse("admin:casework_requesttype_change", args=[request_type.pk])
    response = admin_client.post(url, _form_data(request_type, connector="carrier-pigeon"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert RequestType.objects.get(pk=request_type.pk).connector == ""


@pytest.mark.django_db
def test_questions_are_checked_before_they_reach_residents(admin_client):
    request_type = RequestTypeFactory()
    url = reverse("admin:casework_requesttype_change", args=[request_type.pk])
    response = admin_client.post(
        url,
        _form_data(
            request_type,
            questions='[{"key": "size", "label": "How big?", "type": "radios", "choices": ["Big"]}]',
        ),
    )
    assert response.status_code == 200
    assert "radios need at least two" in response.content.decode()
    good = '[{"key": "size", "label": "How big?", "type": "radios", "choices": ["Small", "Big"]}]'
    assert admin_client.post(url, _form_data(request_type, questions=good)).status_code == 302
    request_type.refresh_from_db()
    assert request_type.questions[0]["choices"] == ["Small", "Big"]
