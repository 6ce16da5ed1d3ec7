"""The Content-Security-Policy header, built once per policy instead of on every response.

django-csp builds the header string from settings on every response (about 0.13 ms).
The portal's policy only changes with settings, so the built string is kept, per
kind (enforced, report-only), until a setting changes (tests). A response that
carries its own policy (django-csp's ``csp_update``/``csp_replace`` decorators) or a
nonce is built as django-csp would build it.
"""

from http import HTTPStatus

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_built: dict[bool, str] = {}  # report_only -> the header for the settings' policy


@receiver(setting_changed)
def _forget_built_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


class CSPMiddleware(_CSPMiddleware):
    def _policy(self, request, response, *, report_only: bool) -> str:
        parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
        if parts.config is parts.update is parts.replace is parts.nonce is None:
            if report_only not in _built:
                _built[report_only] = build_policy(report_only=report_only)
            return _built[report_only]
        return build_policy(
            config=parts.config,
            update=parts.update,
            replace=parts.replace,
            nonce=parts.nonce,
            report_only=report_only,
        )

    def process_response(self, request, response):
        if settings.DEBUG and response.status_code in (
            HTTPStatus.INTERNAL_SERVER_ERROR,
            HTTPStatus.NOT_FOUND,
        ):
            return response  # Django's debug pages, as django-csp leaves them
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = self._policy(request, response, report_only=report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(tuple(excluded))
            ):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:  # too late for a nonce now
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
