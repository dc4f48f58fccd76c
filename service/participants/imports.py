"""Reading an import file of participants: CSV (``;`` or ``,``, UTF-8 with or without a BOM) or XLSX (the first
sheet, read-only), one participant a row, under a header row naming the columns in Swedish, Finnish or English.

Every row is checked before anything is written (service.participants.tasks): a refused file reports each
problem by line, column and reason (a code with its parameters, translated for whoever reads the report by
service.participants.messages); a problem of the file as a whole (not UTF-8, not a spreadsheet, a column
missing, more than :data:`MAX_ROWS` rows) is one file-level error. A cell that a spreadsheet would run as a
formula (``=cmd|...``) is a reason to refuse the row, never run; the value typed is never repeated in a report
(it could be a personal identity number)."""

from __future__ import annotations

import csv
import hmac
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from hashlib import sha256

from service.exports.cells import FORMULA_TRIGGERS, is_formula_like
from service.participants import rules
from service.participants.identity_numbers import contains_identity_number

MAX_ROWS = 1_000_000  # data rows of one file; more is refused before any work
MAX_ERRORS = 1000  # problems kept in a report; the rest are counted
COLUMNS = ("first_name", "last_name", "date_of_birth", "sex", "first_participation", "indicators")
# The header names each column accepts (compared case-insensitively, spaces, hyphens and underscores alike).
HEADERS = {
    "first_name": ("first_name", "first name", "förnamn", "etunimi"),
    "last_name": ("last_name", "last name", "surname", "efternamn", "sukunimi"),
    "date_of_birth": ("date_of_birth", "date of birth", "födelsedatum", "född", "syntymäaika", "syntymäpäivä"),
    "sex": ("sex", "gender", "kön", "sukupuoli"),
    "first_participation": (
        "first_participation",
        "first participation",
        "första deltagande",
        "första deltagandet",
        "ensimmäinen osallistuminen",
        "osallistuminen alkoi",
    ),
    "indicators": ("indicators", "indicator", "indikatorer", "indikator", "indikaattorit", "indikaattori"),
}
# Sex as typed in the three languages (case-insensitive).
SEX_WORDS = {
    "woman": ("woman", "female", "f", "w", "kvinna", "k", "nainen", "n"),
    "man": ("man", "male", "m", "mies"),
    "non_binary": (
        "non_binary",
        "non-binary",
        "nonbinary",
        "icke-binär",
        "icke binär",
        "ickebinär",
        "muunsukupuolinen",
        "x",
    ),
}
_SEX = {word: sex for sex, words in SEX_WORDS.items() for word in words}
_SEPARATORS = re.compile(r"[\s,;]+")
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
XLSX_MAGIC = b"PK\x03\x04"


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text or "").strip().casefold())


_HEADER_COLUMN = {_header_key(name): column for column, names in HEADERS.items() for name in names}


class FileProblem(Exception):
    """The file as a whole cannot be read: ``code`` (service.participants.messages) and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_error(self) -> dict:
        return {"line": None, "column": None, "code": self.code, "params": self.params}


@dataclass
class Person:
    """A valid row, hashed: what the register keeps of it."""

    key: str
    sex: str
    band: str
    first_participation: date
    codes: set[str]


@dataclass
class Outcome:
    people: dict[str, Person] = field(default_factory=dict)  # by person key: the file's people, merged
    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    more_errors: int = 0  # beyond MAX_ERRORS

    def refuse(self, line: int, column: str | None, code: str, **params) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, "column": column, "code": code, "params": params})
        else:
            self.more_errors += 1


# -- The file's rows ------------------------------------------------------------------------------------------


def _text(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem("encoding") from error
    if "\x00" in text:
        raise FileProblem("encoding")
    return text


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _text(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        raise FileProblem("unreadable") from error


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook(content: bytes):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileProblem("unreadable") from error


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    workbook = _workbook(content)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(value) for value in values]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileProblem("unreadable") from error
    finally:
        workbook.close()


def file_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of every non-empty row, the header first."""
    rows = _xlsx_rows(content) if content.startswith(XLSX_MAGIC) else _csv_rows(content)
    for line, cells in rows:
        if "".join(cells).strip():
            yield line, cells


def count_rows(content: bytes, limit: int = MAX_ROWS) -> int:
    """The file's data rows, counted up to ``limit + 1`` (enough to refuse it): cheap, nothing is checked."""
    if not content.startswith(XLSX_MAGIC) and content.count(b"\n") <= limit:
        return 0 if not content.strip() else min(content.count(b"\n") + 1, limit)  # at most this many
    if content.startswith(XLSX_MAGIC):
        workbook = _workbook(content)
        try:
            sheet = workbook.worksheets[0]
            if sheet.max_row is not None and sheet.max_row - 1 <= limit:
                return max(sheet.max_row - 1, 0)  # the sheet's declared size
        finally:
            workbook.close()
    count = -1  # the header is not a data row
    for _row in file_rows(content):
        count += 1
        if count > limit:
            break
    return max(count, 0)


def header_columns(cells: list[str]) -> dict[str, int]:
    """Each column's index from the header row; a missing column is a FileProblem."""
    found: dict[str, int] = {}
    for index, name in enumerate(cells):
        column = _HEADER_COLUMN.get(_header_key(name))
        if column and column not in found:
            found[column] = index
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise FileProblem("missing_columns", columns=missing)
    return found


