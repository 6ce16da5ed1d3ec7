import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.middleware import locale
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

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


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, without looking for a language code in paths that cannot have one.

    Django's tries the first part of every path as a language code ("/account/..."
    as the language "account"), refused with an exception, twice a request, even
    where no URL starts with a language. The portal's URLs do not (the language
    comes from the browser's Accept-Language, or Django's language cookie); where a
    URLconf uses ``i18n_patterns`` this is Django's middleware unchanged.
    """

    def process_request(self, request):
        if _language_prefixes(request):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if _language_prefixes(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _language_prefixes(request) -> bool:
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    return is_language_prefix_patterns_used(urlconf)[0]  # kept by Django after the first call


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, with the message store made only when a message is added or shown.

    Django's builds the store (a cookie signer and the session fallback) for every
    request, a static file or a bare page too; this one builds it the first time
    something adds a message or a page lists them, and a response whose request did
    neither leaves the message cookie alone, as Django's does when nothing was used.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        store = getattr(request, "_messages", None)
        if isinstance(store, SimpleLazyObject) and store._wrapped is empty:
            return response
        return super().process_response(request, response)


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
