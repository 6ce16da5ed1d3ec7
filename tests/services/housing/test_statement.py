"""The rent statement as a PDF: chosen on the rent account, made in the background by the
documents core, for the linked tenant only."""

import datetime

import pytest
from django.urls import reverse

from documents.models import Document
from services.housing import rules
from tests.conftest import signed_in
from tests.documents.test_documents import pdf_text, the_worker
from tests.services.housing.conftest import SAMS_TENANCY

pytestmark = pytest.mark.django_db
STATEMENT = reverse("housing:statement")


def test_the_rent_account_offers_a_statement(verified_citizen_client, linked):
    page = verified_citizen_client.get(reverse("housing:account")).content.decode()
    assert "Get a rent statement as a PDF" in page
    form = verified_citizen_client.get(STATEMENT).content.decode()
    assert "This rent year so far (from 1 April)" in form
    assert "Last rent year (1 April to 31 March)" in form


def test_this_years_statement_is_made_in_the_background_and_only_the_tenant_has_it(
    verified_citizen_client, citizen, another_citizen, linked
):
    response = verified_citizen_client.post(STATEMENT, {"period": rules.THIS_YEAR})

    document = Document.objects.get(owner=citizen, kind="rent-statement")
    assert response["Location"] == reverse("documents:status", args=[document.pk])
    waiting = verified_citizen_client.get(response["Location"]).content.decode()
    assert "Your rent statement" in waiting
    assert 'http-equiv="refresh"' in waiting, "the page refreshes itself without JavaScript"
    assert the_worker() == 1
    ready = verified_citizen_client.get(response["Location"]).content.decode()
    assert f"Download Rent statement, tenancy {SAMS_TENANCY} (PDF" in ready
    p = document.params
    assert (p["start"], p["end"]) == ("2026-04-01", "2026-12-07")
    assert p["opening_pence"] == 0
    assert p["charged_pence"] == 8 * 10_450, "eight weeks of rent charged"
    assert p["paid_pence"] == 6 * 10_450, "the last two weeks not paid"
    assert p["closing_pence"] == 20_900, "the balance the rent page shows"
    assert p["lines"][-1]["balance_pence"] == 20_900
    download = verified_citizen_client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert (
        'filename="rent-statement-2026-04-01-to-2026-12-07.pdf"'
        in (download["Content-Disposition"])
    )
    assert b"/StructTreeRoot" in pdf_text(b"".join(download.streaming_content)), "tagged PDF"
    stranger = signed_in(another_citizen, verified=True)
    assert stranger.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert stranger.get(reverse("documents:status", args=[document.pk])).status_code == 404


def test_asking_twice_gives_one_statement_and_last_year_is_another(
    verified_citizen_client, citizen, linked
):
    first = verified_citizen_client.post(STATEMENT, {"period": rules.THIS_YEAR})
    again = verified_citizen_client.post(STATEMENT, {"period": rules.THIS_YEAR})
    last = verified_citizen_client.post(STATEMENT, {"period": rules.LAST_YEAR})

    assert first["Location"] == again["Location"] != last["Location"]
    older = Document.objects.get(owner=citizen, params__start="2025-04-01")
    assert older.params["end"] == "2026-03-31"
    assert older.params["lines"] == [], "Sam's account shows nothing before this year"


def test_no_period_chosen_is_explained(verified_citizen_client, linked):
    response = verified_citizen_client.post(STATEMENT, {})
    assert response.status_code == 400
    assert "Select the period you want a statement for" in response.content.decode()
    response = verified_citizen_client.post(STATEMENT, {"period": "all-time"})
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_not_linked_goes_to_linking_and_the_system_down_is_a_clear_page(
    verified_citizen_client, another_citizen, linked, settings
):
    settings.HOUSING_URL = "http://127.0.0.1:9"  # nothing listens
    response = verified_citizen_client.post(STATEMENT, {"period": rules.THIS_YEAR})
    assert response.status_code == 503
    assert "We cannot show your rent account right now" in response.content.decode()
    assert not Document.objects.exists()
    unlinked = signed_in(another_citizen, verified=True)
    assert unlinked.get(STATEMENT)["Location"] == reverse("housing:link")


def test_the_statement_works_back_from_todays_balance():
    day = datetime.date
    transactions = [  # newest first, as the housing system lists them
        (day(2026, 4, 6), "Payment", -10_000),
        (day(2026, 4, 6), "Weekly rent", 10_000),
        (day(2026, 3, 30), "Weekly rent", 10_000),
        (day(2026, 3, 23), "Payment", -5_000),
        (day(2026, 3, 23), "Weekly rent", 10_000),
    ]
    start, end = rules.rent_year(day(2026, 12, 7), back=1)
    made = rules.statement(transactions, balance_pence=15_000, start=start, end=end)

    assert (start, end) == (day(2025, 4, 1), day(2026, 3, 31))
    assert made.closing_pence == 15_000, "nothing after March changed the balance"
    assert made.opening_pence == 0
    assert [line.balance_pence for line in made.lines] == [10_000, 5_000, 15_000]
