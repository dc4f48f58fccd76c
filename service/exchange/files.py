"""Reading the Commission's published rates: every row checked, every problem named by its line.

The formats InforEuro serves (https://ec.europa.eu/budg/inforeuro/api/public/, the service behind the
"exchange rate (InforEuro)" page of commission.europa.eu):

* a month's rates, ``monthly-rates?year=YYYY&month=M``: a JSON list of
  ``{"country", "currency", "isoA3Code", "isoA2Code", "value", "comment"}``, one entry per country, so
  a currency used in several countries appears several times with one value. The file does not say
  which month it is for: the person loading it does.
* one currency's history, ``currencies/<code>``: a JSON list of
  ``{"currencyIso", "refCurrencyIso": "EUR", "amount", "dateStart": "dd/MM/yyyy", "dateEnd"}``.
* the same rows saved as CSV (comma, semicolon or tab), with a header naming the code column
  (``isoA3Code``, ``ISO code``, ``currencyIso``, ``code``…), the rate column (``value``, ``amount`` or
  ``rate``) and, optionally, the month (``month`` or ``dateStart``).

Nothing is loaded from a file with a problem: the caller gets every problem at once.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from service.exchange.rules import (
    EURO,
    InvalidMonth,
    InvalidRate,
    first_of_month,
    is_currency,
    month_text,
    parse_rate,
)

MAX_BYTES = 2 * 1024 * 1024  # a month of InforEuro is about 30 kB, a currency's history since 1994 about 40 kB
MAX_ROWS = 20_000
MAX_PROBLEMS = 20  # enough to fix a file; the rest are counted

CODE_COLUMNS = ("isoa3code", "isocode", "iso", "iso4217", "currencyiso", "currencycode", "code")
RATE_COLUMNS = ("value", "amount", "rate")
MONTH_COLUMNS = ("month", "datestart", "period")


@dataclass(frozen=True)
class RateRow:
    """A rate read from a file: ``line`` is the file's line (CSV) or the entry's position (JSON), from 1."""

    line: int
    currency: str
    month: date
    rate: Decimal
    unverified: bool = False
    correction_reason: str = ""
    source: str = ""


@dataclass(frozen=True)
class Problem:
    line: int | None  # None: the file as a whole
    message: str  # in the person's language
    text: str = ""  # the message with its line, translated when the problem is found (not when shown)

    def __post_init__(self):
        if not self.text:
            text = self.message
            if self.line is not None:
                text = _("Line %(line)s: %(message)s", line=self.line, message=self.message)
            object.__setattr__(self, "text", text)

    def __str__(self) -> str:
        return self.text


class RatesRefused(Exception):
    """Rates that cannot be loaded; nothing was changed. ``problems`` says what and where."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:MAX_PROBLEMS]))
        self.problems = problems

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden:
            shown.append(_("… and %(count)s more problems.", count=hidden))
        return shown


