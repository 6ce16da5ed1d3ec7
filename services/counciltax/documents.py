"""Council tax documents made through the core documents capability: the bill, a
statement, and the PIN letter for the print room.

Each document's params are a snapshot of the account as the resident saw it (built here
from the AccountView), so the PDF matches the page and the worker asks no back office.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from documents.actions import html_for_pdf
from documents.registry import DocumentKind, Rendered, kinds
from services.counciltax.selectors import AccountView

BILL, STATEMENT, PIN_LETTER = "council-tax-bill", "council-tax-statement", "council-tax-pin-letter"


def _d(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _account_part(view: AccountView) -> dict:
    account = view.account
    return {
        "account_number": account.account_number,
        "address": account.address,
        "postcode": account.postcode,
        "liable": list(account.liable),
    }


def bill_params(view: AccountView) -> dict | None:
    """The current year's bill: band, charge, discounts and instalments (None: no bill)."""
    current = view.current
    if view.account is None or current is None:
        return None
    bill = current.bill
    return {
        **_account_part(view),
        "year": bill.year,
        "band": bill.band,
        "issued_on": bill.issued_on.isoformat() if bill.issued_on else None,
        "annual_charge_pence": bill.annual_charge_pence,
        "discounts": [{"label": d.label, "pence": d.pence} for d in bill.discounts],
        "net_charge_pence": bill.net_charge_pence,
        "instalments": [
            {"due_on": row.due_on.isoformat(), "amount_pence": row.amount_pence}
            for row in current.instalments
        ],
    }


def statement_params(view: AccountView, *, on: datetime.date) -> dict | None:
    """Payments and balance on ``on`` (one statement a day: asking again the same day with
    the same figures gives the same document)."""
    if view.account is None:
        return None
    current = view.current
    return {
        **_account_part(view),
        "on": on.isoformat(),
        "balance_pence": view.account.balance_pence,
        "year": current.bill.year if current else "",
        "instalments": [
            {
                "due_on": row.due_on.isoformat(),
                "amount_pence": row.amount_pence,
                "paid_pence": row.paid_pence,
                "state": row.state,
            }
            for row in (current.instalments if current else ())
        ],
        "payments": [
            {"paid_on": p.paid_on.isoformat(), "amount_pence": p.amount_pence, "method": p.method}
            for p in view.account.payments[:24]
        ],
    }


def _render_bill(document) -> Rendered:
    p = document.params
    title = _("Council tax bill %(year)s, account %(number)s") % {
        "year": p["year"],
        "number": p["account_number"],
    }
    instalments = [{**i, "due_on": _d(i["due_on"])} for i in p["instalments"]]
    html = html_for_pdf(
        "counciltax/pdf/bill.html",
        {"title": title, "p": p, "issued_on": _d(p.get("issued_on")), "instalments": instalments},
    )
    return Rendered(title=title, filename=f"council-tax-bill-{p['year']}.pdf", html=html)


def _render_statement(document) -> Rendered:
    p = document.params
    on = _d(p["on"])
    title = _("Council tax statement, account %(number)s") % {"number": p["account_number"]}
    html = html_for_pdf(
        "counciltax/pdf/statement.html",
        {
            "title": title,
            "p": p,
            "on": on,
            "instalments": [{**i, "due_on": _d(i["due_on"])} for i in p["instalments"]],
            "payments": [{**x, "paid_on": _d(x["paid_on"])} for x in p["payments"]],
        },
    )
    return Rendered(title=title, filename=f"council-tax-statement-{on:%Y-%m-%d}.pdf", html=html)


def _render_pin_letter(document) -> Rendered:
    p = document.params
    title = _("Your council tax PIN")
    html = html_for_pdf(
        "counciltax/pdf/pin_letter.html",
        {"title": title, "p": p, "expires_on": _d(p["expires_on"])},
    )
    return Rendered(title=title, filename=f"council-tax-pin-letter-{document.pk}.pdf", html=html)


def _print_room(user, document) -> bool:
    """A PIN letter is for the print room only: never its asker (the PIN proves the post)."""
    return bool(user.is_staff)


def register() -> None:
    account_url = lambda document: reverse("counciltax:account")  # noqa: E731
    kinds.add(
        DocumentKind(
            slug=BILL, render=_render_bill, back_url=account_url, label=_("Your council tax bill")
        )
    )
    kinds.add(
        DocumentKind(
            slug=STATEMENT,
            render=_render_statement,
            back_url=account_url,
            label=_("Your council tax statement"),
        )
    )
    kinds.add(
        DocumentKind(
            slug=PIN_LETTER,
            render=_render_pin_letter,
            back_url=lambda document: reverse("counciltax_staff:print_room"),
            may_view=_print_room,
            label=_("A council tax PIN letter"),
            keep_days=28,  # the PIN's life: posted ones are deleted at once
        )
    )
