"""Each question type: what it accepts, the message a resident gets, and how its
answer reads on the check page and the case."""

import pytest
from django.http import QueryDict

from casework.journeys.state import display_value
from services.forms.fields import page_form_class


def _question(kind, **options):
    return {
        "key": "answer",
        "label": "Your answer",
        "hint": "",
        "kind": kind,
        "required": True,
        "min_length": None,
        "max_length": None,
        "min_value": None,
        "max_value": None,
        "choices": [],
        "condition": None,
        **options,
    }


def _answer(question, data):
    form_class = page_form_class({"title": "T", "questions": [question]})
    form = form_class(QueryDict(mode="", mutable=True) if data is None else _query(data))
    valid = form.is_valid()
    if not valid:
        return False, " ".join(form.errors["answer"])
    field = form.fields["answer"]
    return True, display_value(field, form.cleaned_data["answer"])


def _query(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.parametrize(
    "question, data, expected",
    [
        (_question("text", max_length=5), {"answer": "Hello"}, (True, "Hello")),
        (
            _question("text", max_length=5),
            {"answer": "Hello!"},
            (False, "‘Your answer’ must be 5 characters or fewer"),
        ),
        (
            _question("long_text", min_length=10),
            {"answer": "short"},
            (False, "‘Your answer’ must be 10 characters or more"),
        ),
        (_question("text"), {"answer": ""}, (False, "Enter ‘Your answer’")),
        (_question("number"), {"answer": "2.5"}, (False, "‘Your answer’ must be a whole number")),
        (
            _question("number", min_value="3"),
            {"answer": "2"},
            (False, "‘Your answer’ must be 3 or more"),
        ),
        (_question("money"), {"answer": "£1,234.50"}, (True, "£1,234.50")),
        (
            _question("money"),
            {"answer": "12.345"},
            (False, "‘Your answer’ must be an amount of money, like 12 or 12.50"),
        ),
        (
            _question("money", max_value="50"),
            {"answer": "50.01"},
            (False, "‘Your answer’ must be £50.00 or less"),
        ),
        (
            _question("date"),
            {"answer_day": "29", "answer_month": "2", "answer_year": "2027"},
            (False, "‘Your answer’ must be a real date"),
        ),
        (
            _question("date"),
            {"answer_day": "29", "answer_month": "2", "answer_year": "2028"},
            (True, "29 February 2028"),
        ),
        (_question("yes_no"), {"answer": "No"}, (True, "No")),
        (_question("yes_no"), {}, (False, "Select ‘Your answer’")),
        (
            _question("radios", choices=["Red", "Blue"]),
            {"answer": "Green"},
            (False, "Select one of the answers to ‘Your answer’"),
        ),
        (_question("select", choices=["Red", "Blue"]), {"answer": "Blue"}, (True, "Blue")),
        (
            _question("checkboxes", choices=["Red", "Blue"]),
            {"answer": ["Red", "Blue"]},
            (True, "Red, Blue"),
        ),
        (
            _question("checkboxes", choices=["Red", "Blue"]),
            {},
            (False, "Select at least one answer to ‘Your answer’"),
        ),
        (
            _question("email"),
            {"answer": "sam@"},
            (False, "Enter an email address in the correct format, like name@example.com"),
        ),
        (_question("phone"), {"answer": "020 7946 0000"}, (True, "020 7946 0000")),
        (
            _question("phone"),
            {"answer": "12345"},
            (False, "Enter a UK phone number, like 07700 900 982 or 01632 960 001"),
        ),
        (
            _question("address"),
            {"answer_line1": "1 Mill Lane", "answer_town": "Millbrook", "answer_postcode": "nope"},
            (False, "Enter a real postcode, like MB1 1AA"),
        ),
        (_question("declaration"), {}, (False, "Confirm ‘Your answer’")),
        (_question("declaration", required=False), {"answer": "on"}, (True, "Yes")),
    ],
)
def test_each_type_accepts_and_refuses_with_clear_words(question, data, expected):
    assert _answer(question, data) == expected


def test_an_optional_question_left_empty_reads_not_answered():
    assert _answer(_question("text", required=False), {}) == (True, "Not answered")


def test_a_question_whose_condition_is_not_met_is_left_out_of_the_page():
    question = _question("text", condition={"key": "pets", "operator": "includes", "value": "Dog"})
    form_class = page_form_class({"title": "T", "questions": [question]})
    assert "answer" not in form_class(values={"pets": ["Cat"]}).fields
    assert "answer" in form_class(values={"pets": ["Cat", "Dog"]}).fields
