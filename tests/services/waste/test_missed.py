"""Report a missed bin, checked against the crews' in-cab records.

The in-cab records are the simulated back office's, served for real in a thread. The
clock is fixed (the ``clock`` fixture, core/clock.py) around Millbrook's fortnightly Tuesday
recycling round: collected on Tuesday 25 November 2025, next on Tuesday 9 December;
reports are taken until Thursday 27 November (2 working days).
"""

import datetime
import json
import re
import sys
import types
import zoneinfo

import pytest
from django.utils.html import strip_tags

from casework import sla
from casework.models import Case, CaseEvent, RequestType
from core import clock as project_clock
from integrations.outbox.worker import outbox_sweep
from integrations.simulated_backoffice import BackOffice, start
from services.waste.actions import missed as actions
from services.waste.models import (
    CollectionChange,
    MissedCollection,
    MissedRoundNotice,
    PropertyRound,
    Round,
    WastePolicy,
)
from services.waste.selectors import missed as selectors
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory
from tests.helpers import synced_request_type

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
COLLECTED = datetime.date(2025, 11, 25)  # a Tuesday
SECRET = "back-office-shared-secret-0123456789"
UPRN = 100090000001


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture
def clock(clock):
    """clock("2025-11-26 10:00"): the project clock's now."""

    def set_to(text: str):
        clock.set(at(text))

    set_to("2025-11-26 10:00")
    return set_to


@pytest.fixture
def office(settings):
    running = start(BackOffice(secret=SECRET, seed=7))
    settings.WASTE_INCAB_URL = running.incab_url
    settings.WASTE_INCAB_TIMEOUT = 1.0
    yield running
    running.stop()


@pytest.fixture
def incab(office):
    return office.office.incab


@pytest.fixture
def request_type(db):
    return synced_request_type("missed-collection")


@pytest.fixture
def rounds(db):
    return {
        "recycling": Round.objects.create(
            code="MB-REC-TUE-1",
            name="Recycling, Tuesday week 1",
            stream="recycling",
            weekday=1,
            every_weeks=2,
            first_date=datetime.date(2025, 11, 11),
        ),
        "refuse": Round.objects.create(
            code="MB-REF-TUE",
            name="Rubbish, Tuesday",
            stream="refuse",
            weekday=1,
            every_weeks=1,
            first_date=datetime.date(2025, 11, 4),
        ),
    }


def on_rounds(address, rounds):
    for stream, round_ in rounds.items():
        PropertyRound.objects.create(address=address, round=round_, stream=stream)
    return address


@pytest.fixture
def home(rounds):
    return on_rounds(AddressFactory(uprn=UPRN, line1="1 Mill Lane", postcode="MB1 1AA"), rounds)


@pytest.fixture
def resident(citizen, home, request_type, clock, office):
    citizen.address = home
    citizen.save()
    return citizen


@pytest.fixture
def client(resident):
    return signed_in(resident)


def record(state="finished", day=COLLECTED, code="MB-REC-TUE-1", exceptions=()):
    return {
        "round": code,
        "date": day.isoformat(),
        "state": state,
        "started_at": f"{day.isoformat()}T06:41:00+00:00",
        "finished_at": f"{day.isoformat()}T13:58:00+00:00" if state == "finished" else None,
        "exceptions": list(exceptions),
    }


def crew(reason, uprn=UPRN, stream="recycling", note=""):
    return {
        "uprn": str(uprn),
        "stream": stream,
        "reason": reason,
        "note": note,
        "recorded_at": f"{COLLECTED.isoformat()}T08:12:00+00:00",
    }


def entry_url(uprn=UPRN):
    return f"/waste/missed/{uprn}/"


def check_url(uprn=UPRN):
    return f"/waste/missed/{uprn}/check/"


def sent_url(case, uprn=UPRN):
    return f"/waste/missed/{uprn}/sent/{case.reference}/"


def shown(client, stream="recycling", uprn=UPRN):
    """Say which bin: the page that leads to (check your answers, or what we know)."""
    return client.post(entry_url(uprn), {"stream": stream}, follow=True)


def version_of(page) -> str:
    found = re.search(r'name="version" value="([^"]+)"', page.content.decode())
    return found.group(1) if found else ""


def report(client, stream="recycling", uprn=UPRN):
    """Say which bin, then press "Report missed bin" on check your answers (where there is
    one to press: otherwise what sending leads to, followed)."""
    version = version_of(shown(client, stream, uprn))
    return client.post(check_url(uprn), {"version": version}, follow=not version)


