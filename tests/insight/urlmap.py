"""The access matrix's entries for insight: the performance pages and published service standards.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from accounts import roles
from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    "performance:standards": Rule(why="the council's published service standards and figures"),
    "performance:standards_csv": Rule(why="the service standards' monthly figures as CSV"),
}


NOT_HTML = {
    "performance:standards_csv",
    "insight:dashboard_csv",
    "insight:wards_csv",
}


ADMIN_ONLY = {
    # Performance pages: administrators, team managers and leads (ward reports: PAGE_PERMISSIONS);
    # the agent of the matrix is none of these (tests/insight for the others).
    "insight:dashboard",
    "insight:dashboard_csv",
}


PAGE_PERMISSIONS = {
    # A councillor's wards, a support officer's members' wards, or every ward.
    "insight:wards": (roles.SEE_EVERY_REPORT, roles.RAISE_MEMBER_ENQUIRY, roles.SUPPORT_MEMBERS),
    "insight:wards_csv": (
        roles.SEE_EVERY_REPORT,
        roles.RAISE_MEMBER_ENQUIRY,
        roles.SUPPORT_MEMBERS,
    ),
}


PROVIDERS: dict[str, Provider] = {
    "insight:dashboard_csv": Provider(lambda user, session: Provided({"slug": "channels"})),
    "insight:wards_csv": Provider(lambda user, session: Provided({"slug": "by-ward"})),
}
