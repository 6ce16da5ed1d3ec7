"""Give each staff role's group exactly its permissions (accounts.roles); safe to run again."""

from django.core.management.base import BaseCommand

from accounts import roles


class Command(BaseCommand):
    help = "Create the staff role groups and give each its permissions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        roles.sync_roles(using=database)
        for role in roles.STAFF_ROLES:
            self.stdout.write(f"{role}: {len(roles.ROLE_PERMISSIONS[role])} permissions")
