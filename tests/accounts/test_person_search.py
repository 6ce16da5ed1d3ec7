"""Finding a person (G1): what an agent types on a call, as they would type it.

These run on SQLite (the simpler path) and, with DATABASE_URL set, on PostgreSQL
(trigram indexes): the same people must come back either way.
"""

import pytest
from django.db import connection

from accounts.person_query import person_query_parse
from accounts.selectors import person_search, person_summary
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    mill = AddressFactory(uprn=100012345678, line1="1 Mill Lane", postcode="MB1 2AB")
    mill_next = AddressFactory(line1="3 Mill Lane", postcode="MB1 2AB")
    station = AddressFactory(line1="10 Station Road", postcode="MB2 2BB")
    return {
        "smith": UserFactory(
            first_name="Sam",
            last_name="Smith",
            email="sam.smith@example.org",
            phone="+447700900123",
            address=mill,
        ),
        "smyth": UserFactory(
            first_name="Samantha", last_name="Smyth", email="s.smyth@example.net", address=mill_next
        ),
        "patel": UserFactory(
            first_name="Priya", last_name="Patel", email="priya@example.org", address=station
        ),
        "brown": UserFactory(
            first_name="Alex",
            last_name="Brown",
            email="alex.b@example.org",
            manual_address="Flat 3, The Mews\nMillbrook",
            manual_postcode="MB3 3CC",
        ),
        "staff": UserFactory(first_name="Sam", last_name="Smith", is_staff=True),
    }


def found(query):
    return [person.last_name for person in person_search(query=query)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("smith", ["Smith"]),
        ("SAM", ["Smith", "Smyth"]),  # Samantha too: part of a name will do
        ("  sam   smi ", ["Smith"]),
        ("mill lane", ["Smith", "Smyth"]),
        ("the mews", ["Brown"]),
        ("sam.smith@EXAMPLE.org", ["Smith"]),
        ("priya@", ["Patel"]),
        ("07700 900123", ["Smith"]),
        ("+44 7700 900 123", ["Smith"]),
        ("900 123", ["Smith"]),  # the end of a phone number
        ("100012345678", ["Smith"]),  # a UPRN
        ("mb12ab", ["Smith", "Smyth"]),
        ("Mb1 2aB", ["Smith", "Smyth"]),
        ("MB1", ["Smith", "Smyth"]),
        ("mb1 2", ["Smith", "Smyth"]),
        ("mb3 3cc", ["Brown"]),  # a postcode typed in by hand
    ],
)
def test_people_are_found_however_staff_type_it(people, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    "query, first",
    [
        ("Sam Smiht", "Smith"),  # letters swapped
        ("Pryia Patel", "Patel"),
        ("MB1 2AV", "Smith"),  # one character of the postcode wrong
        ("MB2 2BV", "Patel"),
        ("priya@exmaple.org", "Patel"),
    ],
)
def test_a_typo_still_finds_the_person(people, query, first):
    results = found(query)
    assert results and results[0] == first, results


def test_a_postcode_typo_does_not_bring_in_another_part_of_town(people):
    assert "Brown" not in found("MB1 2AV")
    assert "Patel" not in found("MB1 2AV")


def test_staff_are_never_found_and_nonsense_finds_nobody(people):
    assert all(person.pk != people["staff"].pk for person in person_search(query="Sam Smith"))
    assert found("zzzzqqq") == []
    assert found("") == []
    assert found("   ") == []
    assert found("\x00sam\x00") == ["Smith", "Smyth"]
    assert isinstance(found("x" * 5000), list)


def test_the_query_is_read_as_one_kind_of_thing():
    assert person_query_parse("Sam@Example.org").kind == "email"
    assert person_query_parse("07700 900123").kind == "phone"
    assert person_query_parse("100012345678").kind == "digits"
    assert person_query_parse("mb1 2ab").text == "MB1 2AB"
    assert person_query_parse("MB1").kind == "postcode_start"
    assert person_query_parse("Mill Lane").words == ("Mill", "Lane")
    assert person_query_parse("  ") is None


def test_a_result_says_just_enough_to_tell_two_people_apart(people):
    summary = person_summary(people["smith"])
    assert summary.name == "Sam Smith"
    assert summary.address == "1 Mill Lane, MB1 2AB"  # not the whole address
    assert summary.email == "s••••••••@example.org"
    assert "Personal account, registered online on" in summary.registered
    assert person_summary(people["brown"]).address == "Flat 3, The Mews, MB3 3CC"


@pytest.mark.postgres
def test_postgresql_searches_with_trigram_indexes(people):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"accounts_user_last_name_trgm", "accounts_address_postcode_trgm"} <= names
    # A street spelt wrong, which only similarity (not a shared start) can find.
    assert "Patel" in found("Staton Raod")
