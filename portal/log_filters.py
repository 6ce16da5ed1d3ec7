"""Filters for the LOGGING setting."""

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedOneLine(logging.Filter):
    """A 403 (PermissionDenied) is an everyday refusal, not an error: one line saying
    what was refused and to whom, without the traceback Django attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            user = getattr(getattr(record, "request", None), "user", None)
            record.exc_info = None
            record.exc_text = None
            record.msg = f"{record.msg} (user %s)"
            record.args = (*(record.args or ()), getattr(user, "pk", None) or "anonymous")
        return True
