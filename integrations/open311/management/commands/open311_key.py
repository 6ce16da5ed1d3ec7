"""Open311 API keys: ``open311_key create NAME`` (prints the key on its last line),
``open311_key list``, ``open311_key revoke NAME``."""

from django.core.management.base import BaseCommand, CommandError

from integrations.open311 import actions
from integrations.open311.models import ApiKey


class Command(BaseCommand):
    help = "Create, list or revoke Open311 API keys."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="Create a key and print it (once).")
        create.add_argument("name")
        commands.add_parser("list", help="List keys (never the keys themselves).")
        revoke = commands.add_parser("revoke", help="Stop a key working.")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        if action == "create":
            name = options["name"].strip()
            if not name or ApiKey.objects.filter(name=name).exists():
                raise CommandError(f"A key named {name!r} already exists (or the name is empty).")
            api_key, key = actions.api_key_create(name=name)
            self.stdout.write(f"Created Open311 API key {api_key.name!r}. It is shown only once:")
            self.stdout.write(key)
        elif action == "list":
            for api_key in ApiKey.objects.all():
                state = "active" if api_key.active else "revoked"
                used = api_key.last_used.isoformat() if api_key.last_used else "never used"
                self.stdout.write(f"{api_key.name}\t{api_key.prefix}…\t{state}\t{used}")
        elif action == "revoke":
            if not actions.api_key_revoke(name=options["name"]):
                raise CommandError(f"No active key named {options['name']!r}.")
            self.stdout.write(f"Revoked {options['name']!r}.")