def text(response) -> str:
    """What the page says (its words, without the markup)."""
    return " ".join(strip_tags(response.content.decode()).split())


def notes(case) -> list[CaseEvent]:
    return list(case.events.filter(kind=CaseEvent.Kind.NOTE))


# --- The journey -----------------------------------------------------------------------------


def test_a_missed_bin_from_the_start_page_to_the_confirmation(client, incab, resident):
    incab.add(record(exceptions=[crew("not_presented", uprn=UPRN + 6)]))  # a neighbour's

    start_page = client.get("/waste/missed/")
    assert start_page.status_code == 200
    assert "1 Mill Lane" in text(start_page)
    assert f'href="/waste/missed/{UPRN}/"' in start_page.content.decode()

    which = client.get(f"/waste/missed/{UPRN}/")
    assert which.status_code == 200
    assert "Which bin was not emptied?" in text(which)
    labels = [c[1] for c in which.context["form"].fields["stream"].choices]
    assert labels == ["Rubbish", "Recycling"]  # only the bins this address has
    chosen = client.post(f"/waste/missed/{UPRN}/", {"stream": "recycling"})
    assert chosen.status_code == 302
    assert chosen["Location"] == check_url()
    assert f'href="/waste/missed/{UPRN}/?change=check' in client.get(check_url()).content.decode()

    check = client.get(check_url())
    page = text(check)
    assert check.status_code == 200
    assert "Check your answers before reporting the missed bin" in page
    assert "Tuesday 25 November 2025" in page
    assert "We could not check the crew" not in page
    assert not Case.objects.exists()

    sent = report(client)

    case = Case.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == sent_url(case)
    assert case.request_type.slug == "missed-collection"
    assert case.team.slug == "waste-services"
    assert case.resident == resident
    assert case.address_id == UPRN
    assert case.answers == {
        "stream": "recycling",
        "collection_date": "2025-11-25",
        "round": "MB-REC-TUE-1",
    }
    assert case.summary == "Recycling not collected on Tuesday 25 November 2025"
    assert case.due_date == sla.due_date(start=project_clock.today(), days=2, working_days=True)
    missed = MissedCollection.objects.get()
    assert (missed.case, missed.address_id, missed.stream, missed.collection_date) == (
        case,
        UPRN,
        "recycling",
        COLLECTED,
    )
    assert missed.round.code == "MB-REC-TUE-1"
    [note] = notes(case)
    assert not note.public
    assert "round MB-REC-TUE-1 on 25/11/2025 finished at 13:58" in note.message
    assert "Nothing was recorded for this address" in note.message

    confirmation = client.get(sent["Location"])
    page = text(confirmation)
    assert confirmation.status_code == 200
    assert "Missed bin reported" in page
    assert case.reference in page
    assert f"We aim to empty your recycling by {case.due_date:%A} {case.due_date.day}" in page


def test_the_case_goes_to_the_waste_team_s_back_office(client, incab, office, request_type):
    """The admin gives the request type a connector (the demo: the simulated back office)."""
    import os

    os.environ["TEST_WASTE_BACKOFFICE_SECRET"] = SECRET
    try:
        RequestType.objects.filter(pk=request_type.pk).update(
            connector="webhook",
            connector_settings={
                "url": office.cases_url,
                "secret_env": "TEST_WASTE_BACKOFFICE_SECRET",
                "name": "Millbrook waste services",
            },
        )
        incab.add(record())

        report(client)
        outbox_sweep()
    finally:
        del os.environ["TEST_WASTE_BACKOFFICE_SECRET"]

    case = Case.objects.get()
    sent = office.office.case_by_portal_reference(case.reference)["case"]
    assert sent["request_type"]["slug"] == "missed-collection"
    assert sent["answers"]["round"] == "MB-REC-TUE-1"
    assert sent["address"]["uprn"] == str(UPRN)
    case.refresh_from_db()
    assert case.status == "received"


def test_another_citizen_cannot_see_the_report(client, incab, another_citizen):
    incab.add(record())
    report(client)
    case = Case.objects.get()
    stranger = signed_in(another_citizen)

    assert stranger.get(f"/requests/{case.reference}/").status_code == 404
    assert stranger.get(sent_url(case)).status_code == 404


