"""One row of an address gazetteer extract (LLPG / AddressBase style CSV) -> one clean record.

Pure functions, no database: ``accounts.gazetteer`` does the writing.

Headers are matched without regard to case, spaces, hyphens or underscores, and
common aliases are accepted (``POSTCODE_LOCATOR`` for ``POSTCODE``, ``EASTING``
for ``X_COORDINATE``...). The address itself comes either from
``ADDRESS_LINE_1..3`` or from its parts: ``SAO_TEXT`` (flat), ``PAO_TEXT``
(building name), ``BUILDING_NUMBER`` / ``PAO_START_NUMBER`` and ``STREET`` /
``STREET_DESCRIPTION``.

Problems are reported as :class:`RowError` with a message a council officer can
act on: "row 12: UPRN 'abc' is not a number".
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from integrations.gazetteer.postcodes import normalise_postcode

# Canonical column -> accepted headers, squashed (lower case, letters and digits only),
# in order of preference when a file has more than one of them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "UPRN": ("uprn", "propertyuprn", "blpuuprn"),
    "ADDRESS_LINE_1": ("addressline1", "address1", "line1", "addr1", "add1"),
    "ADDRESS_LINE_2": ("addressline2", "address2", "line2", "addr2", "add2"),
    "ADDRESS_LINE_3": ("addressline3", "address3", "line3", "addr3", "add3"),
    "SAO_TEXT": ("saotext", "sao", "subbuildingname", "subbuilding", "flat"),
    "PAO_TEXT": ("paotext", "buildingname", "housename"),
    "BUILDING_NUMBER": (
        "buildingnumber",
        "paostartnumber",
        "housenumber",
        "number",
        "streetnumber",
    ),
    "PAO_START_SUFFIX": ("paostartsuffix", "buildingnumbersuffix", "housenumbersuffix"),
    "STREET": ("street", "streetdescription", "streetname", "thoroughfare", "road"),
    "LOCALITY": ("locality", "localityname", "dependentlocality"),
    "TOWN": ("town", "posttown", "townname", "towncity", "city"),
    "POSTCODE": ("postcode", "postcodelocator", "postalcode", "postcodeunit"),
    "WARD_CODE": ("wardcode", "electoralwardcode", "wardgsscode"),
    "WARD_NAME": ("wardname", "ward", "electoralward", "electoralwardname"),
    "X_COORDINATE": ("xcoordinate", "easting", "x"),
    "Y_COORDINATE": ("ycoordinate", "northing", "y"),
    "LATITUDE": ("latitude", "lat"),
    "LONGITUDE": ("longitude", "long", "lon", "lng"),
    "CLASSIFICATION": ("classification", "classificationcode", "blpuclass", "class"),
}

_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}

MAX_LENGTHS = {"line": 200, "town": 100, "ward_code": 20, "ward_name": 120}
MAX_UPRN_DIGITS = 12
# Great Britain on the National Grid, and the UK in degrees (to catch swapped columns).
EASTING_RANGE = (0, 700_000)
NORTHING_RANGE = (0, 1_300_000)
LATITUDE_RANGE = (49.0, 61.0)
LONGITUDE_RANGE = (-9.0, 2.0)
_CLASSIFICATION = re.compile(r"^[A-Z0-9]{1,10}$")


class RowError(ValueError):
    """A row that cannot be imported; ``str()`` is the message for the officer."""

    def __init__(self, row: int, message: str):
        super().__init__(f"row {row}: {message}")
        self.row = row
        self.message = message


class MissingColumns(ValueError):
    """The file lacks columns that every row needs; nothing can be imported."""

    def __init__(self, missing: list[str]):
        super().__init__(f"missing required columns: {', '.join(missing)}")
        self.missing = missing


@dataclass(frozen=True, slots=True)
class AddressRecord:
    uprn: int
    line1: str
    line2: str
    line3: str
    town: str
    postcode: str
    ward_code: str = ""
    ward_name: str = ""
    easting: int | None = None
    northing: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    classification: str = ""


def squash(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


@lru_cache(maxsize=64)
def _column_map(headers: tuple) -> dict[str, tuple[str, ...]]:
    """Canonical column -> the file's own headers for it, most preferred first."""
    found: dict[str, list[tuple[int, str]]] = {}
    for header in headers:
        if not isinstance(header, str):
            continue  # csv.DictReader puts surplus values under None
        column = _ALIASES.get(squash(header))
        if column is not None:
            found.setdefault(column, []).append((COLUMNS[column].index(squash(header)), header))
    return {column: tuple(h for _rank, h in sorted(hs)) for column, hs in found.items()}


def columns_present(headers: Iterable) -> set[str]:
    """The canonical columns a file with these headers provides."""
    return set(_column_map(tuple(headers)))


def missing_columns(headers: Iterable) -> list[str]:
    """Required columns that these headers lack, named as an officer would look for them."""
    present = columns_present(headers)
    address_given = "ADDRESS_LINE_1" in present or "STREET" in present
    needed = {
        "UPRN": "UPRN" in present,
        "ADDRESS_LINE_1 (or BUILDING_NUMBER and STREET)": address_given,
        "TOWN": "TOWN" in present,
        "POSTCODE": "POSTCODE" in present,
    }
    return [column for column, found in needed.items() if not found]


def is_blank(row: Mapping) -> bool:
    """A row with nothing in it (spreadsheets often leave some at the end)."""
    return not any(
        str(value).strip()
        for key, value in row.items()
        if isinstance(key, str) and value is not None
    )


