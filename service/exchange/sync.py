"""``amif reference sync``: load the rates shipped in ``data/`` (idempotent), as the catalogue does.

Each ``data/*.toml`` file names its ``source`` and holds ``[[rate]]`` rows: ``currency``, ``month``
("YYYY-MM"), ``rate`` (units per 1 EUR), optionally ``unverified = true`` and, for a changed figure of a
month already loaded, ``correction_reason`` (a new version; the old one stays).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from service.exchange.files import Problem, RateRow, RatesRefused
from service.exchange.operations import LoadResult, load_rates
from service.exchange.rules import InvalidMonth, InvalidRate, first_of_month, is_currency, parse_rate

DATA = Path(__file__).resolve().parent / "data"


def sync_exchange_rates(directory: Path = DATA) -> LoadResult:
    """Load every shipped rate; the caller commits. Raises :class:`RatesRefused` (nothing changed)."""
    rows: list[RateRow] = []
    problems: list[Problem] = []
    seen: dict[tuple, str] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        content = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        source = str(content.get("source") or path.name)
        for position, item in enumerate(content.get("rate", []), start=1):
            where = f"{path.name}, rate {position}"
            try:
                if not is_currency(item.get("currency")):
                    raise InvalidRate("not an ISO 4217 currency code")
                row = RateRow(
                    line=position,
                    currency=item["currency"],
                    month=first_of_month(str(item["month"])),
                    rate=parse_rate(item["rate"]),
                    unverified=bool(item.get("unverified", False)),
                    correction_reason=str(item.get("correction_reason", "")),
                    source=str(item.get("source") or source),
                )
            except KeyError as error:
                problems.append(Problem(None, f"{where}: {error.args[0]} is missing"))
                continue
            except InvalidMonth as error:
                problems.append(Problem(None, f"{where}: month {error.args[0]!r} is not YYYY-MM"))
                continue
            except InvalidRate as error:
                problems.append(
                    Problem(None, f"{where}: {error.args[0]} ({item.get('currency')!r}, {item.get('rate')!r})")
                )
                continue
            key = (row.currency, row.month)
            if key in seen:
                problems.append(Problem(None, f"{where}: {row.currency} {row.month:%Y-%m} again (first: {seen[key]})"))
                continue
            seen[key] = where
            rows.append(row)
    if problems:
        raise RatesRefused(problems)
    return load_rates(rows, source=str(directory))
