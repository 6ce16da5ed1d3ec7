"""What casework adds to 'download my data' and to closing an account (A9).

Cases are council records with their own retention periods: closing an account
keeps them (linked only to the anonymised account row). What is the person's
own and not a record goes: their follows and their unsent drafts.
"""

from casework import drafts
from casework.models import Case, Follower


def cases_export(user) -> list[dict]:
    """The person's requests with their public timeline, as they see them."""
    cases = (
        Case.objects.filter(resident=user)
        .select_related("request_type")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    return [
        {
            "reference": case.reference,
            "request_type": case.request_type.name,
            "status": case.get_status_display(),
            "submitted": case.created_at.isoformat(),
            "summary": case.summary,
            "answers": case.answers,
            "timeline": [
                {
                    "when": event.created_at.isoformat(),
                    "what": event.get_kind_display(),
                    "message": event.message,
                }
                for event in case.events.all()
                if event.public
            ],
        }
        for case in cases
    ]


def follows_export(user) -> list[str]:
    return list(
        Follower.objects.filter(user=user).values_list("case__reference", flat=True).order_by("pk")
    )


def on_account_closed(user) -> None:
    Follower.objects.filter(user=user).delete()
    drafts.drafts_on_account_closed(user)