def map_row(row: Mapping, *, row_number: int) -> AddressRecord:
    """Validate and tidy one row. Raises RowError naming the row and the problem."""
    columns = _column_map(tuple(row))

    def text(column: str) -> str:
        for header in columns.get(column, ()):
            value = row.get(header)
            if value is not None and (cleaned := " ".join(str(value).split())):
                return cleaned
        return ""

    def fail(message: str):
        raise RowError(row_number, message)

    uprn = _uprn(text("UPRN"), fail)
    lines = _address_lines(text, fail)
    town = text("TOWN")
    if not town:
        fail("TOWN is missing")
    if len(town) > MAX_LENGTHS["town"]:
        fail(f"TOWN is longer than {MAX_LENGTHS['town']} characters")

    raw_postcode = text("POSTCODE")
    if not raw_postcode:
        fail("POSTCODE is missing")
    try:
        postcode = normalise_postcode(raw_postcode)
    except ValueError:
        fail(f"POSTCODE '{raw_postcode}' is not a UK postcode")

    ward_code, ward_name = text("WARD_CODE").upper(), text("WARD_NAME")
    if ward_name and not ward_code:
        fail(f"WARD_NAME '{ward_name}' has no WARD_CODE: give both, or neither")
    for value, column, limit in (
        (ward_code, "WARD_CODE", MAX_LENGTHS["ward_code"]),
        (ward_name, "WARD_NAME", MAX_LENGTHS["ward_name"]),
    ):
        if len(value) > limit:
            fail(f"{column} is longer than {limit} characters")

    easting, northing = _pair(
        text,
        fail,
        ("X_COORDINATE", "Y_COORDINATE"),
        parse=_grid_reference,
        ranges=(EASTING_RANGE, NORTHING_RANGE),
        where="Great Britain",
    )
    latitude, longitude = _pair(
        text,
        fail,
        ("LATITUDE", "LONGITUDE"),
        parse=_degrees,
        ranges=(LATITUDE_RANGE, LONGITUDE_RANGE),
        where="the UK",
    )

    classification = text("CLASSIFICATION").upper()
    if classification and not _CLASSIFICATION.match(classification):
        fail(f"CLASSIFICATION '{classification}' is not a classification code, like RD04")

    return AddressRecord(
        uprn=uprn,
        line1=lines[0],
        line2=lines[1],
        line3=lines[2],
        town=town,
        postcode=postcode,
        ward_code=ward_code,
        ward_name=ward_name,
        easting=easting,
        northing=northing,
        latitude=latitude,
        longitude=longitude,
        classification=classification,
    )


def _uprn(value: str, fail) -> int:
    if not value:
        fail("UPRN is missing")
    if re.fullmatch(r"\d+(\.\d*)?[eE]\+?\d+", value):
        fail(
            f"UPRN '{value}' has been turned into a rounded number by a spreadsheet: "
            "format the UPRN column as text and export again"
        )
    if re.fullmatch(r"[+-]?[0-9]+\.[0-9]+", value):
        fail(f"UPRN '{value}' is not a whole number")
    if not re.fullmatch(r"[+-]?[0-9]+", value):
        fail(f"UPRN '{value}' is not a number")
    uprn = int(value)
    if uprn <= 0:
        fail(f"UPRN '{value}' must be greater than 0")
    if len(str(uprn)) > MAX_UPRN_DIGITS:
        fail(f"UPRN '{value}' is too long: a UPRN has at most {MAX_UPRN_DIGITS} digits")
    return uprn


def _address_lines(text, fail) -> list[str]:
    given = [text("ADDRESS_LINE_1"), text("ADDRESS_LINE_2"), text("ADDRESS_LINE_3")]
    if any(given):
        lines = [line for line in given if line]
    else:
        # Built from its parts: "Flat 2" / "Rose Cottage" / "14A Mill Lane" / "Locality".
        number = text("BUILDING_NUMBER") + text("PAO_START_SUFFIX")
        street = text("STREET")
        parts = [text("SAO_TEXT"), text("PAO_TEXT"), f"{number} {street}".strip()]
        lines = [part for part in parts if part]
        if number and not street:
            fail(f"BUILDING_NUMBER '{number}' has no STREET")
        if not street and not text("PAO_TEXT"):
            fail("the address is missing: fill in ADDRESS_LINE_1, or BUILDING_NUMBER and STREET")
        if locality := text("LOCALITY"):
            lines.append(locality)
        if len(lines) > 3:  # keep the flat with its building: "Flat 2, Mill House"
            lines = [", ".join(lines[: len(lines) - 2]), *lines[-2:]]
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LENGTHS["line"]:
            fail(f"address line {number} is longer than {MAX_LENGTHS['line']} characters")
    return [*lines, "", "", ""][:3]


def _grid_reference(value: str) -> int:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return round(number)


def _degrees(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _pair(text, fail, columns, *, parse, ranges, where):
    """Two columns that only make sense together (easting/northing, latitude/longitude)."""
    values = [text(column) for column in columns]
    if not any(values):
        return None, None
    for value, column, other in ((values[0], *columns), (values[1], *reversed(columns))):
        if not value:
            fail(f"{other} is given but {column} is missing")
    numbers = []
    for value, column in zip(values, columns, strict=True):
        try:
            numbers.append(parse(value.replace(",", "")))
        except ValueError:
            fail(f"{column} '{value}' is not a number")

    def inside(number, bounds):
        return bounds[0] <= number <= bounds[1]

    for number, value, column, bounds in zip(numbers, values, columns, ranges, strict=True):
        if not inside(number, bounds):
            swapped = inside(numbers[0], ranges[1]) and inside(numbers[1], ranges[0])
            hint = f": are {columns[0]} and {columns[1]} swapped?" if swapped else ""
            fail(f"{column} {value} is outside {where} ({bounds[0]:,g} to {bounds[1]:,g}){hint}")
    return tuple(numbers)
