"""The account home's snapshot: where it is kept, and the one way to say it is out of date.

The home page (portal/home.py builds it) reads what it shows about a resident
beyond their own user row from one cache entry, their *snapshot*, instead of
running a query per panel. Whatever changes what the home shows must call
``home_snapshot_forget`` in the same action that makes the change:

- casework actions, for a case's resident and followers (every case event);
- accounts actions, when a person's address changes;
- waste actions, when collection days change for everyone (``everyone=True``).

It runs after the transaction commits (a rolled-back change forgets nothing). The
snapshot also expires by itself after SNAPSHOT_SECONDS, for what changes outside
actions (an administrator's edit of a round in the Django admin), and when the day
changes (target dates and bin days are relative to today). This module sits in
accounts, the bottom of the core, so that every app can call it.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

SNAPSHOT_SECONDS = 15 * 60
GENERATION_KEY = "home:generation"  # changes when every snapshot is out of date


def home_snapshot_key(user_id: int) -> str:
    return f"home:{user_id}"


def home_snapshot_forget(*, user_ids=(), everyone: bool = False) -> None:
    """The snapshots of ``user_ids`` (or everyone's) are rebuilt at their next home page."""
    keys = [home_snapshot_key(user_id) for user_id in set(user_ids) if user_id]

    def forget():
        if keys:
            cache.delete_many(keys)
        if everyone:
            cache.set(GENERATION_KEY, uuid.uuid4().hex, None)

    if keys or everyone:
        transaction.on_commit(forget)
