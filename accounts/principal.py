"""The signed-in person's *principal*: their user row, read from the cache, not the database.

Every signed-in page needs the user (name in the header, access decisions). With
Redis (``PRINCIPAL_CACHE``, on when REDIS_URL is set; the embedded SQLite default
reads the database) the row is kept in the cache, so a request reads its session
and its user from Redis instead of making two database round trips.

What is kept is every column of the user row *except the password hash*, plus
the session auth hash Django checks each session against (an HMAC of the password
hash, which sessions already hold). A user built from it has the password
deferred: anything that needs the password (checking it, changing it, asking
whether it is usable) loads it from the database then, and ``save()`` writes only
the columns that were loaded, so a cached principal can never blank a password.

Any save or deletion of a user forgets their principal (``principal_forget``,
connected in accounts/apps.py), at once and again after the transaction commits:
a changed password signs out the person's other sessions at their next request
("sign out everywhere"), a deactivated account is signed out, a renamed one shows
its new name. The cache key carries a digest of SECRET_KEY, so rotating the key
never matches a session against a hash made with the old one.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac

PRINCIPAL_SECONDS = 10 * 60


def _key_version() -> str:
    return salted_hmac("accounts.principal", "key version").hexdigest()[:8]


def principal_key(user_id) -> str:
    return f"principal:{_key_version()}:{user_id}"


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname != "password"]


def principal_get(model, user_id):
    """The user ``user_id`` (None if there is none), from the cache when it is there."""
    key = principal_key(user_id)
    found = cache.get(key)
    if found is not None:
        columns, values, auth_hash = found
        if columns == _columns(model):  # the same shape of row (not an old deployment's)
            user = model.from_db("default", columns, values)  # the password deferred
            user._principal_auth_hash = auth_hash
            return user
    user = model._default_manager.filter(pk=user_id).first()
    if user is not None:
        columns = _columns(model)
        row = (columns, [getattr(user, name) for name in columns], user.get_session_auth_hash())
        cache.set(key, row, PRINCIPAL_SECONDS)
    return user


def principal_digest(user) -> str:
    """A digest of every column of the user's row but the password: it changes whenever
    anything a page shows from the row changes (the home's cached fragment is keyed by it)."""
    values = repr([getattr(user, name) for name in _columns(user._meta.model)])
    return hashlib.blake2b(values.encode(), digest_size=12).hexdigest()


def principal_forget(user_id) -> None:
    """The user's row changed: the next request reads it from the database."""
    key = principal_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))  # a request may have re-read it meanwhile
