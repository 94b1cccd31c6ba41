"""Reading an uploaded list into rows of text keyed by field: CSV with commas or
semicolons in UTF-8 (with or without BOM) or Windows-1252, or the first sheet of an XLSX."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from .columns import field_for

# The key under which a row keeps the text of the columns the import does not know.
OTHER_COLUMNS = "other columns"
# A sheet larger than this is not a list of one municipality's places.
MAX_ROWS = 20_000


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the person."""


@dataclass
class Table:
    """The rows of a file: each a spreadsheet line number and its values by field."""

    rows: list[tuple[int, dict[str, str]]]
    fields: list[str]
    unknown_columns: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str) -> Table:
    if filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        lines = _xlsx_lines(content)
    else:
        lines = _csv_lines(_decode(content))
    return _table(lines)


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's "CSV" on a Danish Windows: every byte is a character, so this never fails.
        return content.decode("cp1252", errors="replace")


def _csv_lines(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_lines(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("Filen kunne ikke læses som et Excel-ark (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell as the text a person would have typed in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.time().strftime("%H:%M") if value.date() == date(1899, 12, 30) else str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _table(lines: list[list[str]]) -> Table:
    # Line numbers as the person sees them in their spreadsheet, blank lines included.
    numbered = [
        (number, line)
        for number, line in enumerate(lines, start=1)
        if any(str(cell).strip() for cell in line)
    ]
    if not numbered:
        raise ImportFileError(_("Filen er tom."))
    (_number, header), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("Filen har mere end %(max)s rækker. Del den op i flere filer.") % {"max": MAX_ROWS}
        )
    columns: list[tuple[int, str]] = []
    unknown: list[str] = []
    for index, heading in enumerate(header):
        name = field_for(heading)
        if name is None or name in {n for _i, n in columns}:
            if str(heading).strip():
                unknown.append(str(heading).strip())
            continue
        columns.append((index, name))
    if "name" not in {name for _i, name in columns}:
        raise ImportFileError(
            _("Filen mangler en kolonne med mødestedets navn (“navn” eller “name”).")
        )
    known = {i for i, _name in columns}
    rows = []
    for number, line in body:
        values = {name: str(line[i]).strip() if i < len(line) else "" for i, name in columns}
        # Ignored columns are kept aside, still checked for CPR numbers.
        values[OTHER_COLUMNS] = " | ".join(
            str(cell) for i, cell in enumerate(line) if i not in known and str(cell).strip()
        )
        rows.append((number, values))
    return Table(rows=rows, fields=[name for _i, name in columns], unknown_columns=unknown)
