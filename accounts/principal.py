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

With Redis the cached copy of a signed-in session carries the principal as well
(portal/sessions.py), so a signed-in request reads its session and its user in one
cache read. Each such copy is listed in a set under the user (``sessions_key``), and
forgetting the principal deletes those copies too; a carried principal is trusted for
no longer than PRINCIPAL_SECONDS, as the cached one is.
"""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar

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


def _user_from_row(model, row, user_id):
    """The user a cached row describes, or None if it is not ``user_id``'s or not this shape."""
    if len(row) != 4:  # another shape of row (an old deployment's)
        return None
    columns, values, auth_hash, digest = row
    if columns != _columns(model):
        return None
    if str(values[columns.index(model._meta.pk.attname)]) != str(user_id):
        return None
    user = model.from_db("default", columns, values)  # the password deferred
    user._principal_auth_hash = auth_hash
    user._principal_digest = digest
    return user


def _digest(values: list) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def _row_of(user) -> tuple:
    columns = _columns(user._meta.model)
    values = [getattr(user, name) for name in columns]
    user._principal_digest = _digest(values)
    return (columns, values, user.get_session_auth_hash(), user._principal_digest)


def principal_row_get(model, user_id):
    """``(row, user)``: the principal's cached row, read from the database (and cached) when
    it is not in the cache; ``user`` is the database's user then, else None."""
    key = principal_key(user_id)
    row = cache.get(key)
    if row is not None and _user_from_row(model, row, user_id) is not None:
        return row, None
    user = model._default_manager.filter(pk=user_id).first()
    if user is None:
        return None, None
    row = _row_of(user)
    cache.set(key, row, PRINCIPAL_SECONDS)
    return row, user


# The session of the request whose user is being read (set by accounts.middleware): with
# Redis its cached copy carries the principal (portal/sessions.py), so one read gives both.
_session = ContextVar("principal_session", default=None)


@contextmanager
def principal_session(session):
    """While the user is read, use the principal that ``session``'s cached copy carried."""
    token = _session.set(session)
    try:
        yield
    finally:
        _session.reset(token)


def principal_get(model, user_id):
    """The user ``user_id`` (None if there is none): from the principal the request's session
    carried, else from the cache, else from the database."""
    carried = getattr(_session.get(), "principal_row", None)
    if carried is not None:
        user = _user_from_row(model, carried, user_id)
        if user is not None:
            return user
    row, user = principal_row_get(model, user_id)
    if user is not None or row is None:
        return user
    return _user_from_row(model, row, user_id)


def sessions_key(user_id) -> str:
    """The set of cached sessions that carry the user's principal (portal/sessions.py)."""
    return f"principal-sessions:{_key_version()}:{user_id}"


def principal_digest(user) -> str:
    """A digest of every column of the user's row but the password, as it was read: it
    changes whenever anything a page shows from the row changes (the home's cached panels
    are keyed by it). Made once, when the row is cached, and carried with the principal:
    worked out again here it costs 21 attribute reads through ``request.user``'s lazy
    wrappers, a twentieth of the home's CPU. A user read some other way (the database,
    without Redis) has it worked out from its columns."""
    digest = getattr(user, "_principal_digest", None)
    if digest is None:
        digest = _digest([getattr(user, name) for name in _columns(user._meta.model)])
    return digest


def principal_forget(user_id) -> None:
    """The user's row changed: the next request reads it from the database, and so does the
    next request of every session whose cached copy carried it."""
    _forget(user_id)
    transaction.on_commit(lambda: _forget(user_id))  # a request may have re-read it meanwhile


def principal_changed(user) -> None:
    """``user``'s row was saved or deleted: forget their principal, and the digest ``user``
    carried of the row as it was read."""
    user.__dict__.pop("_principal_digest", None)
    principal_forget(user.pk)


def _forget(user_id) -> None:
    members = getattr(cache, "index_pop", None)  # a cache that keeps sets (Redis)
    sessions = members(sessions_key(user_id)) if members is not None else []
    cache.delete_many([principal_key(user_id), *sessions])
