"""The bill and a statement as PDF (through the documents capability), and paperless
billing on or off (a change the revenues system takes through the outbox)."""

from django.db import transaction

from core import clock
from documents.actions import document_request
from documents.models import Document
from integrations.outbox.actions import message_enqueue
from integrations.revenues import CHANGE_KIND
from services.counciltax import documents, selectors
from services.counciltax.actions import council_tax_account_open

PAPERLESS = "paperless_billing"


class NoDocument(Exception):
    """The account has nothing to put in that document (no bill, or no account)."""


def council_tax_document_request(*, user, what: str) -> Document | None:
    """The person's current bill (``what`` "bill") or a statement of today ("statement"),
    made in the background. None when not linked; raises NoDocument, or
    RevenuesUnavailable when the account cannot be read now."""
    view = council_tax_account_open(user=user)
    if view is None:
        return None
    if what == "bill":
        kind, params = documents.BILL, documents.bill_params(view)
    elif what == "statement":
        kind, params = documents.STATEMENT, documents.statement_params(view, on=clock.today())
    else:
        raise NoDocument(what)
    if params is None:
        raise NoDocument(what)
    return document_request(owner=user, kind=kind, params=params)


@transaction.atomic
def council_tax_paperless_set(*, user, paperless: bool) -> bool:
    """Ask the revenues system for bills by e-mail only (or on paper again): an outbox
    change, retried until it is taken. False when the person has no linked account."""
    link = selectors.council_tax_link_get(user=user)
    if link is None:
        return False
    message_enqueue(
        kind=CHANGE_KIND,
        payload={
            "account_number": link.account_ref,
            "change": {
                "kind": PAPERLESS,
                "details": {"paperless": paperless, "email": user.email if paperless else ""},
            },
        },
        lock_key=f"revenues:{link.account_ref}",
        max_attempts=40,
    )
    selectors.account_cache_forget(user=user, account_number=link.account_ref)
    return True