def read_rates(data: bytes, *, month: date | None = None, source: str = "") -> list[RateRow]:
    """The rates in a file the Commission publishes (JSON or CSV), or :class:`RatesRefused`.

    ``month`` is the month of a monthly-rates file, which does not name it; with a history file it
    keeps that month only."""
    if len(data) > MAX_BYTES:
        raise RatesRefused([Problem(None, _("The file is larger than %(size)s MB.", size=MAX_BYTES // (1024 * 1024)))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RatesRefused([_file_problem("encoding")]) from None
    stripped = text.lstrip()
    if not stripped:
        raise RatesRefused([_file_problem("empty")])
    if stripped[0] in "[{":
        reader = _Reader(month, source)
        reader.json(stripped)
    elif stripped[0] == "<" or data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise RatesRefused([_file_problem("format")])
    else:
        reader = _Reader(month, source)
        reader.csv(text)
    return reader.result()


def _file_problem(kind: str) -> Problem:
    messages = {
        "encoding": lambda: _("The file is not UTF-8 text. Save it as UTF-8 CSV or download the JSON file again."),
        "empty": lambda: _("The file is empty."),
        "format": lambda: _(
            "This kind of file cannot be read. Load the Commission's rates as JSON or CSV (spreadsheets: save as CSV)."
        ),
        "json": lambda: _("The file is not valid JSON."),
        "shape": lambda: _("The file is not a list of exchange rates."),
        "no_rows": lambda: _("The file holds no exchange rates."),
        "too_many": lambda: _("The file has more than %(count)s rows.", count=MAX_ROWS),
        "month_needed": lambda: _(
            "The file does not say which month its rates are for: give the month (YYYY-MM) with it."
        ),
        "month_absent": lambda: _("The file holds no rate for the month given."),
    }
    return Problem(None, messages[kind]())


def _rate_message(reason: str, raw) -> str:
    shown = str(raw)[:40]
    if reason == "not_positive":
        return _("the rate %(rate)s must be more than zero.", rate=shown)
    if reason == "precision":
        return _("the rate %(rate)s has more than 8 decimals.", rate=shown)
    if reason == "too_large":
        return _("the rate %(rate)s is too large.", rate=shown)
    return _("the rate “%(rate)s” is not a number. Write it like 11.4915.", rate=shown)


def _normalise(name: str) -> str:
    return "".join(c for c in name.strip().lower() if c.isalnum())


def _history_month(raw) -> date:
    """InforEuro's history dates are "dd/MM/yyyy"; ISO dates and "YYYY-MM" are accepted too."""
    text = str(raw).strip()
    if len(text) == 10 and text[2] == "/" and text[5] == "/":
        try:
            return datetime.strptime(text, "%d/%m/%Y").date().replace(day=1)
        except ValueError as error:
            raise InvalidMonth(raw) from error
    return first_of_month(text)


class _Reader:
    def __init__(self, month: date | None, source: str):
        self.month = month
        self.source = source
        self.problems: list[Problem] = []
        self.rows: dict[tuple[str, date], RateRow] = {}
        self.count = 0

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(line, message))

    # --- formats ----------------------------------------------------------------------------------

    def json(self, text: str) -> None:
        try:
            # Numbers as Decimal, never float; NaN and Infinity stay text and are refused as rates.
            entries = json.loads(text, parse_float=Decimal, parse_constant=str)
        except (ValueError, RecursionError):
            raise RatesRefused([_file_problem("json")]) from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise RatesRefused([_file_problem("shape")])
        self._count_rows(len(entries))
        for position, entry in enumerate(entries, start=1):
            if "isoA3Code" in entry:
                self.add(position, entry.get("isoA3Code"), entry.get("value"), None)
            elif "currencyIso" in entry:
                reference = entry.get("refCurrencyIso", EURO)
                if reference != EURO:
                    self.problem(
                        position,
                        _("the rate is not against the euro (refCurrencyIso %(code)s).", code=str(reference)[:8]),
                    )
                    continue
                self.add(position, entry.get("currencyIso"), entry.get("amount"), entry.get("dateStart"))
            else:
                self.problem(position, _("neither isoA3Code nor currencyIso: not an InforEuro rate."))

    def csv(self, text: str) -> None:
        lines = text.splitlines()
        header_line = lines[0]
        delimiter = max((";", "\t", ","), key=header_line.count)
        records = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            header = [_normalise(name) for name in next(records)]
        except (csv.Error, StopIteration):
            raise RatesRefused([_file_problem("format")]) from None
        columns = {}
        for role, names in (("code", CODE_COLUMNS), ("rate", RATE_COLUMNS), ("month", MONTH_COLUMNS)):
            columns[role] = next((header.index(n) for n in names if n in header), None)
        missing = []
        if columns["code"] is None:
            missing.append(_("no column for the currency code; name it isoA3Code, ISO code or currencyIso."))
        if columns["rate"] is None:
            missing.append(_("no column for the rate; name it value, amount or rate."))
        if missing:
            raise RatesRefused([Problem(1, message) for message in missing])
        self._count_rows(len(lines) - 1)
        try:
            for cells in records:
                line = records.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                width = max(i for i in columns.values() if i is not None) + 1
                if len(cells) < width:
                    self.problem(
                        line,
                        _("the line has %(found)s columns, %(expected)s are needed.", found=len(cells), expected=width),
                    )
                    continue
                month = cells[columns["month"]] if columns["month"] is not None else None
                self.add(line, cells[columns["code"]], cells[columns["rate"]], month)
        except csv.Error:
            self.problem(records.line_num, _("the line is not valid CSV."))

    # --- one rate ---------------------------------------------------------------------------------

    def _count_rows(self, count: int) -> None:
        if count > MAX_ROWS:
            raise RatesRefused([_file_problem("too_many")])

    def add(self, line: int, code, raw_rate, raw_month) -> None:
        currency = code.strip().upper() if isinstance(code, str) else ""
        if not is_currency(currency):
            self.problem(line, _("“%(code)s” is not a currency code (ISO 4217).", code=str(code)[:12]))
            return
        try:
            rate = parse_rate(raw_rate)
        except InvalidRate as error:
            self.problem(line, _rate_message(str(error), raw_rate))
            return
        if raw_month is None or (isinstance(raw_month, str) and not raw_month.strip()):
            month = self.month
            if month is None:
                raise RatesRefused([_file_problem("month_needed")])
        else:
            try:
                month = _history_month(raw_month)
            except InvalidMonth:
                self.problem(line, _("“%(month)s” is not a month.", month=str(raw_month)[:20]))
                return
            if self.month is not None and month != self.month:
                return  # a history file, read for one month
        if currency == EURO:
            if rate != 1:
                self.problem(line, _("the euro's rate to the euro is 1, not %(rate)s.", rate=rate))
            return  # the euro converts at 1 by definition: nothing to store
        key = (currency, month)
        earlier = self.rows.get(key)
        if earlier is None:
            self.rows[key] = RateRow(line, currency, month, rate, source=self.source)
        elif earlier.rate != rate:
            # One currency in several countries has one rate; two different ones is a broken file.
            self.problem(
                line,
                _(
                    "%(currency)s %(month)s has the rate %(rate)s here and %(other)s on line %(other_line)s.",
                    currency=currency,
                    month=month_text(month),
                    rate=rate,
                    other=earlier.rate,
                    other_line=earlier.line,
                ),
            )

    def result(self) -> list[RateRow]:
        if self.problems:
            raise RatesRefused(self.problems)
        if not self.rows:
            raise RatesRefused([_file_problem("month_absent" if self.month else "no_rows")])
        return sorted(self.rows.values(), key=lambda r: (r.month, r.currency))
