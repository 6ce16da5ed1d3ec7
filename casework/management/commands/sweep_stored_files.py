"""python manage.py sweep_stored_files: see casework.attachments.attachments_sweep."""

from django.core.management.base import BaseCommand

from casework.attachments import attachments_sweep


class Command(BaseCommand):
    help = (
        "Remove stored files that no request refers to (left by a request whose saving "
        "failed), once they are older than STORED_FILE_GRACE_HOURS. Safe to repeat."
    )

    def handle(self, **options):
        removed = attachments_sweep()
        self.stdout.write(f"Removed {removed} files no request refers to")
