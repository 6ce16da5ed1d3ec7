"""The portal's URLs plus two bare views, so that the cost of Django's stack can be measured."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def whoami(request):
    """The bare view that loads the signed-in user (M1s): says who, so the bench can check."""
    user = request.user
    text = f"signed in {user.pk}" if user.is_authenticated else "anonymous"
    return HttpResponse(text, content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare, name="bench_bare"),
    path("bench/whoami", whoami, name="bench_whoami"),
    *urlpatterns,
]
