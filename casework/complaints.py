"""Complaints with stages (C8): the plain rules, taking plain values.

A complaint is answered at stage 1; a resident unhappy with that answer may ask,
with a reason, for a stage 2 review within ``COMPLAINT_ESCALATION_DAYS`` of it; the
stage 2 answer is the council's final answer and tells them about the Ombudsman.
Each stage has its own statutory clock in working days (``COMPLAINT_STAGE_WORKING_DAYS``,
set per council). The actions that move a complaint are in casework.actions
(``case_complaint_*``); the models are ``Complaint`` and ``ComplaintStage``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from casework import sla

FINAL_STAGE = 2

# Why things went wrong, for root cause analysis: the categories staff choose from.
ROOT_CAUSES = (
    ("delay", _("Delay or missed deadline")),
    ("quality", _("Quality of the service")),
    ("communication", _("Poor or no communication")),
    ("staff_conduct", _("Staff behaviour or attitude")),
    ("policy", _("Disagreement with a policy or decision")),
    ("process", _("Process or system failure")),
    ("error", _("A mistake by the council")),
    ("contractor", _("A contractor's work")),
    ("other", _("Something else")),
)
ROOT_CAUSE_LABELS = dict(ROOT_CAUSES)


def stage_working_days(number: int) -> int:
    """The statutory clock of complaint stage ``number`` (1 or 2), in working days."""
    days = settings.COMPLAINT_STAGE_WORKING_DAYS
    return int(days[min(number, len(days)) - 1])


def stage_due_date(*, number: int, opened_on: datetime.date) -> datetime.date:
    """When the answer to stage ``number`` opened on ``opened_on`` is due by law."""
    return sla.add_working_days(opened_on, stage_working_days(number))


def escalation_deadline(answered_on: datetime.date) -> datetime.date:
    """The last day a resident may ask for stage 2 after the stage 1 answer."""
    return answered_on + datetime.timedelta(days=settings.COMPLAINT_ESCALATION_DAYS)


def may_escalate(*, stage: int, answered_on: datetime.date | None, today: datetime.date) -> bool:
    """A stage 1 answer given, and its escalation window still open."""
    return (
        stage < FINAL_STAGE
        and answered_on is not None
        and today <= escalation_deadline(answered_on)
    )


@dataclass(frozen=True)
class OmbudsmanInfo:
    """What the resident is told about the Ombudsman, in plain words."""

    key: str
    name: str
    what: str
    when: str
    phone: str
    website: str
    website_label: str


OMBUDSMEN = {
    "lgsco": OmbudsmanInfo(
        key="lgsco",
        name=_("Local Government and Social Care Ombudsman"),
        what=_(
            "The Ombudsman looks at complaints about councils and some other organisations. "
            "It is free, independent and impartial: it does not take sides. It can look at "
            "whether we did something wrong and, if we did, ask us to put it right."
        ),
        when=_(
            "You can ask the Ombudsman to look at your complaint now that you have our final "
            "answer. You should normally contact them within 12 months of finding out about "
            "the problem."
        ),
        phone="0300 061 0614",
        website="https://www.lgo.org.uk",
        website_label="www.lgo.org.uk",
    ),
    "housing": OmbudsmanInfo(
        key="housing",
        name=_("Housing Ombudsman"),
        what=_(
            "The Housing Ombudsman looks at complaints about landlords, including councils as "
            "landlords: repairs, your tenancy, anti-social behaviour in your home's area and "
            "how we dealt with your complaint. It is free, independent and impartial, and can "
            "ask us to put things right."
        ),
        when=_(
            "You can ask the Housing Ombudsman to look at your complaint now that you have our "
            "final answer. You should normally contact them within 12 months of our final "
            "answer."
        ),
        phone="0300 111 3000",
        website="https://www.housing-ombudsman.org.uk",
        website_label="www.housing-ombudsman.org.uk",
    ),
}


def ombudsman_info(key: str) -> OmbudsmanInfo:
    """The Ombudsman for a complaint: the Housing Ombudsman for housing, else the LGSCO."""
    return OMBUDSMEN.get(key, OMBUDSMEN["lgsco"])
