"""python manage.py sync_request_types: see casework.request_types."""

from django.core.management.base import BaseCommand

from casework.request_types import request_types_sync


class Command(BaseCommand):
    help = (
        "Create the request types (and their teams) that service apps register and the "
        "database does not have yet. Never changes one that exists. Safe to repeat."
    )

    def handle(self, **options):
        result = request_types_sync()
        write = self.stdout.write
        for team in result.teams:
            write(f"Created team {team.slug} ({team.name})")
        for request_type in result.request_types:
            write(
                f"Created request type {request_type.slug} ({request_type.name}) "
                f"for service {request_type.service}"
            )
        for slug, wanted_by, owned_by in result.clashes:
            self.stderr.write(
                self.style.WARNING(
                    f"Request type {slug} is registered by {wanted_by} but already "
                    f"belongs to {owned_by}: left as it is"
                )
            )
        if not (result.teams or result.request_types):
            write("Request types are up to date: nothing created.")
