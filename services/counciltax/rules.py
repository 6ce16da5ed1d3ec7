"""Council tax in plain words: pure rules on plain values (the time comes from the caller)."""

import datetime

from django.utils.translation import gettext_lazy as _

from casework.money import pounds_to_pence  # noqa: F401 - the forms read it from here

PAID, DUE, OVERDUE = "paid", "due", "overdue"

# What each recovery stage means for the resident, and what to do.
RECOVERY_WORDS = {
    "none": "",
    "reminder": _(
        "We have sent you a reminder because an instalment was not paid on time. Pay the "
        "missed amount within 7 days to keep paying by instalments."
    ),
    "second_reminder": _(
        "We have sent you a second reminder. If you do not pay the missed amount within 7 "
        "days, you will have to pay the whole year’s balance at once."
    ),
    "final_notice": _(
        "We have sent you a final notice: you have lost the right to pay by instalments "
        "and the whole balance is due now. Pay it, or contact us to agree a plan."
    ),
    "summons": _(
        "We have asked the magistrates’ court for a liability order and sent you a "
        "summons. Pay the balance and the costs before the hearing to stop it, or contact "
        "us straight away."
    ),
    "liability_order": _(
        "The magistrates’ court has made a liability order. We can now take the debt from "
        "your wages or benefits, or pass it to enforcement agents. Contact us to agree how "
        "you will pay."
    ),
}


def instalment_state(*, due_on: datetime.date, amount_pence: int, paid_pence: int, today):
    """Paid in full; overdue (due before today and not paid in full); or still to come."""
    if paid_pence >= amount_pence:
        return PAID
    return OVERDUE if due_on < today else DUE


def recovery_words(stage: str) -> str:
    return str(RECOVERY_WORDS.get(stage, ""))


# --- Changes ---------------------------------------------------------------------------------

# The days of the month a council tax Direct Debit can be taken on.
DIRECT_DEBIT_DAYS = (
    (1, _("1st of the month")),
    (8, _("8th of the month")),
    (15, _("15th of the month")),
    (22, _("22nd of the month")),
)


def bank_details_valid(sort_code: str, account_number: str) -> bool:
    """VocaLink modulus checking (the ``ukmodulus`` package): False when the digits cannot
    be a real account at that sort code. A sort code VocaLink publishes no rule for passes,
    as its rules say: only the bank can tell then."""
    import ukmodulus

    try:
        return bool(ukmodulus.validate_number(sort_code, account_number))
    except ValueError:
        return False


def account_ending(account_number: str) -> str:
    """What the resident is shown of a bank account number: its last 4 digits."""
    return f"****{account_number[-4:]}" if account_number else ""


def sort_code_text(sort_code: str) -> str:
    return "-".join(sort_code[i : i + 2] for i in range(0, 6, 2)) if len(sort_code) == 6 else ""
