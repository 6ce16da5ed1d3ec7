"""python manage.py refresh_summaries [--full]: bring the performance figures up to date.

Celery beat runs the same every quarter of an hour; this is for the demo, a first
load, or after importing old cases (--full recounts every day).
"""

from django.core.management.base import BaseCommand

from insight.actions import summaries_refresh


class Command(BaseCommand):
    help = "Count the days whose performance figures changed into the summary tables."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="recount every day")

    def handle(self, *, full, **options):
        result = summaries_refresh(full=full)
        self.stdout.write(
            f"Summaries: {result.days} day(s) of cases and {result.journey_days} day(s) of "
            f"form steps counted; {result.open_rows} row(s) of open cases."
        )
