"""Street reporting pages: making a report, and the public list of reports."""

from services.highways.urls import public, report

app_name = "highways"

urlpatterns = [*report.urlpatterns, *public.urlpatterns]
