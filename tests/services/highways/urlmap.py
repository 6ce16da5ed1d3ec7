"""The access matrix's entries for the highways service (street reports).

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # Street reports anyone may see, without personal data (following one signs in).
    "highways:public_list": Rule(why="public list and map of street reports"),
    "highways:public_pins": Rule(why="the public list's map pins (GeoJSON)"),
    "highways:public_detail": Rule(why="a street report's public page"),
    # Reporting a street problem: anyone, signed in or with a name and a way to reach them
    # (a category an admin raises to tier 1 or 2 asks for sign-in). Its steps are the
    # journey engine's, open to visitors (tier 0): a visitor's draft is their session's.
    "highways:report_start": Rule(why="report a street problem: no account needed"),
    **{
        f"highways:report_old_{step}": Rule(status=302, why="an old step address: to the start")
        for step in (
            "before-you-start",
            "where",
            "already-reported",
            "details",
            "about-you",
            "check",
        )
    },
    "highways:report_nearest": Rule(
        status=400, why="the report map's nearest address (JSON): 400 without a point"
    ),
}


POST_ONLY = {
    "highways:report_follow",
}


NOT_HTML = {
    "highways:public_pins",
    "highways:report_nearest",
}


def _public_street_report(user, session) -> Provided:
    """A street report anyone may see (nobody's own: its reporter made it without an account)."""
    from tests.services.highways.public_data import street_report_make

    report = street_report_make(title="Pothole outside the library", contact_name="A Reporter")
    return Provided({"reference": report.case.reference}, report)


def _street_report_step(step: str):
    """A street report in progress, the visitor's (their session's) or the person's,
    answered up to ``step`` (the entry: nothing answered)."""

    def make(user, session) -> Provided:
        from tests.services.highways.report_data import highways_types, report_answered

        highways_types()
        kwargs = {"type_slug": "pothole"}
        if step:
            draft = report_answered(user, upto=step, session=session)
            kwargs |= {} if step == "check" else {"step_name": step}
            return Provided(kwargs, draft)
        return Provided(kwargs)

    return make


def saved_draft(user, session) -> Provided:
    """A draft to save for later: its owner's (a visitor's own is their session's)."""
    from tests.services.highways.report_data import report_answered

    draft = report_answered(user, upto="details", session=session)
    return Provided({"draft_id": draft.pk}, draft)


def _street_report_sent(user, session) -> Provided:
    from tests.services.highways.report_data import sent_report

    case = sent_report(user)
    return Provided({"type_slug": "pothole", "reference": case.reference}, case)


def _street_report_to_follow(user, session) -> Provided:
    from tests.services.highways.report_data import open_street_report

    case = open_street_report()
    return Provided({"reference": case.reference}, case)


def _public_street_reports(user, session) -> Provided:
    """The public list with a report in it, so that the list (and its map) is checked."""
    return Provided({}, _public_street_report(user, session).obj)


PROVIDERS: dict[str, Provider] = {
    "highways:public_list": Provider(_public_street_reports),
    "highways:public_pins": Provider(_public_street_reports),
    "highways:public_detail": Provider(_public_street_report),
    "highways:public_follow": Provider(_public_street_report),
    "highways:report_journey": Provider(_street_report_step("")),
    "highways:report_step": Provider(_street_report_step("photos")),
    "highways:report_check": Provider(_street_report_step("check")),
    "highways:report_sent": Provider(_street_report_sent, owned=True),
    "highways:report_follow": Provider(_street_report_to_follow),
}
