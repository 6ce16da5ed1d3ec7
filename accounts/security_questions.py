"""The council's security questions for a caller (pure, no database): before an agent sees a
person's sensitive records (tier 2) while helping them, the caller answers questions whose
answers are on the person's record.

Which questions, in which order, is the setting ``ASSIST_SECURITY_QUESTIONS`` (an
administrator's choice, from ``QUESTIONS``); ``ASSIST_SECURITY_QUESTIONS_ASKED`` of those
the record can answer are asked. Answers are compared ignoring case, spaces and
punctuation, in constant time; they are never stored or logged, only which questions
were asked and whether they matched.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_FAILURES = 3  # wrong answers in one call: then the caller cannot be checked this call


def _address_line1(person) -> str:
    if person.address_id:
        return person.address.line1
    lines = [line for line in person.manual_address.splitlines() if line.strip()]
    return lines[0] if lines else ""


def _postcode(person) -> str:
    return person.address.postcode if person.address_id else person.manual_postcode


def _phone_last4(person) -> str:
    digits = re.sub(r"\D", "", str(person.phone or ""))
    return digits[-4:] if len(digits) >= 4 else ""


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    hint: str
    answer_of: Callable[[object], str]


QUESTIONS = {
    question.key: question
    for question in (
        Question("postcode", _("What is the caller’s postcode?"), "", _postcode),
        Question(
            "address_line1",
            _("What is the first line of the caller’s address?"),
            _("For example, the house number and street"),
            _address_line1,
        ),
        Question(
            "phone_last4",
            _("What are the last 4 digits of the caller’s phone number?"),
            "",
            _phone_last4,
        ),
    )
}
DEFAULT_ORDER = ["postcode", "address_line1", "phone_last4"]


def normalise(answer: str) -> str:
    return re.sub(r"[\W_]+", "", str(answer or "")).casefold()


def questions_for(person) -> list[Question]:
    """The questions to ask about ``person``: those the record can answer, in the
    council's order, as many as it asks ([] when the record holds none)."""
    order = getattr(settings, "ASSIST_SECURITY_QUESTIONS", DEFAULT_ORDER)
    asked = getattr(settings, "ASSIST_SECURITY_QUESTIONS_ASKED", 2)
    found = [QUESTIONS[key] for key in order if key in QUESTIONS]
    return [q for q in found if normalise(q.answer_of(person))][:asked]


def answers_match(person, questions: list[Question], answers: dict[str, str]) -> bool:
    """Whether every answer matches the record (all compared, in constant time)."""
    matched = bool(questions)
    for question in questions:
        expected = normalise(question.answer_of(person)).encode()
        given = normalise(answers.get(question.key, "")).encode()
        matched &= hmac.compare_digest(expected, given)
    return matched
