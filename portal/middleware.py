import time

from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from accounts.access import require_staff, staff_gate_redirect

_REFRESH_EVERY = 60  # seconds; keeps the sliding expiry cheap (one write a minute at most)


class SlidingSessionMiddleware:
    """Idle sessions end after SESSION_COOKIE_AGE; no session lives past SESSION_MAX_AGE.

    Lazy: a request whose view never reads the session (or the user) costs no session
    read here. The maximum age is enforced where the session is loaded
    (portal/sessions.py); the idle expiry is renewed only by requests that use it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        if session.get("_started") is None:
            session["_started"] = now
        if now - session.get("_seen", 0) > _REFRESH_EVERY:
            session["_seen"] = now  # marks the session modified, renewing expiry
        return response


class PrivatePagesMiddleware:
    """Pages for a signed-in person must never be kept by a browser or proxy.

    Decided without loading the user: any response to a request that carries a
    session (the cookie came with it, or the view started one) is private. That
    covers every signed-in page, and also an anonymous person's journey drafts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():  # no session read: key only
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


class StaffTierMiddleware:
    """Staff areas (/staff/ and the Django admin) always need a verified second factor.

    The access decision itself lives in accounts.access: anonymous people are sent
    to sign in, staff without a second factor to the step-up page, anyone else gets 403.
    """

    prefixes = ("/staff/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.prefixes):
            target = staff_gate_redirect(request)
            if target is not None:
                return redirect(target)
            require_staff(request.user)  # 403 for anyone else, before any staff view runs
        return self.get_response(request)


class FormErrorStatusMiddleware:
    """A page that shows a form with errors answers 400, not 200 (class-based views,
    including allauth's, which render TemplateResponses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        form = (response.context_data or {}).get("form")
        if response.status_code == 200 and form is not None and getattr(form, "errors", None):
            response.status_code = 400
        return response