# -- The rows' values -----------------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """2025-03-01 (ISO 8601) or 1.3.2025 (as typed in Finland and Sweden): None if neither."""
    text = text.strip()
    try:
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)
        match = _FINNISH_DATE.match(text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Context:
    """What every row is checked against: the project and the day."""

    key: bytes  # the tenant's HMAC key (service.participants.keys)
    allowed: frozenset[str]  # the project's participant indicators
    parents: dict[str, str | None]
    start: date
    end: date
    today: date


def read(content: bytes, context: Context, progress: Callable[[int], None] | None = None, every: int = 5000):
    """Check every row of the file; returns an :class:`Outcome` (people when no row is refused)."""
    outcome = Outcome()
    rows = file_rows(content)
    header = next(rows, None)
    if header is None:
        raise FileProblem("empty")
    columns = header_columns(header[1])
    index = [columns[name] for name in COLUMNS]
    width = max(index) + 1
    check = _Checker(context, outcome)
    people = outcome.people
    count = 0
    for line, cells in rows:
        count += 1
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        person = check.row(line, [cells[i].strip() for i in index])
        if person is not None and not outcome.errors:
            _merge(people, person)
        if progress and count % every == 0:
            progress(count)
    outcome.rows = count
    if not count:
        raise FileProblem("empty")
    return outcome


_DIGIT = re.compile(r"[0-9]")
# A cell (after the separator NUL) starting as service.exports.cells.FORMULA_TRIGGERS says a formula starts.
_FORMULA = re.compile("\x00[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


class _Checker:
    """One row's checks, fast enough for a million rows: what repeats in a file (first names, dates, the
    indicator lists) is checked once and remembered; the keyed hash starts from the key's prepared state."""

    def __init__(self, context: Context, outcome: Outcome):
        self.context = context
        self.outcome = outcome
        self.names: dict[str, tuple[str, str | None]] = {}
        self.dates: dict[str, date | None] = {}
        self.codes: dict[str, frozenset[str] | None] = {}
        self.hmac = hmac.new(context.key, digestmod=sha256)
        self.allowed = ", ".join(sorted(context.allowed))

    def name(self, text: str) -> tuple[str, str | None]:
        """(the normalised name, the problem's code or None)."""
        known = self.names.get(text)
        if known is None:
            if _DIGIT.search(text) and contains_identity_number(text):
                known = ("", "identity_number")
            elif text.isascii() and text.isalpha():
                known = (text.lower(), None)  # what rules.normalise_name gives for one word of ASCII letters
            else:
                normalised = rules.normalise_name(text)
                known = (normalised, None if normalised else "name")
            self.names[text] = known
        return known

    def day(self, text: str) -> date | None:
        try:
            return self.dates[text]
        except KeyError:
            day = self.dates[text] = parse_date(text)
            return day

    def indicators(self, text: str) -> frozenset[str] | None:
        try:
            return self.codes[text]
        except KeyError:
            codes = [code for code in _SEPARATORS.split(text) if code]
            valid = bool(codes) and all(code in self.context.allowed for code in codes)
            closed = self.codes[text] = frozenset(rules.with_parents(codes, self.context.parents)) if valid else None
            return closed

    def row(self, line: int, values: list[str]) -> Person | None:
        first, last, born_text, sex_text, started_text, codes_text = values
        if not all(values) or _FORMULA.search("\x00" + "\x00".join(values)):
            for column, value in zip(COLUMNS, values, strict=True):
                if not value:
                    self.outcome.refuse(line, column, "required")
                elif is_formula_like(value):
                    self.outcome.refuse(line, column, "formula")
            return None
        refused = False
        first_name, problem = self.name(first)
        if problem:
            self.outcome.refuse(line, "first_name", problem)
            refused = True
        last_name, problem = self.name(last)
        if problem:
            self.outcome.refuse(line, "last_name", problem)
            refused = True
        born, started = self.day(born_text), self.day(started_text)
        if born is None:
            self.outcome.refuse(line, "date_of_birth", "date")
            refused = True
        if started is None:
            self.outcome.refuse(line, "first_participation", "date")
            refused = True
        context = self.context
        if born is not None and started is not None:
            for name, reason in rules.date_problems(born, started, context.today).items():
                self.outcome.refuse(line, "date_of_birth" if name == "born" else "first_participation", reason)
                refused = True
            if not context.start <= started <= context.end and started <= context.today:
                self.outcome.refuse(line, "first_participation", "outside_period")
                refused = True
        sex = _SEX.get(sex_text.casefold())
        if sex is None:
            self.outcome.refuse(line, "sex", "sex")
            refused = True
        codes = self.indicators(codes_text)
        if codes is None:
            self.outcome.refuse(line, "indicators", "indicator", allowed=self.allowed)
            refused = True
        if refused:
            return None
        # rules.person_key, from the prepared key: the same hash as a participant registered one by one.
        digest = self.hmac.copy()
        digest.update(f"{first_name}\x1f{last_name}\x1f{born.isoformat()}".encode())
        return Person(digest.hexdigest(), sex, rules.age_band(born, started), started, set(codes))


def _merge(people: dict[str, Person], person: Person) -> None:
    """The same person twice in a file is one participant: registered at the earliest first participation
    (its sex and age band), counted toward every indicator of both rows."""
    known = people.get(person.key)
    if known is None:
        people[person.key] = person
        return
    codes = known.codes | person.codes
    if person.first_participation < known.first_participation:
        person.codes = codes
        people[person.key] = person
    else:
        known.codes = codes
