"""Workbooks (XLSX) with openpyxl in write-only mode: rows stream to the file, so a long list costs no more
memory than a short one. Each sheet has the title in A1 (where a screen reader starts), the headers in row 2
(bold, frozen, with a filter) and one row per record; a sheet with a header block has it under the title, then
an empty row, then the headers. Values keep their types: amounts and rates are numbers with a two-decimal format,
dates and instants are dates, text is always a string, never a formula.

A workbook given the instant it was ``created`` is the same bytes each time it is written from the same sheets
(service.exports.reproducible: that instant, never the clock, is its documented time and every zip entry's), so
a frozen version's file downloads identical forever."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from service.exports import reproducible
from service.exports.cells import (
    Column,
    Sheet,
    amount_of,
    day_of,
    header_of,
    integer_of,
    is_formula_like,
    local_instant,
    rate_of,
)
from service.money.display import AMOUNT_PATTERN

# Excel's number formats: Excel shows them with the reader's own separators ("1 234,50" in Sweden).
FORMATS = {
    "amount": AMOUNT_PATTERN,
    "rate": "0.00%",
    "date": "yyyy-mm-dd",  # ISO 8601, the Swedish standard date (SS-ISO 8601) and unambiguous in Finland
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "integer": "0",
}
WIDTHS = {"amount": 16, "rate": 10, "date": 12, "datetime": 20, "integer": 10, "text": 30}
# A sheet's name (Excel): at most 31 characters, none of []:*?/\ and no apostrophe at either end.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def table_xlsx(title, columns: list[Column], rows: Iterable[Mapping[str, Any]], *, sheet_name=None) -> bytes:
    """One table as a workbook of one sheet."""
    return workbook_xlsx([Sheet(title=title, columns=columns, rows=rows, name=sheet_name or title)])


def workbook_xlsx(sheets: list[Sheet], *, title=None, created: datetime | None = None) -> bytes:
    """Several tables, one sheet each, in one workbook. ``title`` is the workbook's (its document properties);
    by default the first sheet's. With ``created`` (an instant, naive is UTC) the bytes are reproducible."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(title if title is not None else sheets[0].title) if sheets else None
    workbook.properties.creator = "AMIF Hub"
    taken: set[str] = set()
    buffer = io.BytesIO()
    try:
        for number, sheet in enumerate(sheets, start=1):
            name = sheet_name(sheet.name if sheet.name is not None else sheet.title, taken, number)
            taken.add(name.casefold())
            _write_sheet(workbook.create_sheet(name), sheet)
        if not sheets:
            workbook.create_sheet("Sheet1")
        if created is None:
            workbook.save(buffer)
        else:
            reproducible.save(workbook, buffer, when=created)
    except BaseException:
        _discard(workbook)
        raise
    return buffer.getvalue()


def _discard(workbook: Workbook) -> None:
    """A workbook abandoned half-written (a value of the wrong type): close its sheets now and remove their
    temporary files, instead of leaving it to the garbage collector, which writes to files already closed."""
    for worksheet in workbook.worksheets:
        if not worksheet.closed:
            worksheet.close()
        writer = worksheet._writer  # openpyxl keeps each write-only sheet in a temporary file until saved
        if writer is not None and os.path.exists(writer.out):
            writer.cleanup()


def sheet_name(wanted, taken: set[str], number: int) -> str:
    """A name Excel accepts, unique in the workbook (case-insensitively, as Excel compares them)."""
    name = SHEET_NAME_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", str(wanted or ""))).strip().strip("'").strip()
    name = name[:SHEET_NAME_LENGTH].strip() or f"Sheet{number}"
    candidate, copy = name, 1
    while candidate.casefold() in taken:
        copy += 1
        suffix = f" ({copy})"
        candidate = name[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
    return candidate


def _write_sheet(worksheet, sheet: Sheet) -> None:
    columns = sheet.columns
    for index, column in enumerate(columns, start=1):
        width = max(WIDTHS[column.kind], len(header_of(column)) + 2)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    headers_row = 2 + (len(sheet.header_block) + 1 if sheet.header_block else 0)
    worksheet.freeze_panes = f"A{headers_row + 1}"  # the title, the header block and the headers stay in view
    worksheet.append([_text_cell(worksheet, sheet.title, TITLE)])
    for label, value in sheet.header_block:
        worksheet.append(
            [_text_cell(worksheet, label, BOLD)] + ([] if value is None else [_text_cell(worksheet, value)])
        )
    if sheet.header_block:
        worksheet.append([])
    worksheet.append([_text_cell(worksheet, header_of(column), BOLD) for column in columns])
    last_row = headers_row
    for row in sheet.rows:
        worksheet.append([_cell(worksheet, column, row.get(column.key)) for column in columns])
        last_row += 1
    if columns:
        worksheet.auto_filter.ref = f"A{headers_row}:{get_column_letter(len(columns))}{last_row}"


def _cell(worksheet, column: Column, value):
    if value is None:
        return None
    if column.kind == "text":
        return _text_cell(worksheet, value)
    if column.kind == "amount":
        value = amount_of(value)
    elif column.kind == "rate":
        value = rate_of(value) / 100  # Excel's percent format multiplies by 100
    elif column.kind == "integer":
        value = integer_of(value)
    elif column.kind == "date":
        value = day_of(value)
    else:
        value = local_instant(value)
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = FORMATS[column.kind]
    return cell


def _text_cell(worksheet, value, font: Font | None = None):
    """Text is stored as a string whatever it starts with: openpyxl would store "=..." as a formula and
    "#N/A" as an error. Text a spreadsheet could read as a formula also gets Excel's quote prefix, so it stays
    text when someone edits the cell."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters XML 1.0 cannot hold
    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


text_cell = _text_cell  # for writers that stream their own sheets (service.consolidated.writers)
