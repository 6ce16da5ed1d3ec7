"""Admin-built forms: a request type built the way an administrator (or the demo) does."""

import pytest

from services.forms.demo import form_build, page, q

SPEC = {
    "slug": "kerb-test",
    "name": "Request a kerb",
    "description": "A test form.",
    "team": "highways",
    "sla_days": 20,
    "fee_pence": 5500,
    "pages": [
        page(
            "About you",
            q("Do you hold a blue badge?", "yes_no", key="blue_badge"),
            q("How many cars?", "number", key="cars", min_value=1, max_value=5),
        ),
        page(
            "Your badge",
            q("Blue badge number", "text", key="badge", min_length=6, max_length=20),
            when={"key": "blue_badge", "operator": "is", "value": "Yes"},
        ),
        page(
            "Details",
            q("When do you need it?", "date", key="when"),
            q(
                "Why a wider kerb?",
                "text",
                key="why",
                condition_key="cars",
                condition_operator="is",
                condition_value="3",
            ),
            q("I confirm the details are right", "declaration", key="confirm"),
        ),
    ],
}


@pytest.fixture
def built(db):
    form, _made = form_build(SPEC)
    return form
