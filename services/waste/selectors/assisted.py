"""Ask for an assisted bin collection: the questions and the rules.

The crew take the bins from where they are kept and put them back, for households
where nobody can put them out. The request asks only what the waste team needs to
decide and to tell the crew:

- who needs the help (the resident, or someone who lives there, by name);
- why, in broad terms (a disability or long-term health condition, age, or something
  short-term such as an injury): never a diagnosis or medical details;
- for how long;
- whether anyone aged 16 or over in the household can put the bins out (if so,
  we do not offer it, and say so before anything is sent);
- where the bins are kept (what the crew are told).

The answers are special category data (health). They are on the case, which only its
resident, the waste team's caseworkers, agents and administrators can open
(``casework.access``); councillors see a case only if they raised it. The summary
(in queues, exports and messages) says nothing about the person's health.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import workflow
from casework.models import Case, RequestType
from services.waste.selectors.collections import address_rounds
from services.waste.selectors.common import active_request_type
from services.waste.selectors.common import address_get as address_get

REQUEST_TYPE = "assisted-collection"
NAME_MAX = 100
WHERE_MAX = 500

WHO = {
    "me": gettext_lazy("Me"),
    "someone_else": gettext_lazy("Someone else who lives there"),
}
REASONS = {
    "disability": gettext_lazy("A disability or long-term health condition"),
    "age": gettext_lazy("Age or frailty"),
    "short_term": gettext_lazy("Something short-term, such as an injury or an operation"),
}
HOW_LONG = {
    "under_3_months": gettext_lazy("Less than 3 months"),
    "3_to_12_months": gettext_lazy("3 to 12 months"),
    "permanent": gettext_lazy("More than a year, or permanently"),
}


def request_type_get() -> RequestType | None:
    return active_request_type(REQUEST_TYPE)


def address_has_collections(*, address) -> bool:
    return bool(address_rounds(address=address))


@dataclass(frozen=True)
class Answers:
    """What the resident said (the journey's cleaned answers), as the case keeps it."""

    uprn: int | None = None
    who: str = ""
    name: str = ""
    reason: str = ""
    how_long: str = ""
    household_can_help: str = ""  # "yes" or "no"
    where: str = ""

    @classmethod
    def from_values(cls, values, *, uprn: int) -> Answers:
        """The journey's cleaned answers (``casework.journeys.Walk.values``)."""
        return cls(
            uprn=uprn,
            who=values.get("who", ""),
            name=values.get("name", ""),
            reason=values.get("reason", ""),
            how_long=values.get("how_long", ""),
            household_can_help=values.get("can_help", ""),
            where=values.get("where", ""),
        )

    def as_json(self) -> dict:
        return {
            "uprn": self.uprn,
            "who": self.who,
            "name": self.name,
            "reason": self.reason,
            "how_long": self.how_long,
            "household_can_help": self.household_can_help,
            "where": self.where,
        }

    @property
    def about_done(self) -> bool:
        return bool(
            self.uprn
            and self.who
            and self.reason
            and self.how_long
            and (self.who == "me" or self.name)
        )

    @property
    def eligible(self) -> bool:
        return self.household_can_help == "no"

    @property
    def complete(self) -> bool:
        return self.about_done and self.eligible and bool(self.where)

    @property
    def who_text(self) -> str:
        if self.who == "someone_else":
            return _("%(name)s (someone else who lives there)") % {"name": self.name}
        return str(WHO.get(self.who, ""))

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.reason, ""))

    @property
    def how_long_text(self) -> str:
        return str(HOW_LONG.get(self.how_long, ""))

    def case_answers(self) -> dict:
        """The case's answers, in words the resident and the waste team read."""
        return {
            "who_needs_help": self.who_text,
            "why": self.reason_text,
            "how_long": self.how_long_text,
            "anyone_16_or_over_who_can_help": _("No"),
            "where_the_bins_are_kept": self.where,
        }


def summary(*, address) -> str:
    """The case's summary: where, never why (it is in queues, lists and messages)."""
    return _("Assisted collection at %(address)s") % {"address": address.line1}


def open_request_get(*, user, address) -> Case | None:
    """``user``'s open assisted collection request for ``address``, if there is one."""
    return (
        Case.objects.filter(
            request_type__slug=REQUEST_TYPE,
            resident=user,
            address=address,
            status__in=workflow.OPEN,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
