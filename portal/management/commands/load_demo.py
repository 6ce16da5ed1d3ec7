"""python manage.py load_demo: the Millbrook demo council (addresses, people, teams, requests).

Safe to repeat.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo


class Command(BaseCommand):
    help = (
        "Load the Millbrook demo council: a generated address gazetteer and demo people "
        f"who all sign in with the password {demo.DEMO_PASSWORD!r}. Running it again changes "
        "nothing that is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load the demo even with production settings (a throwaway staging site only)",
        )

    def handle(self, *, allow_production, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production") and not allow_production:
            raise CommandError(
                "These are production settings: the demo people have a published password. "
                "Use --allow-production only on a throwaway staging site."
            )
        result = demo.demo_council_load()
        gazetteer = result.gazetteer

        write = self.stdout.write
        write(self.style.SUCCESS(f"{settings.COUNCIL_NAME} demo loaded."))
        write(
            f"  Gazetteer: {result.addresses:,} addresses in {demo.TOWN}, {result.wards} wards "
            f"({gazetteer.created:,} created, {gazetteer.updated:,} updated, "
            f"{gazetteer.unchanged:,} already there)"
        )
        for error in gazetteer.errors:  # the demo data is generated: any of these is a bug
            self.stderr.write(self.style.ERROR(f"  {error}"))
        write(f"  Postcode to try when asked for an address: {demo.DEMO_POSTCODE}")
        synced = result.request_types
        if synced.request_types:
            write(f"  Request types: {len(synced.request_types)} created")
            for request_type in synced.request_types:
                write(f"    {request_type.name} ({request_type.slug}, {request_type.service})")
        else:
            write("  Request types: every registered one already there, left as it was")
        write(
            "  Teams: "
            + "; ".join(
                f"{team.name} (lead {team.lead.get_full_name() if team.lead else 'none'}, "
                f"manager {team.manager.get_full_name() if team.manager else 'none'})"
                for team in result.teams
            )
        )
        for line in result.services:
            write(f"  {line}")
        write("")
        if result.cases:
            write("Example requests for Sam (sam@example.org), also in the caseworker's queue:")
            width = max(len(case.request_type.name) for case in result.cases)
            for case in result.cases:
                name = case.request_type.name
                write(f"  {case.reference}  {name:<{width}}  {case.get_status_display()}")
            write("  and a saved request, under /requests/saved/")
        else:
            write(
                f"Example requests: Sam already has {result.cases_already_there}, "
                "left as they were."
            )
        write("")
        write(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        width = max(len(person.email) for person, _created in result.people)
        for person, created in result.people:
            note = "new" if created else "already there, left as it was"
            write(f"  {person.role:<14} {person.email:<{width}}  {note}")
        write("")
        where = (
            f"in the newest file in {settings.EMAIL_FILE_PATH}"
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
            else "by e-mail"
        )
        write(f"Staff always need a second factor: choose 'Email'; the code arrives {where}.")