def test_only_bins_the_address_has_and_only_addresses_that_exist(client, incab):
    assert client.post(entry_url(), {"stream": "garden"}).status_code == 400
    assert client.post(entry_url(), {"stream": "compost"}).status_code == 400
    assert client.get("/waste/missed/999999/").status_code == 404
    assert client.get(check_url(uprn=999999)).status_code == 404

    nothing = client.post(f"/waste/missed/{UPRN}/", {})
    assert nothing.status_code == 400
    assert "Select the bin that was not emptied" in text(nothing)
    assert "Error:" in text(nothing)  # in the page's title
    other = client.post(f"/waste/missed/{UPRN}/", {"stream": "garden"})
    assert other.status_code == 400
    assert "Select one of the bins we collect from this address" in text(other)


def test_an_address_without_council_bins(client):
    shop = AddressFactory(line1="3 High Street", postcode="MB1 2AA")

    page = client.get(f"/waste/missed/{shop.uprn}/")

    assert page.status_code == 200
    assert "We do not collect bins from this address" in text(page)
    assert "<form" not in page.content.decode().split("<main", 1)[1]


def test_another_address_by_postcode(client, rounds):
    neighbour = on_rounds(AddressFactory(line1="5 Mill Lane", postcode="MB1 1AA"), rounds)

    assert client.get("/waste/missed/address/").status_code == 200
    bad = client.get("/waste/missed/address/", {"postcode": "not a postcode"})
    assert bad.status_code == 400
    assert "Enter a real postcode" in text(bad)
    unknown = client.get("/waste/missed/address/", {"postcode": "MB9 9ZZ"})
    assert unknown.status_code == 400
    assert "We could not find any addresses for MB9 9ZZ" in text(unknown)

    found = client.get("/waste/missed/address/", {"postcode": "mb11aa"})
    assert found.status_code == 200
    assert "2 addresses found for MB1 1AA" in text(found)
    assert "5 Mill Lane" in text(found)

    unchosen = client.post("/waste/missed/address/", {"postcode": "MB1 1AA"})
    assert unchosen.status_code == 400
    assert "Select the address where the bin was not emptied" in text(unchosen)
    elsewhere = client.post("/waste/missed/address/", {"postcode": "MB1 1AA", "uprn": "1"})
    assert elsewhere.status_code == 400
    chosen = client.post(
        "/waste/missed/address/", {"postcode": "MB1 1AA", "uprn": str(neighbour.uprn)}
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == f"/waste/missed/{neighbour.uprn}/"


def test_a_resident_without_an_address_starts_with_the_postcode(citizen, request_type):
    page = signed_in(citizen).get("/waste/missed/")

    assert page.status_code == 200
    assert 'href="/waste/missed/address/"' in page.content.decode()


def test_switched_off_by_an_administrator(client, request_type):
    RequestType.objects.filter(pk=request_type.pk).update(active=False)

    assert "You cannot report a missed bin online" in text(client.get("/waste/missed/"))
    assert client.get(f"/waste/missed/{UPRN}/").status_code == 404
    assert client.get(check_url()).status_code == 404
    assert report(client).status_code == 404


# --- Already reported ------------------------------------------------------------------------


def test_already_reported_by_me_shows_my_report(client, incab):
    incab.add(record())
    report(client)
    case = Case.objects.get()

    again = shown(client)

    page = text(again)
    assert again.status_code == 200
    assert "You have already reported this" in page
    assert f'href="/requests/{case.reference}/"' in again.content.decode()
    assert Case.objects.count() == 1


def test_a_double_submit_makes_one_case(client, incab):
    incab.add(record())
    version = version_of(shown(client))

    first = client.post(check_url(), {"version": version})
    second = client.post(check_url(), {"version": version})

    case = Case.objects.get()
    assert first["Location"] == second["Location"] == sent_url(case)
    assert MissedCollection.objects.count() == 1


def test_already_reported_by_someone_else_in_the_household(client, incab, home, another_citizen):
    incab.add(record())
    another_citizen.address = home
    another_citizen.save()
    report(signed_in(another_citizen))
    theirs = Case.objects.get()

    page = shown(client)
    sent = report(client)

    assert page.status_code == sent.status_code == 200
    words = text(page)
    assert "This has already been reported" in words
    assert "You do not need to report it again" in words
    assert theirs.reference not in words
    assert another_citizen.first_name not in words
    assert another_citizen.email not in words
    assert "This has already been reported" in text(sent)
    assert Case.objects.count() == 1


def test_a_race_becomes_already_reported_never_a_500(
    client, incab, home, another_citizen, monkeypatch
):
    """Both pressed "Report" at once: the other's report is made while this one is checked."""
    incab.add(record())
    theirs = report(signed_in(another_citizen))
    assert theirs.status_code == 302
    monkeypatch.setattr(selectors, "missed_get", lambda **kwargs: None)  # not seen in time

    mine = report(client)

    assert mine.status_code == 400  # on check your answers, with the error
    assert "This has already been reported" in text(mine)
    assert Case.objects.count() == 1
    assert not CaseEvent.objects.exclude(case=Case.objects.get()).exists()


def test_the_action_makes_one_report_per_address_bin_and_day(resident, incab, request_type):
    incab.add(record())
    assessment = selectors.missed_assess(
        user=resident, address=resident.address, stream="recycling"
    )
    case = actions.missed_collection_report(
        user=resident, assessment=assessment, request_type=request_type
    )

    with pytest.raises(actions.AlreadyReported) as caught:
        actions.missed_collection_report(
            user=resident, assessment=assessment, request_type=request_type
        )

    assert caught.value.missed.case == case
    assert Case.objects.count() == 1


# --- What the council already knows ---------------------------------------------------------


@pytest.fixture
def notice(rounds):
    return MissedRoundNotice.objects.create(
        round=rounds["recycling"],
        date=COLLECTED,
        reason="The lorry broke down on Mill Lane.",
        when_back="We will come back on Thursday 27 November.",
    )


@pytest.fixture
def notices_feature(monkeypatch):
    """The notices feature's known_missed, or a stand-in with its signature until it lands."""
    try:
        from services.waste.selectors.notices import known_missed  # noqa: F401
    except ImportError:

        def known_missed(*, address, stream, day):
            return MissedRoundNotice.objects.filter(
                round__properties__address=address,
                round__stream=stream,
                date=day,
                street="",
            ).first()

        module = types.ModuleType("services.waste.selectors.notices")
        module.known_missed = known_missed
        monkeypatch.setitem(sys.modules, module.__name__, module)


def test_a_known_missed_round_is_explained_without_asking_the_crews(
    client, incab, notice, notices_feature
):
    page = shown(client)
    sent = report(client)

    words = text(page)
    assert "We know your recycling was not collected" in words
    assert "The lorry broke down on Mill Lane." in words
    assert "We will come back on Thursday 27 November." in words
    assert "You do not need to report it" in words
    assert sent.status_code == 200
    assert not Case.objects.exists()
    assert incab.requests == 0


def test_without_the_notices_feature_there_is_simply_no_notice(client, incab, notice, monkeypatch):
    monkeypatch.setitem(sys.modules, "services.waste.selectors.notices", None)
    incab.add(record())

    assert "Check your answers" in text(shown(client))


@pytest.mark.parametrize(
    ("reason", "heading", "what"),
    [
        (
            "contaminated",
            "Your recycling had the wrong things in it",
            "Your recycling was not collected on Tuesday 25 November 2025 because it had the "
            "wrong things in it. What to do Take out anything that cannot be recycled, such "
            "as food, nappies, plastic bags, clothes and black bags of rubbish. Then put it "
            "out on your next collection day, Tuesday 9 December 2025.",
        ),
        (
            "not_presented",
            "Your recycling was not out when the crew came",
            "Put it out by 7am on your next collection day, Tuesday 9 December 2025",
        ),
        (
            "blocked_access",
            "The crew could not get to your recycling",
            "because the crew could not get to it",
        ),
    ],
)
def test_the_crew_s_reason_instead_of_a_case(client, incab, reason, heading, what):
    incab.add(record(exceptions=[crew(reason, note="Black sack on top")]))

    page = shown(client)
    sent = report(client)

    words = text(page)
    assert page.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page.content.decode()
    assert what in words
    assert "If you think this is wrong" in words
    assert "Black sack on top" not in words  # the crew's own words stay with the council
    assert sent.status_code == 200
    assert heading in text(sent)
    assert not Case.objects.exists()


def test_a_reason_for_another_bin_or_house_does_not_stop_the_report(client, incab):
    incab.add(
        record(
            exceptions=[crew("contaminated", stream="refuse"), crew("contaminated", uprn=UPRN + 1)]
        )
    )

    assert "Check your answers" in text(shown(client))


def test_an_other_reason_goes_to_the_waste_team(client, incab):
    incab.add(record(exceptions=[crew("other", note="Bin lid broken, could not tip it")]))

    assert report(client).status_code == 302

    [note] = notes(Case.objects.get())
    assert "The crew recorded 'other': Bin lid broken, could not tip it" in note.message


def test_the_crew_is_still_out_on_the_collection_day(client, incab, clock):
    clock("2025-11-25 11:00")
    incab.add(record(state="in_progress"))

    page = shown(client)
    sent = report(client)

    words = text(page)
    assert "The crew has not finished your round yet" in words
    assert (
        "The crew is still out on your street today. If your bin has not been emptied by "
        "6pm, report it after that." in words
    )
    assert sent.status_code == 200
    assert not Case.objects.exists()


def test_the_crew_has_not_started_yet(client, incab, clock):
    clock("2025-11-25 06:15")
    incab.add(record(state="not_started"))

    assert "The crew has not started your round yet today" in text(shown(client))


def test_the_crew_still_out_in_the_evening(client, incab, clock):
    clock("2025-11-25 19:30")
    incab.add(record(state="in_progress"))

    words = text(shown(client))

    assert "If your bin has not been emptied by the end of today, report it tomorrow." in words


def test_on_the_collection_day_once_the_crew_has_finished(client, incab, clock):
    clock("2025-11-25 14:30")
    incab.add(record())

    assert report(client).status_code == 302
    assert Case.objects.get().answers["collection_date"] == "2025-11-25"


# --- When it can be reported -------------------------------------------------------------------


def test_too_early_on_the_collection_day_when_the_crew_s_records_say_nothing(client, office, clock):
    clock("2025-11-25 11:00")
    office.stop()  # and nothing else can tell us whether the crew has been

    page = shown(client)
    sent = report(client)

    words = text(page)
    assert "It is too early to report this" in words
    assert "crews work until 6pm. If your bin has not been emptied by 6pm, report it after" in (
        words
    )
    assert sent.status_code == 200
    assert not Case.objects.exists()


def test_after_6pm_on_the_collection_day_without_the_crew_s_records(client, office, clock):
    clock("2025-11-25 18:00")
    office.stop()

    assert report(client).status_code == 302
    [note] = notes(Case.objects.get())
    assert "could not be checked" in note.message


@pytest.mark.parametrize("day", ["2025-11-26 08:00", "2025-11-27 23:59"])
def test_up_to_two_working_days_after(client, incab, clock, day):
    clock(day)
    incab.add(record())

    assert "Check your answers" in text(shown(client))


def test_too_late(client, incab, clock):
    clock("2025-11-28 07:00")  # Friday: the last day was Thursday
    incab.add(record())

    page = shown(client)
    sent = report(client)

    words = text(page)
    assert "It is too late to report this online" in words
    assert "the last day to report it was Thursday 27 November 2025" in words
    assert "Put it out by 7am on your next collection day, Tuesday 9 December 2025" in words
    assert sent.status_code == 200
    assert not Case.objects.exists()
    assert incab.requests == 0


def test_the_council_sets_how_long_reports_are_taken(client, incab, clock):
    policy = WastePolicy.current()
    policy.missed_report_days = 3
    policy.save()
    clock("2025-11-28 07:00")
    incab.add(record())

    assert "Check your answers" in text(shown(client))


def test_no_recent_collection_of_that_bin(client, rounds, home):
    garden = Round.objects.create(
        code="MB-GDN-WED",
        name="Garden, Wednesday",
        stream="garden",
        weekday=2,
        every_weeks=2,
        first_date=datetime.date(2026, 3, 4),
        active=True,
    )
    PropertyRound.objects.create(address=home, round=garden, stream="garden")
    for day in (29, 12, 26):  # Wednesdays: no garden waste collections for a while
        month = 10 if day == 29 else 11
        CollectionChange.objects.create(round=garden, date=datetime.date(2025, month, day))

    words = text(shown(client, "garden"))

    assert "We cannot find a recent garden waste collection" in words
    assert "The next garden waste collection is on Wednesday 10 December 2025" in words


def test_the_collection_day_changed_since_the_page_was_shown(client, incab, clock):
    incab.add(record())
    version = version_of(shown(client))
    clock("2025-12-09 19:00")  # the page left open until after the next collection

    sent = client.post(check_url(), {"version": version})

    assert sent.status_code == 400
    assert "The collection day has changed since this page was shown" in text(sent)
    assert not Case.objects.exists()


# --- When the crews' records cannot be read, the resident is not stopped ------------------------


def test_in_cab_down_the_report_goes_ahead_with_an_internal_note(client, office):
    office.stop()

    page = shown(client)
    sent = report(client)

    assert "We could not check the crew’s records just now" in page.content.decode()
    assert sent.status_code == 302
    case = Case.objects.get()
    [note] = notes(case)
    assert not note.public
    assert "The crew's in-cab records could not be checked" in note.message
    assert "could not reach the in-cab system" in note.message
    resident_page = client.get(f"/requests/{case.reference}/")
    assert "could not be checked" not in resident_page.content.decode()


def test_in_cab_garbage_the_report_goes_ahead_with_an_internal_note(client, incab):
    incab.add(record(exceptions=[crew("contaminated")]))
    incab.garbage = True

    assert report(client).status_code == 302

    [note] = notes(Case.objects.get())
    assert "could not be checked" in note.message
    assert "not JSON" in note.message


def test_in_cab_turned_off(client, settings):
    settings.WASTE_INCAB_URL = ""

    assert report(client).status_code == 302

    [note] = notes(Case.objects.get())
    assert "turned off" in note.message


def test_in_cab_has_no_record_of_the_round(client, incab):
    assert report(client).status_code == 302

    [note] = notes(Case.objects.get())
    assert "there is no record of round MB-REC-TUE-1 on 25/11/2025" in note.message


# --- The demo's records -------------------------------------------------------------------------


def test_the_demo_writes_a_fortnight_of_records_with_sam_s_contaminated_recycling(
    settings, tmp_path, rounds, request_type, clock
):
    from services.waste.demo import missed as demo

    settings.WASTE_INCAB_DEMO_FILE = str(tmp_path / "var" / "incab.json")
    sam_home = on_rounds(AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA"), rounds)
    neighbour = on_rounds(AddressFactory(line1="2 Mill Lane", postcode="MB1 1AA"), rounds)
    sam = UserFactory(email="sam@example.org", address=sam_home)

    line = demo.load(now=at("2025-11-26 10:00"))

    document = json.loads((tmp_path / "var" / "incab.json").read_text())
    held = {(r["round"], r["date"]): r for r in document["rounds"]}
    assert "In-cab records: 3 rounds" in line
    # Within the fortnight: rubbish on Tuesdays 18 and 25 November, recycling on the 25th.
    assert set(held) == {
        ("MB-REF-TUE", "2025-11-18"),
        ("MB-REF-TUE", "2025-11-25"),
        ("MB-REC-TUE-1", "2025-11-25"),
    }
    assert all(r["state"] == "finished" and r["finished_at"] for r in held.values())
    contaminated = held[("MB-REC-TUE-1", "2025-11-25")]["exceptions"]
    assert [(e["uprn"], e["reason"]) for e in contaminated] == [
        (str(sam_home.uprn), "contaminated")
    ]
    not_out = held[("MB-REF-TUE", "2025-11-25")]["exceptions"]
    assert [(e["uprn"], e["reason"]) for e in not_out] == [(str(neighbour.uprn), "not_presented")]
    # The last working day's rubbish round has a reason inside the report window: named for a try.
    assert f"Try reporting a missed bin at {neighbour}" in line

    # Served by the simulated back office (`make run`: --incab-file), Sam is told why.
    running = start(BackOffice(secret=SECRET))
    running.office.incab.file = settings.WASTE_INCAB_DEMO_FILE
    settings.WASTE_INCAB_URL = running.incab_url
    try:
        page = shown(signed_in(sam), "recycling", uprn=sam_home.uprn)
    finally:
        running.stop()
    assert "Your recycling had the wrong things in it" in text(page)


def test_today_s_rounds_are_still_out_in_the_demo(rounds):
    from services.waste.demo import missed as demo

    document = demo.incab_records(now=at("2025-11-25 11:00"))

    today = [r for r in document["rounds"] if r["date"] == "2025-11-25"]
    assert {r["round"] for r in today} == {"MB-REF-TUE", "MB-REC-TUE-1"}
    assert all(r["state"] == "in_progress" and r["finished_at"] is None for r in today)
    earlier = [r for r in document["rounds"] if r["date"] != "2025-11-25"]
    assert earlier and all(r["state"] == "finished" for r in earlier)
