"""python manage.py import_ward_boundaries PATH.geojson [--code-property CODE]: ward boundaries."""

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.wards import ward_boundaries_import


class Command(BaseCommand):
    help = (
        "Set the wards' boundaries from a GeoJSON FeatureCollection in WGS84 (for example "
        "the ONS ward boundaries), matched to the gazetteer's wards by ward code. Restart "
        "the web and worker processes afterwards: each reads the boundaries once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the GeoJSON file")
        parser.add_argument(
            "--code-property",
            default="code",
            help="the feature property holding the ward code (ONS files: WD24CD)",
        )

    def handle(self, *, path, code_property, **options):
        try:
            with open(path, encoding="utf-8") as file:
                geojson = json.load(file)
            result = ward_boundaries_import(geojson=geojson, code_property=code_property)
        except (OSError, ValueError) as error:  # BadBoundaries and bad JSON are ValueErrors
            raise CommandError(str(error)) from error
        self.stdout.write(f"Boundaries set for {len(result.updated)} wards.")
        if result.unknown:
            self.stdout.write(
                f"Not wards of the gazetteer (skipped): {', '.join(sorted(result.unknown))}"
            )
