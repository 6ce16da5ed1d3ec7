"""A journey step page costs the same queries however many questions the request type asks
and however many saved requests the person has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.drafts import draft_save
from tests.services.general.conftest import answer

pytestmark = pytest.mark.django_db

START = "/services/general/"


def queries(client, method, path, data=None) -> int:
    """The page's own queries, beside the session's (read, and now and then slid on)."""
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 302), response.status_code
    return len([q for q in context.captured_queries if "django_session" not in q["sql"]])


def questions(n: int) -> list[dict]:
    return [{"key": f"q{i}", "label": f"Question {i}?", "type": "text"} for i in range(n)]


def step_costs(client, request_type) -> tuple[int, int, int]:
    """(GET the first step, POST it, GET the questions step), each measured on a second visit."""
    path = f"{START}{request_type.slug}/"
    form = {"summary": "Overgrown hedge", "details": "It blocks the pavement."}
    client.get(path)
    answer(client, request_type)
    client.get(f"{path}questions/")
    return (
        queries(client, "get", path),
        queries(client, "post", path, form),
        queries(client, "get", f"{path}questions/"),
    )


def test_the_step_page_does_not_grow_with_questions_or_saved_requests(
    citizen, resident, request_types, question_type
):
    question_type.questions = questions(1)
    question_type.save()
    few = step_costs(resident, question_type)

    question_type.questions = questions(12)
    question_type.save()
    for other in request_types.values():
        if other != question_type:
            draft_save(user=citizen, request_type=other, answers={"steps": {}})
    many = step_costs(resident, question_type)

    assert citizen.drafts.count() == len(request_types)
    assert (
        "Question 11?" in resident.get(f"{START}{question_type.slug}/questions/").content.decode()
    )
    assert few == many, (few, many)
