"""Loading the council's address gazetteer (an LLPG / AddressBase extract) into Address and Ward.

``integrations.gazetteer.mapping`` checks and tidies each row; this module writes
them, in batches, as upserts keyed by UPRN. A bad row is reported and skipped,
never fatal. What services hold against a property (``Address.service_data``) is
theirs and is never touched by an import.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import Address, Ward
from integrations.gazetteer import mapping
from integrations.gazetteer.mapping import AddressRecord, RowError

BATCH_SIZE = 500
FIRST_ROW = 2  # rows are numbered as a spreadsheet shows them: the header is row 1

# Address fields that always come from the file, and those that come from it only
# when the file has the column (so an extract without coordinates keeps the ones we have).
_ALWAYS = ["line1", "line2", "line3", "town", "postcode"]
_OPTIONAL = {
    "ward": ("WARD_CODE", "WARD_NAME"),
    "easting": ("X_COORDINATE", "Y_COORDINATE"),
    "northing": ("X_COORDINATE", "Y_COORDINATE"),
    "latitude": ("LATITUDE", "LONGITUDE"),
    "longitude": ("LATITUDE", "LONGITUDE"),
    "classification": ("CLASSIFICATION",),
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    wards_created: int = 0
    wards_renamed: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        """Addresses written: created or changed (``unchanged`` ones were already right)."""
        return self.created + self.updated

    @property
    def skipped(self) -> int:
        return len(self.errors)


@transaction.atomic
def address_import(
    *,
    rows: Iterable[Mapping],
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Create or update an Address (and its Ward) for every good row of a gazetteer extract.

    ``rows`` are dicts keyed by the file's headers, as ``csv.DictReader`` gives
    them; all rows should have the same keys. ``progress`` is called now and then
    with the number of rows read since its last call. Raises
    ``mapping.MissingColumns`` before writing anything if required columns are
    absent. With ``dry_run`` everything is checked and counted, then rolled back.
    """
    result = ImportResult(dry_run=dry_run)
    wards = _Wards(result)
    first_seen: dict[int, int] = {}  # UPRN -> row it was first on
    batch: list[AddressRecord] = []
    fields: list[str] | None = None
    unreported = 0

    for row_number, row in enumerate(rows, start=FIRST_ROW):
        if fields is None:
            if missing := mapping.missing_columns(row):
                raise mapping.MissingColumns(missing)
            fields = _fields_from(mapping.columns_present(row))
        unreported += 1
        if mapping.is_blank(row):
            continue
        try:
            record = mapping.map_row(row, row_number=row_number)
            if record.uprn in first_seen:
                raise RowError(
                    row_number,
                    f"UPRN {record.uprn} is also on row {first_seen[record.uprn]}: "
                    "only the first is imported",
                )
        except RowError as error:
            result.errors.append(error)
            continue
        first_seen[record.uprn] = row_number
        batch.append(record)
        if len(batch) >= BATCH_SIZE:
            _write(batch, fields=fields, wards=wards, result=result)
            batch = []
            if progress is not None:
                progress(unreported)
                unreported = 0

    if batch:
        _write(batch, fields=fields, wards=wards, result=result)
    if progress is not None and unreported:
        progress(unreported)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _fields_from(columns: set[str]) -> list[str]:
    return _ALWAYS + [name for name, sources in _OPTIONAL.items() if columns.intersection(sources)]


def _write(records: list[AddressRecord], *, fields: list[str], wards, result: ImportResult):
    ward_ids = wards.ids_for(records) if "ward" in fields else {}
    attnames = [Address._meta.get_field(name).attname for name in fields]
    existing = {
        values[0]: values[1:]
        for values in Address.objects.filter(uprn__in=[r.uprn for r in records]).values_list(
            "uprn", *attnames
        )
    }
    to_save = []
    for record in records:
        address = Address(
            uprn=record.uprn,
            line1=record.line1,
            line2=record.line2,
            line3=record.line3,
            town=record.town,
            postcode=record.postcode,
            ward_id=ward_ids.get(record.ward_code),
            easting=record.easting,
            northing=record.northing,
            latitude=record.latitude,
            longitude=record.longitude,
            classification=record.classification,
        )
        before = existing.get(record.uprn)
        if before is None:
            result.created += 1
        elif before == tuple(getattr(address, attname) for attname in attnames):
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        to_save.append(address)
    if to_save:
        # One INSERT ... ON CONFLICT (uprn) DO UPDATE for the batch; service_data is
        # not among the updated fields, so what services hold survives a re-import.
        Address.objects.bulk_create(
            to_save,
            update_conflicts=True,
            unique_fields=["uprn"],
            update_fields=[*fields, "updated_at"],
        )


class _Wards:
    """Ward ids by code, created or renamed as the file says, looked up once per import."""

    def __init__(self, result: ImportResult):
        self.result = result
        self.known: dict[str, tuple[int, str]] = {}  # code -> (pk, name)

    def ids_for(self, records: list[AddressRecord]) -> dict[str, int]:
        names: dict[str, str] = {}
        for record in records:
            if record.ward_code and (record.ward_name or record.ward_code not in names):
                names[record.ward_code] = record.ward_name
        self._load([code for code in names if code not in self.known])
        new = [
            Ward(code=code, name=names[code] or code) for code in names if code not in self.known
        ]
        if new:
            Ward.objects.bulk_create(new, ignore_conflicts=True)
            self._load([ward.code for ward in new])
            self.result.wards_created += len(new)
        for code, name in names.items():
            pk, current = self.known[code]
            if name and name != current:
                Ward.objects.filter(pk=pk).update(name=name)
                self.known[code] = (pk, name)
                self.result.wards_renamed += 1
        return {code: self.known[code][0] for code in names}

    def _load(self, codes: list[str]) -> None:
        if codes:
            for pk, code, name in Ward.objects.filter(code__in=codes).values_list(
                "pk", "code", "name"
            ):
                self.known[code] = (pk, name)
