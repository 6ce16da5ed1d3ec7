"""A refused request (403) logs one line, not a traceback.

Residents who try a staff address are an everyday event; the operator needs to see
who was refused what, on one line, and keep tracebacks for real errors.
"""

import logging

import pytest

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _refusals(caplog):
    return [r for r in caplog.records if getattr(r, "status_code", None) == 403]


@pytest.mark.parametrize("path", ["/staff/", "/admin/"])
def test_a_resident_refused_a_staff_page_is_one_line_with_path_and_user(citizen, caplog, path):
    client = signed_in(citizen, verified=True)
    with caplog.at_level(logging.WARNING):
        response = client.get(path)
    assert response.status_code == 403
    [record] = _refusals(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.exc_text is None
    assert path in record.getMessage()
    assert f"user {citizen.pk}" in record.getMessage()
    assert "Traceback" not in caplog.text


def test_a_real_error_keeps_its_traceback(caplog):
    logger = logging.getLogger("django.request")
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError("broken")
        except ValueError:
            logger.error("Internal Server Error: %s", "/x/", exc_info=True)
    [record] = caplog.records
    assert record.exc_info is not None
    assert "Traceback" in caplog.text
