"""What a table is (columns and rows) and the rules every cell follows, whichever file it goes to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from service.money import Money
from service.tenancy.current import current_tenant_or_none

KINDS = frozenset({"text", "amount", "rate", "date", "datetime", "integer"})

# A spreadsheet reads a cell starting with one of these as a formula (or, for TAB and CR, lets the next
# character start one); the fullwidth forms are read as their ASCII twins by some spreadsheets. OWASP, "CSV
# Injection": https://owasp.org/www-community/attacks/CSV_Injection. LF is added for the same reason as CR.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass(frozen=True)
class Column:
    """A column of an exported table. ``header`` is a lazy-translated string, rendered in the reader's language
    when the file is written. ``kind`` is one of :data:`KINDS`; a rate is a percentage (``Decimal("75")``
    is 75 %), as :func:`service.money.display.format_rate` takes it."""

    key: str
    header: Any
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}: one of {sorted(KINDS)}")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a title written above the table, the columns, the rows, the sheet's name, and a
    header block between the title and the table: (label, value) pairs, one a row, as the Commission's forms
    open with the programme's code, title and version (a value of None leaves the label alone on its row)."""

    title: Any
    columns: list[Column]
    rows: Iterable[Mapping[str, Any]]
    name: Any = None
    header_block: tuple[tuple[Any, Any], ...] = ()


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def amount_of(value) -> Decimal:
    """Amounts are Decimal or Money, never float: a float has already lost the cents."""
    amount = value.amount if isinstance(value, Money) else value
    if not isinstance(amount, Decimal):
        raise TypeError(f"an exported amount is Decimal or Money, not {type(value).__name__}")
    return amount


def rate_of(value) -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"an exported rate is Decimal, not {type(value).__name__}")
    return value


def integer_of(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"an exported integer is int, not {type(value).__name__}")
    return value


def day_of(value) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"an exported date is a date, not {type(value).__name__}")
    return value


def local_instant(value) -> datetime:
    """An instant stored in UTC (naive values are UTC, as :func:`service.i18n.format_instant` reads them), as
    the wall-clock time in the tenant's time zone, without a zone: spreadsheets have no time zones."""
    if not isinstance(value, datetime):
        raise TypeError(f"an exported instant is a datetime, not {type(value).__name__}")
    tenant = current_tenant_or_none()
    zone = tenant.zone if tenant is not None else UTC
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(zone).replace(tzinfo=None, microsecond=0)


def header_of(column: Column) -> str:
    return str(column.header)
