"""The address gazetteer import: row mapping, the upsert, and `manage.py import_gazetteer`."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts import gazetteer
from accounts.gazetteer import address_import
from accounts.models import Address, Ward
from integrations.gazetteer import mapping
from integrations.gazetteer.mapping import MissingColumns, RowError, map_row
from tests.factories import AddressFactory, WardFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "gazetteer_sample.csv"


def row(**changes) -> dict:
    """A good row in the simple ADDRESS_LINE_* form, with some values changed."""
    base = {
        "UPRN": "100012345678",
        "ADDRESS_LINE_1": "14 Mill Lane",
        "ADDRESS_LINE_2": "",
        "ADDRESS_LINE_3": "",
        "TOWN": "Millbrook",
        "POSTCODE": "MB1 1AA",
        "WARD_CODE": "E05999901",
        "WARD_NAME": "Millbrook Central",
        "X_COORDINATE": "406750",
        "Y_COORDINATE": "300013",
        "LATITUDE": "52.598029",
        "LONGITUDE": "-1.901771",
        "CLASSIFICATION": "RD04",
    }
    base.update(changes)
    return base


# --- Mapping one row ----------------------------------------------------------------


def test_a_good_row_becomes_a_clean_record():
    record = map_row(row(), row_number=2)

    assert record == mapping.AddressRecord(
        uprn=100012345678,
        line1="14 Mill Lane",
        line2="",
        line3="",
        town="Millbrook",
        postcode="MB1 1AA",
        ward_code="E05999901",
        ward_name="Millbrook Central",
        easting=406750,
        northing=300013,
        latitude=52.598029,
        longitude=-1.901771,
        classification="RD04",
    )


def test_optional_columns_may_be_empty_or_absent():
    record = map_row(
        {"UPRN": "7", "ADDRESS_LINE_1": "1 Mill Lane", "TOWN": "Millbrook", "POSTCODE": "MB1 1AA"},
        row_number=2,
    )
    assert (record.ward_code, record.easting, record.latitude, record.classification) == (
        "",
        None,
        None,
        "",
    )
    record = map_row(row(WARD_CODE="", WARD_NAME="", LATITUDE="", LONGITUDE=""), row_number=2)
    assert (record.ward_code, record.latitude, record.longitude) == ("", None, None)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("mb1 1aa", "MB1 1AA"), ("MB11AA", "MB1 1AA"), ("  mb1   1aa ", "MB1 1AA")],
)
def test_postcodes_are_normalised(given, expected):
    assert map_row(row(POSTCODE=given), row_number=2).postcode == expected


def test_text_is_tidied_and_empty_address_lines_close_up():
    record = map_row(
        row(ADDRESS_LINE_1="", ADDRESS_LINE_2="  Flat 2 ", ADDRESS_LINE_3="14   Mill Lane"),
        row_number=2,
    )
    assert (record.line1, record.line2, record.line3) == ("Flat 2", "14 Mill Lane", "")


def test_grid_references_with_decimals_are_rounded_to_metres():
    record = map_row(row(X_COORDINATE="406750.40", Y_COORDINATE="300013.60"), row_number=2)
    assert (record.easting, record.northing) == (406750, 300014)


def test_headers_are_matched_whatever_their_case_spacing_or_alias():
    record = map_row(
        {
            "uprn": "42",
            "Address Line 1": "2 Mill Lane",
            "Post Town": "Millbrook",
            "Postcode_Locator": "mb1 1ab",
            "Electoral Ward Code": "e05999901",
            "Ward": "Millbrook Central",
            "Easting": "406700",
            "Northing": "300020",
            "lat": "52.6",
            "lng": "-1.9",
            "BLPU_CLASS": "rd03",
        },
        row_number=2,
    )
    assert record.uprn == 42
    assert record.line1 == "2 Mill Lane"
    assert record.town == "Millbrook"
    assert record.postcode == "MB1 1AB"
    assert (record.ward_code, record.ward_name) == ("E05999901", "Millbrook Central")
    assert (record.easting, record.northing, record.latitude, record.longitude) == (
        406700,
        300020,
        52.6,
        -1.9,
    )
    assert record.classification == "RD03"


def test_postcode_is_preferred_to_postcode_locator_when_a_file_has_both():
    both = row(POSTCODE_LOCATOR="MB9 9ZZ")
    assert map_row(both, row_number=2).postcode == "MB1 1AA"
    assert map_row({**both, "POSTCODE": ""}, row_number=2).postcode == "MB9 9ZZ"


@pytest.mark.parametrize(
    ("parts", "lines"),
    [
        ({"BUILDING_NUMBER": "14", "STREET": "Mill Lane"}, ("14 Mill Lane", "", "")),
        (
            {"SAO_TEXT": "Flat 2", "BUILDING_NUMBER": "14", "STREET": "Mill Lane"},
            ("Flat 2", "14 Mill Lane", ""),
        ),
        (
            {"PAO_TEXT": "Rose Cottage", "STREET_DESCRIPTION": "Hollow Lane"},
            ("Rose Cottage", "Hollow Lane", ""),
        ),
        (
            {"PAO_START_NUMBER": "14", "PAO_START_SUFFIX": "A", "STREET_DESCRIPTION": "Mill Lane"},
            ("14A Mill Lane", "", ""),
        ),
        (
            {
                "SAO_TEXT": "Flat 2",
                "PAO_TEXT": "Mill House",
                "BUILDING_NUMBER": "3",
                "STREET": "Mill Lane",
                "LOCALITY": "Lower Millbrook",
            },
            ("Flat 2, Mill House", "3 Mill Lane", "Lower Millbrook"),
        ),
    ],
)
def test_address_can_be_built_from_its_parts(parts, lines):
    record = map_row(
        {"UPRN": "1", "TOWN": "Millbrook", "POSTCODE": "MB1 1AA", **parts}, row_number=2
    )
    assert (record.line1, record.line2, record.line3) == lines


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"UPRN": "abc"}, "row 12: UPRN 'abc' is not a number"),
        ({"UPRN": ""}, "row 12: UPRN is missing"),
        ({"UPRN": "0"}, "row 12: UPRN '0' must be greater than 0"),
        ({"UPRN": "-5"}, "row 12: UPRN '-5' must be greater than 0"),
        ({"UPRN": "12.5"}, "row 12: UPRN '12.5' is not a whole number"),
        (
            {"UPRN": "1234567890123"},
            "row 12: UPRN '1234567890123' is too long: a UPRN has at most 12 digits",
        ),
        ({"UPRN": "1.00012E+11"}, "turned into a rounded number by a spreadsheet"),
        (
            {"ADDRESS_LINE_1": ""},
            "row 12: the address is missing: fill in ADDRESS_LINE_1, or BUILDING_NUMBER and STREET",
        ),
        ({"ADDRESS_LINE_1": "x" * 201}, "row 12: address line 1 is longer than 200 characters"),
        ({"TOWN": " "}, "row 12: TOWN is missing"),
        ({"POSTCODE": ""}, "row 12: POSTCODE is missing"),
        ({"POSTCODE": "XYZ 123"}, "row 12: POSTCODE 'XYZ 123' is not a UK postcode"),
        (
            {"WARD_CODE": ""},
            "row 12: WARD_NAME 'Millbrook Central' has no WARD_CODE: give both, or neither",
        ),
        ({"X_COORDINATE": "abc"}, "row 12: X_COORDINATE 'abc' is not a number"),
        ({"Y_COORDINATE": ""}, "row 12: X_COORDINATE is given but Y_COORDINATE is missing"),
        (
            {"X_COORDINATE": "800000"},
            "row 12: X_COORDINATE 800000 is outside Great Britain (0 to 700,000)",
        ),
        ({"LATITUDE": "95"}, "row 12: LATITUDE 95 is outside the UK (49 to 61)"),
        ({"LONGITUDE": "nan"}, "row 12: LONGITUDE 'nan' is not a number"),
        (
            {"LATITUDE": "-1.901771", "LONGITUDE": "52.598029"},
            "row 12: LATITUDE -1.901771 is outside the UK (49 to 61): "
            "are LATITUDE and LONGITUDE swapped?",
        ),
        (
            {"CLASSIFICATION": "RD-04"},
            "row 12: CLASSIFICATION 'RD-04' is not a classification code, like RD04",
        ),
    ],
)
def test_bad_rows_are_refused_with_a_message_an_officer_understands(changes, message):
    with pytest.raises(RowError) as caught:
        map_row(row(**changes), row_number=12)
    assert message in str(caught.value)
    assert caught.value.row == 12


def test_a_building_number_needs_a_street():
    with pytest.raises(RowError, match="BUILDING_NUMBER '14' has no STREET"):
        map_row(
            {"UPRN": "1", "BUILDING_NUMBER": "14", "TOWN": "Millbrook", "POSTCODE": "MB1 1AA"},
            row_number=3,
        )


def test_required_columns_are_named_when_missing():
    assert mapping.missing_columns(row().keys()) == []
    assert mapping.missing_columns(["uprn", "Street", "Post Town", "Postcode"]) == []
    assert mapping.missing_columns(["UPRN", "ADDRESS", "TOWN"]) == [
        "ADDRESS_LINE_1 (or BUILDING_NUMBER and STREET)",
        "POSTCODE",
    ]


def test_blank_rows_are_recognised():
    assert mapping.is_blank({"UPRN": "", "TOWN": "  ", "POSTCODE": None})
    assert not mapping.is_blank(row())


# --- Importing rows -------------------------------------------------------------------


def test_import_creates_addresses_and_their_wards():
    result = address_import(
        rows=[
            row(),
            row(UPRN="100012345679", ADDRESS_LINE_1="Flat 2", ADDRESS_LINE_2="14 Mill Lane"),
        ]
    )

    assert (result.created, result.updated, result.skipped, result.wards_created) == (2, 0, 0, 1)
    address = Address.objects.get(uprn=100012345679)
    assert address.single_line == "Flat 2, 14 Mill Lane, Millbrook, MB1 1AA"
    assert address.ward.name == "Millbrook Central"
    assert (address.easting, address.latitude, address.classification) == (
        406750,
        52.598029,
        "RD04",
    )


def test_reimport_updates_what_changed_and_keeps_service_data():
    AddressFactory(uprn=100012345678, line1="14 Mill Ln", service_data={"waste": {"round": "A"}})
    AddressFactory(uprn=100012345679, line1="16 Mill Lane")
    address_import(rows=[row(UPRN="100012345679", ADDRESS_LINE_1="16 Mill Lane")])

    result = address_import(
        rows=[row(), row(UPRN="100012345679", ADDRESS_LINE_1="16 Mill Lane")],
    )

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    address = Address.objects.get(uprn=100012345678)
    assert address.line1 == "14 Mill Lane"
    assert address.service_data == {"waste": {"round": "A"}}


def test_unchanged_addresses_are_not_written_again():
    address_import(rows=[row()])
    stamp = Address.objects.get().updated_at

    result = address_import(rows=[row()])

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Address.objects.get().updated_at == stamp


def test_bad_rows_are_reported_and_the_good_ones_imported():
    result = address_import(
        rows=[row(UPRN="1"), row(UPRN="abc"), row(UPRN="3", POSTCODE="nope"), row(UPRN="4")]
    )

    assert (result.created, result.skipped) == (2, 2)
    assert [str(error) for error in result.errors] == [
        "row 3: UPRN 'abc' is not a number",
        "row 4: POSTCODE 'nope' is not a UK postcode",
    ]
    assert set(Address.objects.values_list("uprn", flat=True)) == {1, 4}


def test_a_uprn_repeated_in_the_file_is_imported_once():
    result = address_import(rows=[row(), row(ADDRESS_LINE_1="Somewhere else")])

    assert (result.created, result.skipped) == (1, 1)
    assert str(result.errors[0]) == (
        "row 3: UPRN 100012345678 is also on row 2: only the first is imported"
    )
    assert Address.objects.get().line1 == "14 Mill Lane"


def test_blank_rows_are_passed_over_quietly():
    blank = dict.fromkeys(row(), "")
    result = address_import(rows=[row(), blank, blank])
    assert (result.created, result.skipped) == (1, 0)


def test_wards_are_created_once_across_batches_and_imports(monkeypatch):
    monkeypatch.setattr(gazetteer, "BATCH_SIZE", 3)
    rows = [
        row(
            UPRN=str(n),
            WARD_CODE="E05999901" if n % 2 else "E05999902",
            WARD_NAME="Millbrook Central" if n % 2 else "Abbey",
        )
        for n in range(1, 11)
    ]

    first = address_import(rows=rows)
    again = address_import(rows=rows)

    assert (first.created, first.wards_created) == (10, 2)
    assert (again.unchanged, again.wards_created) == (10, 0)
    assert sorted(Ward.objects.values_list("name", flat=True)) == ["Abbey", "Millbrook Central"]
    assert Address.objects.filter(ward__name="Abbey").count() == 5


def test_an_existing_ward_is_used_and_renamed_as_the_file_says():
    ward = WardFactory(code="E05999901", name="Central")
    result = address_import(rows=[row()])
    ward.refresh_from_db()
    assert ward.name == "Millbrook Central"
    assert (result.wards_created, result.wards_renamed) == (0, 1)
    assert Address.objects.get().ward == ward


def test_a_file_without_optional_columns_keeps_what_we_already_hold():
    address_import(rows=[row()])
    slim = {
        "UPRN": "100012345678",
        "ADDRESS_LINE_1": "14 Mill Lane",
        "TOWN": "Millbrook",
        "POSTCODE": "MB1 1AB",
    }

    result = address_import(rows=[slim])

    assert result.updated == 1
    address = Address.objects.get()
    assert address.postcode == "MB1 1AB"
    assert (address.ward.code, address.easting, address.latitude, address.classification) == (
        "E05999901",
        406750,
        52.598029,
        "RD04",
    )


def test_missing_columns_stop_the_import_before_anything_is_written():
    with pytest.raises(MissingColumns, match="missing required columns: POSTCODE"):
        address_import(rows=[{k: v for k, v in row().items() if k != "POSTCODE"}])
    assert not Address.objects.exists()


def test_dry_run_counts_but_saves_nothing():
    result = address_import(rows=[row(), row(UPRN="abc")], dry_run=True)

    assert (result.created, result.skipped, result.wards_created) == (1, 1, 1)
    assert not Address.objects.exists()
    assert not Ward.objects.exists()


def test_progress_is_told_every_row_read(monkeypatch):
    monkeypatch.setattr(gazetteer, "BATCH_SIZE", 2)
    seen = []
    address_import(
        rows=[row(UPRN=str(n)) for n in range(1, 6)] + [row(UPRN="x")], progress=seen.append
    )
    assert sum(seen) == 6
    assert len(seen) > 1


# --- manage.py import_gazetteer --------------------------------------------------------


def run_import(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_gazetteer", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_csv(path: Path, rows: list[dict], *, encoding="utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_command_imports_the_sample_file_and_reports_bad_rows():
    out, err = run_import(str(SAMPLE))

    assert "Imported 17 addresses (17 created, 0 updated), 3 rows skipped" in out
    assert err.splitlines() == [
        "row 14: UPRN 'abc' is not a number",
        "row 17: POSTCODE 'NOT KNOWN' is not a UK postcode",
        "row 20: LATITUDE -1.933220 is outside the UK (49 to 61): "
        "are LATITUDE and LONGITUDE swapped?",
    ]
    assert Address.objects.count() == 17
    assert Address.objects.get(uprn=10001234505).single_line == (
        "The Old Bakery, 3 High Street, Millbrook, MB1 2AA"
    )
    assert Ward.objects.count() == 6


def test_command_run_twice_updates_nothing(tmp_path):
    path = write_csv(tmp_path / "llpg.csv", [row(), row(UPRN="100012345679")])
    run_import(str(path))

    out, _err = run_import(str(path))

    assert "Imported 0 addresses (0 created, 0 updated), 0 rows skipped" in out
    assert "2 were already up to date" in out


def test_command_shows_the_first_twenty_errors_then_a_count(tmp_path):
    rows = [row(UPRN=f"bad{n}") for n in range(25)] + [row()]
    path = write_csv(tmp_path / "llpg.csv", rows)

    out, err = run_import(str(path))

    lines = err.splitlines()
    assert len(lines) == 21
    assert lines[0] == "row 2: UPRN 'bad0' is not a number"
    assert lines[-1] == "... and 5 more rows skipped"
    assert "Imported 1 addresses (1 created, 0 updated), 25 rows skipped" in out


def test_command_dry_run_saves_nothing():
    out, _err = run_import(str(SAMPLE), "--dry-run")

    assert "Would import 17 addresses (17 created, 0 updated), 3 rows skipped" in out
    assert "nothing was saved" in out
    assert not Address.objects.exists()


def test_command_refuses_a_file_missing_required_columns(tmp_path):
    path = tmp_path / "llpg.csv"
    path.write_text("UPRN,ADDRESS,TOWN\n1,1 Mill Lane,Millbrook\n")

    with pytest.raises(CommandError) as caught:
        run_import(str(path))

    assert (
        "missing required columns: ADDRESS_LINE_1 (or BUILDING_NUMBER and STREET), POSTCODE"
        in str(caught.value)
    )
    assert not Address.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "Cannot read"), (b"", "is empty"), (b"UPRN,TOWN\n1,Caf\xe9\n", "is not UTF-8 text")],
)
def test_command_refuses_a_file_it_cannot_read(tmp_path, content, message):
    path = tmp_path / "llpg.csv"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run_import(str(path))


def test_command_reads_other_encodings_when_told(tmp_path):
    path = write_csv(tmp_path / "llpg.csv", [row(ADDRESS_LINE_1="Café Royal")], encoding="cp1252")

    out, _err = run_import(str(path), "--encoding", "cp1252")

    assert "1 created" in out
    assert Address.objects.get().line1 == "Café Royal"


def test_command_accepts_a_utf8_file_with_a_byte_order_mark(tmp_path):
    path = write_csv(tmp_path / "llpg.csv", [row()], encoding="utf-8-sig")
    out, _err = run_import(str(path))
    assert "1 created" in out
