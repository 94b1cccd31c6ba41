"""A list is read whatever its headers' language, separator, encoding or format."""

import io
from datetime import time

import pytest
from openpyxl import Workbook

from meetingplaces.importing.columns import field_for
from meetingplaces.importing.reading import ImportFileError, read_table

from .conftest import csv_bytes


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Navn", "name"),
        ("name", "name"),
        ("Adresse", "street"),
        ("street_address", "street"),
        ("Postnr.", "postcode"),
        ("POSTNUMMER", "postcode"),
        ("zip", "postcode"),
        ("By", "town"),
        ("city", "town"),
        ("Kommune", "municipality"),
        ("Breddegrad", "latitude"),
        ("lat", "latitude"),
        ("Længdegrad", "longitude"),
        ("laengdegrad", "longitude"),
        ("lng", "longitude"),
        ("ID", "external_id"),
        ("External_ID", "external_id"),
        ("Type", "kind"),
        ("Aktivitet", "title"),
        ("Ugedag", "weekday"),
        ("Starttid", "start_time"),
        ("Sluttid", "end_time"),
        ("Kategori", "category"),
        ("Forening", "organisation"),
        ("Trinfri adgang", "step_free"),
        ("Målgruppe", "audience"),
        ("maalgruppe", "audience"),
        ("Farve", None),
    ],
)
def test_headers_are_matched_in_danish_and_english_whatever_their_case_and_letters(header, field):
    assert field_for(header) == field


def test_unknown_columns_are_listed_and_not_fatal():
    table = read_table(csv_bytes(["navn;farve;adresse", "Kulturhuset;rød;Torvet 1"]), "a.csv")
    assert table.unknown_columns == ["farve"]
    assert table.rows[0][1]["name"] == "Kulturhuset"


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffnavn;by\nSkovhuset;Sakskøbing".encode(),
        b"navn;by\nSkovhuset;Sakskobing".replace(b"Sakskobing", "Sakskøbing".encode("cp1252")),
        "navn,by\nSkovhuset,Sakskøbing".encode(),
        "navn\tby\nSkovhuset\tSakskøbing".encode(),
    ],
    ids=["utf-8 with BOM and semicolons", "windows-1252", "commas", "tabs"],
)
def test_csv_in_utf8_with_bom_or_windows_1252_with_commas_or_semicolons(content):
    table = read_table(content, "liste.csv")
    assert table.rows == [(2, {"name": "Skovhuset", "town": "Sakskøbing", "other columns": ""})]


def test_windows_1252_keeps_aeoeaa():
    content = "navn;adresse\nÆblehaven;Ørevej 3, Åby".encode("cp1252")
    values = read_table(content, "liste.csv").rows[0][1]
    assert (values["name"], values["street"]) == ("Æblehaven", "Ørevej 3, Åby")


def test_line_numbers_are_the_spreadsheets_blank_lines_included():
    table = read_table(csv_bytes(["navn", "A", "", "B"]), "a.csv")
    assert [line for line, _values in table.rows] == [2, 4]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_first_sheet_with_numbers_and_times_as_cells():
    content = _xlsx(
        [
            ["Navn", "Postnr", "Starttid", "Breddegrad", "Trinfri"],
            ["Kulturhuset", 4800, time(10, 0), 54.7694, True],
        ]
    )
    values = read_table(content, "liste.xlsx").rows[0][1]
    assert values["postcode"] == "4800"
    assert values["start_time"] == "10:00"
    assert values["latitude"] == "54.7694"
    assert values["step_free"] == "ja"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.csv", "tom"),
        (b"farve;adresse\nrod;Torvet 1", "a.csv", "navn"),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "Excel"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(content, filename, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(content, filename)
