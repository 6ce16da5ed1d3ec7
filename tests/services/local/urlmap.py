"""The access matrix's entries for find my local.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Rule

TABLE: dict[str, Rule] = {
    "local:find": Rule(why="find my local: councillors, polling station, places by postcode"),
}
