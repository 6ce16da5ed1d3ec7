"""The rent statement as PDF, made through the core documents capability.

Its params are a snapshot of the rent account as the tenant saw it (built here from the
RentView), so the PDF matches the page and the worker asks no housing system. The kind's
access rule is the documents core's default: only the tenant who asked for it.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from documents.actions import html_for_pdf
from documents.registry import DocumentKind, Rendered, kinds
from services.housing import rules
from services.housing.selectors import RentView

RENT_STATEMENT = "rent-statement"


def statement_params(view: RentView, *, period: str, today: datetime.date) -> dict | None:
    """A statement of ``period`` (rules.THIS_YEAR or LAST_YEAR) on ``today``: None when
    there is no such period or the housing system no longer has the tenancy."""
    dates = rules.statement_period(period, today=today)
    tenancy = view.tenancy
    if dates is None or tenancy is None:
        return None
    start, end = dates
    made = rules.statement(
        [(t.on, t.description, t.amount_pence) for t in tenancy.rent.transactions],
        balance_pence=tenancy.rent.balance_pence,
        start=start,
        end=end,
    )
    return {
        "reference": tenancy.reference,
        "address": tenancy.address,
        "postcode": tenancy.postcode,
        "tenants": list(tenancy.tenants),
        "weekly_rent_pence": tenancy.weekly_rent_pence,
        "made_on": today.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "opening_pence": made.opening_pence,
        "closing_pence": made.closing_pence,
        "charged_pence": made.charged_pence,
        "paid_pence": made.paid_pence,
        "lines": [
            {
                "on": line.on.isoformat(),
                "description": line.description,
                "amount_pence": line.amount_pence,
                "balance_pence": line.balance_pence,
            }
            for line in made.lines
        ],
    }


def _render_statement(document) -> Rendered:
    p = document.params
    start, end = datetime.date.fromisoformat(p["start"]), datetime.date.fromisoformat(p["end"])
    title = _("Rent statement, tenancy %(reference)s") % {"reference": p["reference"]}
    html = html_for_pdf(
        "housing/pdf/statement.html",
        {
            "title": title,
            "p": p,
            "start": start,
            "end": end,
            "made_on": datetime.date.fromisoformat(p["made_on"]),
            "lines": [{**x, "on": datetime.date.fromisoformat(x["on"])} for x in p["lines"]],
        },
    )
    return Rendered(
        title=title, filename=f"rent-statement-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.pdf", html=html
    )


def register() -> None:
    kinds.add(
        DocumentKind(
            slug=RENT_STATEMENT,
            render=_render_statement,
            back_url=lambda document: reverse("housing:account"),
            label=_("Your rent statement"),
        )
    )
