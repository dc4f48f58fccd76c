"""CSV for the spreadsheet on the accountant's desk.

Excel opens a CSV file with the separators of the reader's regional settings: in Sweden and Finland the
decimal separator is a comma and the list separator a semicolon. A file that follows the tenant's country
therefore opens in columns, with amounts as numbers, on a double click: ``;`` between fields and ``1234,50``
when the formatting locale writes a decimal comma (sv_SE, fi_FI, sv_FI, en_SE, en_FI), ``,`` and ``1234.50``
otherwise. Amounts have no thousands separator (a grouped "1 234,50" is read as text by some programs, and
nothing is lost without it). Dates and instants are ISO 8601, which Excel reads as dates in every locale.
UTF-8 with a byte-order mark, the only way Excel recognises UTF-8 in a CSV; rows end in CRLF (RFC 4180).
Programs that want the wire format ("1234.50") use the API, or the XLSX file, whose numbers carry no
separators at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from babel import numbers as babel_numbers

from service.exports.cells import (
    Column,
    amount_of,
    day_of,
    header_of,
    integer_of,
    is_formula_like,
    local_instant,
    rate_of,
)
from service.i18n import formatting_locale

# The digits of an exported amount: two decimals, no grouping; a rate keeps its precision.
_AMOUNT_DIGITS = "0.00"
_RATE_DIGITS = "0.00######"


def csv_separators(locale: str | None = None) -> tuple[str, str]:
    """(field separator, decimal separator) as Excel uses them in the locale's country."""
    decimal = babel_numbers.get_decimal_symbol(locale or formatting_locale())
    return (";", decimal) if decimal == "," else (",", decimal)


def table_csv(columns: list[Column], rows: Iterable[Mapping[str, Any]], *, locale: str | None = None) -> bytes:
    locale = locale or formatting_locale()
    delimiter, _ = csv_separators(locale)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_text(header_of(column)) for column in columns])
    for row in rows:
        writer.writerow([_field(column, row.get(column.key), locale) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _field(column: Column, value, locale: str) -> str:
    if value is None:
        return ""
    if column.kind == "text":
        return _text(str(value))
    if column.kind == "amount":
        return babel_numbers.format_decimal(amount_of(value), format=_AMOUNT_DIGITS, locale=locale)
    if column.kind == "rate":
        return babel_numbers.format_decimal(rate_of(value), format=_RATE_DIGITS, locale=locale)
    if column.kind == "integer":
        return str(integer_of(value))
    if column.kind == "date":
        return day_of(value).isoformat()
    return local_instant(value).isoformat(sep=" ", timespec="seconds")


def _text(text: str) -> str:
    """Text a spreadsheet could run as a formula starts with a single quote, which makes it text (OWASP)."""
    return "'" + text if is_formula_like(text) else text
