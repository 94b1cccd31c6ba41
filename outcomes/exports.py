"""A report's tables as a CSV file or an XLSX workbook: the same shown cells as the page,
small counts already "< 5"."""

import csv
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def as_csv(tables) -> str:
    """Every table under its title, separated by an empty line; ';' as Danish Excel reads."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for table in tables:
        writer.writerow([str(table.title)])
        if table.note:
            writer.writerow([str(table.note)])
        writer.writerows(table.grid())
        writer.writerow([])
    return out.getvalue()


def as_xlsx(tables) -> bytes:
    """One sheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        name = _sheet_name(str(table.title), used)
        sheet = workbook.create_sheet(name)
        sheet.append([str(table.title)])
        if table.note:
            sheet.append([str(table.note)])
        for line in table.grid():
            sheet.append(line)
        for index in range(1, len(table.columns) + 2):
            sheet.column_dimensions[get_column_letter(index)].width = 22
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook.
    name = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Tabel"
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name[:26]} {n}", n + 1
    used.add(candidate)
    return candidate
