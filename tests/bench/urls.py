"""The portal's URLs plus one bare view, so that the cost of Django's stack can be measured."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench_bare"), *urlpatterns]
