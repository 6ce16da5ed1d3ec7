"""Find a person and their record (G1): who may, what they see, what is recorded."""

import csv
import io

import pytest
from django.urls import reverse

from accounts import roles
from accounts.actions import user_data_export
from accounts.models import AuditEntry, PersonNote, SMSDevice
from casework import actions
from casework.models import Channel, Team
from tests.casework.factories import RequestTypeFactory
from tests.conftest import _staff, signed_in
from tests.factories import AddressFactory, UserFactory, add_totp_device

pytestmark = pytest.mark.django_db

SEARCH = reverse("staff:people")


@pytest.fixture
def person():
    return UserFactory(
        first_name="Sam",
        last_name="Okafor",
        email="sam.okafor@example.org",
        phone="+447700900456",
        address=AddressFactory(line1="7 Hawthorn Crescent", postcode="MB4 7HC"),
    )


@pytest.fixture
def cases(person, agent):
    bench = RequestTypeFactory(slug="people-bench", name="Report a broken bench")
    by_phone = actions.case_submit(
        request_type=bench,
        resident=person,
        answers={},
        summary="Bench by the pond",
        channel=Channel.PHONE,
        actor=agent,
    )
    online = actions.case_submit(request_type=bench, resident=person, answers={}, summary="Sign")
    actions.case_acknowledge(case=online)
    actions.case_resolve(case=online, actor=agent, message="We have mended the sign.")
    by_phone.events.create(kind="message_sent", data={"audience": "resident", "channel": "sms"})
    by_phone.events.create(kind="message_sent", data={"audience": "team", "channel": "email"})
    return {"phone": by_phone, "online": online}


def _client(role):
    return signed_in(_staff(role), verified=True)


@pytest.mark.parametrize("role", [roles.AGENT, roles.CASEWORKER, roles.ADMINISTRATOR])
def test_agents_caseworkers_and_admins_find_people_and_open_their_record(role, person):
    client = _client(role)

    results = client.get(SEARCH, {"q": "mb4 7hc"})
    record = client.get(reverse("staff:person", args=[person.pk]))

    assert results.status_code == 200 and "Sam Okafor" in results.content.decode()
    assert record.status_code == 200 and "7 Hawthorn Crescent" in record.content.decode()


@pytest.mark.parametrize("role", [roles.COUNCILLOR, roles.MEMBER_SUPPORT])
def test_councillors_and_their_officers_may_not(role, person):
    client = _client(role)

    for url in (
        SEARCH,
        reverse("staff:person", args=[person.pk]),
        reverse("staff:person_note", args=[person.pk]),
    ):
        assert client.get(url, {"q": "Okafor"}).status_code == 403, url
    assert not AuditEntry.objects.exists()


def test_residents_get_403_and_strangers_sign_in_first(person, another_citizen, client):
    resident = signed_in(another_citizen, verified=True)

    assert resident.get(SEARCH, {"q": "Okafor"}).status_code == 403
    assert resident.get(reverse("staff:person", args=[person.pk])).status_code == 403
    assert client.get(SEARCH).status_code == 302
    assert not AuditEntry.objects.exists()


def test_the_staff_home_links_to_find_a_person_only_for_those_who_may(agent, councillor):
    assert SEARCH in signed_in(agent, verified=True).get(reverse("staff_home")).content.decode()
    home = signed_in(councillor, verified=True).get(reverse("staff_home")).content.decode()
    assert SEARCH not in home


def test_every_search_is_recorded_with_who_searched_what(person, agent):
    client = signed_in(agent, verified=True)

    client.get(SEARCH, {"q": "okafr"})  # a typo
    client.get(SEARCH, {"q": "nobody by this name"})

    first, second = AuditEntry.objects.order_by("id")
    assert (first.staff, first.action, first.query, first.results) == (
        agent,
        AuditEntry.Action.SEARCHED,
        "okafr",
        1,
    )
    assert (second.query, second.results) == ("nobody by this name", 0)


def test_an_empty_search_says_what_to_enter(agent):
    response = signed_in(agent, verified=True).get(SEARCH, {"q": "   "})

    assert response.status_code == 400
    assert "Enter a name, email, phone number, postcode" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_case_reference_finds_whose_case_it_is(person, cases, agent):
    reference = cases["phone"].reference.lower().replace("-", " ")

    html = signed_in(agent, verified=True).get(SEARCH, {"q": reference}).content.decode()

    assert "Sam Okafor" in html
    assert "1 person found" in html


def test_results_tell_two_people_apart_without_giving_everything_away(person, agent):
    UserFactory(
        first_name="Sam",
        last_name="Okafor",
        email="okafor.s@example.net",
        address=AddressFactory(line1="2 Station Road", postcode="MB2 2BB"),
    )

    html = signed_in(agent, verified=True).get(SEARCH, {"q": "sam okafor"}).content.decode()

    assert "2 people found" in html
    assert "7 Hawthorn Crescent, MB4 7HC" in html and "2 Station Road, MB2 2BB" in html
    assert "sam.okafor@example.org" not in html  # masked in the list
    assert "registered online on" in html


