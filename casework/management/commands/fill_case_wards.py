"""python manage.py fill_case_wards: give a ward to cases that have a place and no ward."""

from django.core.management.base import BaseCommand

from casework.actions import case_wards_fill


class Command(BaseCommand):
    help = (
        "Work out the ward of every case that has an address or a map position and no ward "
        "yet (run once after loading ward boundaries). Safe to repeat."
    )

    def handle(self, **options):
        filled = case_wards_fill()
        self.stdout.write(f"{filled:,} cases now have a ward.")
