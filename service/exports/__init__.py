"""Tables leave the system as spreadsheets here, and nowhere else: an XLSX workbook of one or more sheets
(:mod:`.xlsx`), a CSV file (:mod:`.delimited`) and the download response (:mod:`.responses`).

A table is a list of :class:`Column` (a key, a translated header and a kind) and rows (mappings from key to
value). The kind decides how a value is written: amounts stay Decimal numbers with two decimals, instants are
shown in the tenant's time zone, and text that a spreadsheet could run as a formula is neutralised
(:mod:`.cells`, OWASP "CSV injection").
"""

from service.exports.cells import KINDS, Column, Sheet
from service.exports.delimited import table_csv
from service.exports.query import ExportQuerySchema, requested_format
from service.exports.responses import FORMATS, send_table
from service.exports.xlsx import table_xlsx, workbook_xlsx

__all__ = [
    "FORMATS",
    "KINDS",
    "Column",
    "ExportQuerySchema",
    "Sheet",
    "requested_format",
    "send_table",
    "table_csv",
    "table_xlsx",
    "workbook_xlsx",
]