def test_the_record_shows_details_cases_channels_contacts_and_notes(person, cases, agent):
    PersonNote.objects.create(person=person, author=agent, text="Hard of hearing: speak slowly.")

    response = signed_in(agent, verified=True).get(reverse("staff:person", args=[person.pk]))
    html = response.content.decode()

    assert "sam.okafor@example.org" in html and "07700 900456" in html
    assert "Open requests" in html and "Finished requests" in html
    assert cases["phone"].reference in html and cases["online"].reference in html
    assert ">Phone<" in html and ">Online<" in html
    assert "Text message sent" in html  # to the person; the team's own e-mail is not theirs
    assert "Email sent" not in html
    assert "Message from the council" in html  # the resolution's words, sent to them
    assert "Hard of hearing: speak slowly." in html
    entry = AuditEntry.objects.get()
    assert (entry.staff, entry.person, entry.action) == (agent, person, AuditEntry.Action.VIEWED)


def test_the_record_never_shows_a_second_factor(person, agent):
    add_totp_device(person)
    SMSDevice.objects.create(user=person, name="My other phone", number="+447700900999")

    html = signed_in(agent, verified=True).get(reverse("staff:person", args=[person.pk]))
    html = html.content.decode()

    assert "Authenticator app" not in html
    assert "My other phone" not in html and "900999" not in html


def test_a_caseworker_sees_every_case_but_opens_only_their_teams(person, cases, caseworker):
    team = Team.objects.create(slug="parks", name="Parks")
    team.members.add(caseworker)
    cases["phone"].team = team
    cases["phone"].save()

    html = signed_in(caseworker, verified=True).get(reverse("staff:person", args=[person.pk]))
    html = html.content.decode()

    assert reverse("staff:case", args=[cases["phone"].reference]) in html
    assert cases["online"].reference in html
    assert reverse("staff:case", args=[cases["online"].reference]) not in html


def test_staff_records_and_missing_people_are_not_found(agent, caseworker):
    client = signed_in(agent, verified=True)

    assert client.get(reverse("staff:person", args=[caseworker.pk])).status_code == 404
    assert client.get(reverse("staff:person", args=[999999])).status_code == 404


def test_adding_a_note(person, agent):
    client = signed_in(agent, verified=True)
    url = reverse("staff:person_note", args=[person.pk])

    empty = client.post(url, {"text": "  "})
    added = client.post(url, {"text": "Called about the bench; will ring back."}, follow=True)

    assert empty.status_code == 400 and "Enter the note" in empty.content.decode()
    assert added.redirect_chain[-1][0] == reverse("staff:person", args=[person.pk])
    assert "Called about the bench; will ring back." in added.content.decode()
    assert PersonNote.objects.get().author == agent
    actions_recorded = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions_recorded == [AuditEntry.Action.NOTE_ADDED, AuditEntry.Action.VIEWED]


def test_download_my_data_includes_who_looked_and_the_notes(person, agent, another_citizen):
    client = signed_in(agent, verified=True)
    client.get(reverse("staff:person", args=[person.pk]))
    client.post(reverse("staff:person_note", args=[person.pk]), {"text": "Prefers letters."})
    client.get(reverse("staff:person", args=[another_citizen.pk]))

    data = user_data_export(user=person)

    assert [entry["what"] for entry in data["staff_access"]] == [
        "Viewed the person's record",
        "Added a note",
    ]  # not the look at someone else's record
    assert data["staff_access"][0]["by"] == agent.get_full_name()
    assert [note["note"] for note in data["staff_notes"]] == ["Prefers letters."]


def test_audit_entries_cannot_be_changed():
    staff = UserFactory(is_staff=True)
    entry = AuditEntry.objects.create(staff=staff, staff_name="x", action="searched")
    entry.query = "changed"
    with pytest.raises(ValueError):
        entry.save()


def test_admins_search_the_audit_and_download_it_but_cannot_change_it(person, agent, admin_user):
    signed_in(agent, verified=True).get(SEARCH, {"q": "=HYPERLINK(okafor)"})
    signed_in(agent, verified=True).get(reverse("staff:person", args=[person.pk]))
    admin = signed_in(admin_user, verified=True)
    changelist = reverse("admin:accounts_auditentry_changelist")

    found = admin.get(changelist, {"q": "HYPERLINK"})
    exported = admin.post(
        changelist,
        {
            "action": "export_csv",
            "_selected_action": list(AuditEntry.objects.values_list("pk", flat=True)),
        },
    )
    entry = AuditEntry.objects.first()

    assert found.status_code == 200 and "=HYPERLINK(okafor)" in found.content.decode()
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row["Action"] for row in rows] == ["searched", "viewed"]
    assert rows[0]["Searched for"] == "'=HYPERLINK(okafor)"  # never run as a formula
    assert rows[1]["Person"] == "sam.okafor@example.org"
    change = admin.post(reverse("admin:accounts_auditentry_change", args=[entry.pk]), {})
    delete = admin.post(reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {})
    assert change.status_code == 403 and delete.status_code == 403
    assert AuditEntry.objects.count() == 2
    assert signed_in(agent, verified=True).get(changelist).status_code == 403
