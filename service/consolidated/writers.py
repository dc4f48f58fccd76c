"""The three files of a consolidated export, written as the tenants are read: each tenant's rows go to the CSV,
the JSON and the workbook at once and are then dropped, so memory holds one tenant's part at a time whatever the
number of tenants (the workbook streams too: openpyxl's write-only sheets).

Same data, same bytes: rows are in the tenants' order (by code) and the portfolio's order, JSON keys are sorted,
nothing carries the clock (the workbook's document time is the export's day, its zip members a fixed time:
service.exports.reproducible)."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from service.consolidated.rules import COLUMNS, HEADERS, KEYS
from service.exports import reproducible
from service.exports.cells import is_formula_like
from service.exports.xlsx import text_cell
from service.money.display import AMOUNT_PATTERN

TITLE = "AMIF consolidated export (CPR Art. 42 transmissions and portfolios, EUR)"
TENANT_HEADERS = (
    "Country",
    "Tenant",
    "Programme_Code",
    "National_Currency",
    "Transmission_Version",
    "Transmission_Cut_Off",
    "Transmission_Frozen_At",
    "Transmission_SHA256",
    "Portfolio_Missing_Rates",
)
BOLD = Font(bold=True)


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class ExportFiles:
    """Open the three files in ``directory``; :meth:`add` one tenant at a time; :meth:`close` gives the paths."""

    def __init__(self, directory: Path, as_of: date):
        self.as_of = as_of
        self.paths = {fmt: directory / f"export.{fmt}" for fmt in ("csv", "json", "xlsx")}
        self._csv_file = open(self.paths["csv"], "w", newline="", encoding="utf-8")  # noqa: SIM115
        self._csv = csv.writer(self._csv_file, lineterminator="\r\n")  # RFC 4180
        self._csv.writerow(HEADERS)
        self._json = open(self.paths["json"], "w", encoding="utf-8")  # noqa: SIM115
        self._json.write(
            "{"
            + f'"as_of":{_json(as_of.isoformat())},"columns":{_json(list(KEYS))},"currency":"EUR",'
            + f'"title":{_json(TITLE)},"tenants":['
        )
        self._first = True
        self._workbook = Workbook(write_only=True)
        self._workbook.properties.title = TITLE
        self._workbook.properties.creator = "AMIF Hub"
        self._figures = self._sheet("Figures", HEADERS)
        self._tenants = self._sheet("Tenants", TENANT_HEADERS)

    def _sheet(self, name: str, headers):
        sheet = self._workbook.create_sheet(name)
        sheet.freeze_panes = "A3"
        sheet.append([text_cell(sheet, f"{TITLE} — {name}, as of {self.as_of.isoformat()}", Font(bold=True, size=14))])
        sheet.append([text_cell(sheet, header, BOLD) for header in headers])
        return sheet

    def add(self, part: dict, rows: list[dict]) -> None:
        for row in rows:
            self._csv.writerow([row[key] for key in KEYS])
            self._figures.append([self._cell(key, row) for key, _header in COLUMNS])
        transmission = part["transmission"] or {}
        self._tenants.append(
            [
                text_cell(self._tenants, value)
                for value in (
                    part["country"],
                    part["tenant"],
                    part["programme_code"],
                    part["national_currency"],
                    transmission.get("version", ""),
                    transmission.get("cut_off", ""),
                    transmission.get("frozen_at", ""),
                    transmission.get("content_sha256", ""),
                    part["missing_rates"],
                )
            ]
        )
        self._json.write(("" if self._first else ",") + "\n" + _json({**part, "rows": rows}))
        self._first = False

    def _cell(self, key: str, row: dict):
        """Amounts and counts as numbers; text as text. Text that a spreadsheet could take for a formula (none of
        the product's codes can, a programme-specific unit might) is stored as text explicitly (text_cell); the
        rest as plain strings, which openpyxl writes as text without a cell object each."""
        value = row[key]
        if key in ("value", "national_value") and value != "":
            if isinstance(value, str):
                cell = WriteOnlyCell(self._figures, value=Decimal(value))
                cell.number_format = AMOUNT_PATTERN
                return cell
            return value
        plain = not (is_formula_like(value) or value[:1] == "#" or ILLEGAL_CHARACTERS_RE.search(value))
        return value if plain else text_cell(self._figures, value)

    def close(self) -> dict[str, Path]:
        self._csv_file.close()
        self._json.write("\n]}\n")
        self._json.close()
        reproducible.save(self._workbook, str(self.paths["xlsx"]), when=datetime.combine(self.as_of, time()))
        return dict(self.paths)

    def abandon(self) -> None:
        """Close what is open after a failure (the directory is removed by the caller)."""
        for handle in (self._csv_file, self._json):
            if not handle.closed:
                handle.close()
        for sheet in self._workbook.worksheets:
            if not sheet.closed:
                sheet.close()
