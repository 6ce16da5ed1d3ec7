"""The crews' in-cab records: read-only, asked while a resident waits.

Waste crews record on a tablet in the cab how each round went: when it started and
finished, and every bin they could not empty and why. Before a missed bin becomes a
case the portal asks what the crew recorded, so that a resident whose bin was not
put out, or had the wrong things in it, is told so at once instead of waiting for
a case to be closed with that answer.

The contract (JSON, one round on one day)::

    GET <WASTE_INCAB_URL>/incab/v1/rounds/<round code>/<YYYY-MM-DD>

    200 {"round": "MB-REC-TUE", "date": "2025-11-25",
         "state": "not_started" | "in_progress" | "finished",
         "started_at": "2025-11-25T06:42:00+00:00" | null,
         "finished_at": "2025-11-25T13:58:00+00:00" | null,
         "exceptions": [{"uprn": "100090000001", "stream": "recycling",
                         "reason": "not_presented" | "contaminated" | "blocked_access" | "other",
                         "note": "free text from the crew", "recorded_at": "<ISO 8601>"}]}
    404 the in-cab system has no record of that round on that day

Anything else (another status, not JSON, a record for another round or day, no
answer within the timeout) means "could not be checked": the portal then lets the
resident report and says so on the case. ``client.py`` does the HTTP, ``mapping.py``
reads answers (pure), ``lookup.py`` is the one function the portal calls.
"""
