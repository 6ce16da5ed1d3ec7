"""The street search's input: a NUL byte, which PostgreSQL refuses in text,
is bad input like any other, on SQLite and on PostgreSQL."""

import pytest

from casework.models import Case, Draft
from tests.services.highways.report_data import choose_category, gazetteer, highways_types, step

pytestmark = pytest.mark.django_db

NUL_QUERIES = ["MB1\x001AA", "Mill\x00 Lane", "\x00"]
WHERE = step(slug="graffiti")


@pytest.fixture
def places(db):
    highways_types()
    return gazetteer()


def _errors(response) -> str:
    html = response.content.decode()
    start = html.find('class="govuk-error-summary"')
    assert start != -1, "no error summary"
    return html[start : html.find("</ul>", start)]


@pytest.mark.parametrize("query", NUL_QUERIES)
def test_a_search_with_a_nul_byte_asks_for_a_postcode_or_street(client, places, query):
    choose_category(client, "graffiti")

    response = client.get(WHERE, {"q": query})

    assert response.status_code == 400
    assert "Enter a postcode or street name" in _errors(response)


@pytest.mark.parametrize("query", NUL_QUERIES)
def test_choosing_a_place_after_a_search_with_a_nul_byte_is_refused(client, places, query):
    choose_category(client, "graffiti")

    response = client.post(
        WHERE, {"action": "address", "q": query, "uprn": places["3 Mill Lane"].uprn}
    )

    assert response.status_code == 400
    assert "Select one of the places in the list" in _errors(response)
    assert not Draft.objects.exists() and not Case.objects.exists()


@pytest.mark.postgres
def test_nul_bytes_in_the_search_on_postgresql(client, places):
    """The same, where it used to be a 500: PostgreSQL refuses NUL in a query."""
    choose_category(client, "graffiti")
    assert client.get(WHERE, {"q": "MB1\x001AA"}).status_code == 400
    assert client.post(WHERE, {"action": "address", "q": "Mill\x00 Lane"}).status_code == 400
    saved = client.post(WHERE, {"action": "save", "q": "Mill\x00 Lane"})
    assert saved.status_code == 302  # saved as typed, without the NUL
    assert Draft.objects.get().answers["steps"]["where"]["q"] == ["Mill Lane"]
