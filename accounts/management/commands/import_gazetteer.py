"""python manage.py import_gazetteer PATH.csv [--dry-run]: load the council's address gazetteer."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.gazetteer import ImportResult, address_import
from integrations.gazetteer import mapping

ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import addresses from an LLPG / AddressBase style CSV extract (one row per UPRN). "
        "Existing addresses are updated; bad rows are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file, with a header row")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and count what would change, without saving anything",
        )
        parser.add_argument(
            "--encoding",
            default="utf-8-sig",
            help="text encoding of the file (default: UTF-8; Excel's older CSV is cp1252)",
        )

    def handle(self, *, path, dry_run, encoding, **options):
        rows_total = self._check_file(path, encoding)
        with (
            open(path, newline="", encoding=encoding) as file,
            tqdm(
                total=rows_total,
                unit=" rows",
                desc="Importing",
                file=sys.stderr,
                disable=None,  # no bar when stderr is not a terminal (logs, CI)
            ) as bar,
        ):
            result = address_import(rows=csv.DictReader(file), progress=bar.update, dry_run=dry_run)
        self._report(result)

    def _check_file(self, path: str, encoding: str) -> int:
        """Refuse, before any writing, a file we cannot read or that lacks required columns."""
        try:
            with open(path, newline="", encoding=encoding) as file:
                reader = csv.reader(file)
                headers = next(reader, None)
                rows_total = sum(1 for _row in reader)
        except LookupError:
            raise CommandError(f"Unknown encoding {encoding!r}") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            name = "UTF-8" if encoding.lower().startswith("utf") else encoding
            raise CommandError(
                f"{path} is not {name} text. If it came from Excel, save it as "
                "'CSV UTF-8', or run again with --encoding cp1252."
            ) from None
        except csv.Error as error:
            raise CommandError(f"{path} is not a readable CSV file: {error}") from None
        if not headers:
            raise CommandError(f"{path} is empty: expected a header row, then one row per address")
        if missing := mapping.missing_columns(headers):
            raise CommandError(
                f"{path} is missing required columns: {', '.join(missing)}. "
                f"Its columns are: {', '.join(headers)}"
            )
        return rows_total

    def _report(self, result: ImportResult) -> None:
        for error in result.errors[:ERRORS_SHOWN]:
            self.stderr.write(str(error))
        if len(result.errors) > ERRORS_SHOWN:
            self.stderr.write(f"... and {len(result.errors) - ERRORS_SHOWN} more rows skipped")

        verb = "Would import" if result.dry_run else "Imported"
        summary = (
            f"{verb} {result.imported} addresses ({result.created} created, "
            f"{result.updated} updated), {result.skipped} rows skipped"
        )
        if result.unchanged:
            summary += f"; {result.unchanged} were already up to date"
        if result.wards_created:
            summary += f"; {result.wards_created} new wards"
        if result.dry_run:
            summary += ". Dry run: nothing was saved."
        style = self.style.WARNING if result.errors else self.style.SUCCESS
        self.stdout.write(style(summary))
