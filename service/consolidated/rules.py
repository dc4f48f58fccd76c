"""The shape of the consolidated export (pure): its columns, one row per figure ("tidy": a tenant, where the
figure comes from, what it measures, its value), and the JSON Schema each row is checked against before it is
written. Every amount is in euro (CPR Art. 87: converted at the Commission's rate of the month each figure was
recorded), with the rates and months it was converted at, the national amount and the months whose rate is
missing (an amount whose rate is missing is never converted at 1: it is in the national value, not the euro)."""

from __future__ import annotations

import re
from datetime import date

# (key in the JSON file, header in the CSV file and the workbook)
COLUMNS = (
    ("country", "Country"),
    ("tenant", "Tenant"),
    ("programme_code", "Programme_Code"),
    ("source", "Source"),  # "transmission": the latest frozen CPR Art. 42 transmission; "portfolio": as of the day
    ("version", "Version"),  # the transmission's SFC2021 version (YYYYMM) and correction; empty for the portfolio
    ("as_of", "As_Of"),  # the day the figures are cumulative to
    ("table", "Table"),
    ("specific_objective", "Specific_Objective"),
    ("type_of_intervention", "Type_Of_Intervention"),
    ("indicator_code", "Indicator_Code"),
    ("measure", "Measure"),
    ("value", "Value"),
    ("unit", "Unit"),  # EUR for an amount, "number" for a count of operations, the indicator's unit otherwise
    ("national_currency", "National_Currency"),
    ("national_value", "National_Value"),  # the amount in the tenant's currency (the portfolio's amounts)
    ("exchange_rates", "Exchange_Rates"),  # "YYYY-MM=rate" (units of the national currency per EUR), ";"-joined
    ("missing_rates", "Missing_Rates"),  # "CUR YYYY-MM" of each month without a rate, ";"-joined
)
KEYS = tuple(key for key, _header in COLUMNS)
HEADERS = tuple(header for _key, header in COLUMNS)

SOURCES = ("transmission", "portfolio")
TABLES = {
    "transmission": ("1", "2-3"),  # Annex VII: Table 1, Tables 2–3
    "portfolio": ("intervention", "objective", "indicator"),
}
AMOUNT_MEASURES = ("eligible_cost", "fund_contribution", "declared_expenditure", "paid", "budget")
COUNT_MEASURES = ("operations", "milestone_2024", "target_2029", "planned", "achieved")

AMOUNT = r"^-?\d{1,15}\.\d{2}$"
ROW_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://amif-hub.eu/schemas/consolidated-export-row.json",
    "title": "A figure of the Commission's consolidated AMIF export",
    "type": "object",
    "additionalProperties": False,
    "required": list(KEYS),
    "properties": {
        "country": {"type": "string", "pattern": r"^[A-Z]{2}$"},
        "tenant": {"type": "string", "minLength": 1, "maxLength": 8},
        "programme_code": {"type": "string"},
        "source": {"enum": list(SOURCES)},
        "version": {"type": "string", "pattern": r"^(\d{6}( \(\d+\))?)?$"},  # "202610", "202610 (2)"
        "as_of": {"type": "string", "format": "date"},
        "table": {"enum": sorted({t for tables in TABLES.values() for t in tables})},
        "specific_objective": {"type": "string", "maxLength": 16},
        "type_of_intervention": {"type": "string", "pattern": r"^(\d{3})?$"},
        "indicator_code": {"type": "string", "maxLength": 16},
        "measure": {"enum": list(AMOUNT_MEASURES + COUNT_MEASURES)},
        "value": {"oneOf": [{"type": "string", "pattern": AMOUNT}, {"type": "integer"}]},
        "unit": {"type": "string", "minLength": 1},
        "national_currency": {"type": "string", "pattern": r"^[A-Z]{3}$"},
        "national_value": {"oneOf": [{"type": "string", "pattern": AMOUNT}, {"const": ""}]},
        "exchange_rates": {"type": "string"},
        "missing_rates": {"type": "string"},
    },
}


class RowRefused(ValueError):
    """A row that does not fit the schema: a programming error, never written."""


def _checker(spec: dict):
    """A test of one property, compiled from its part of :data:`ROW_SCHEMA` (the flat keywords it uses: type
    string or integer, pattern, minLength, maxLength, format date, enum, const, oneOf). Thousands of rows are
    checked per export; jsonschema's general validator would cost more than reading the tenant's figures. Any
    other keyword is refused here, so the schema cannot say what the check does not do."""
    known = {"type", "pattern", "minLength", "maxLength", "format", "enum", "const", "oneOf"}
    if set(spec) - known:
        raise ValueError(f"the row check cannot test {sorted(set(spec) - known)}")
    if "oneOf" in spec:
        options = [_checker(option) for option in spec["oneOf"]]
        return lambda value: sum(1 for option in options if option(value)) == 1
    if "enum" in spec:
        allowed = set(spec["enum"])
        return lambda value: isinstance(value, str) and value in allowed
    if "const" in spec:
        return lambda value: value == spec["const"] and type(value) is type(spec["const"])
    if spec.get("type") == "integer":
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    pattern = re.compile(spec["pattern"]) if "pattern" in spec else None
    shortest, longest = spec.get("minLength", 0), spec.get("maxLength")
    is_date = spec.get("format") == "date"

    def check(value) -> bool:
        if not isinstance(value, str) or len(value) < shortest or (longest is not None and len(value) > longest):
            return False
        if pattern is not None and not pattern.search(value):
            return False
        return not is_date or _is_date(value)

    return check


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_CHECKS = {key: _checker(spec) for key, spec in ROW_SCHEMA["properties"].items()}
if set(ROW_SCHEMA["required"]) != set(_CHECKS) or ROW_SCHEMA["additionalProperties"] is not False:
    raise ValueError("every column of a row is required, and no other")


def check(row: dict) -> dict:
    """The row, if it fits :data:`ROW_SCHEMA` (exactly its keys, each value as declared); else RowRefused."""
    if row.keys() != _CHECKS.keys():
        raise RowRefused(f"keys {sorted(row)} differ from the declared {sorted(_CHECKS)}")
    wrong = [key for key, test in _CHECKS.items() if not test(row[key])]
    if wrong:
        raise RowRefused("; ".join(f"{key}: {row[key]!r}" for key in wrong))
    return row


def rates_text(rates) -> str:
    """``[(month date, Decimal rate)]`` as "2026-03=11.20000000;2026-04=11.25000000", oldest first."""
    return ";".join(f"{month:%Y-%m}={format(rate, 'f')}" for month, rate in sorted(set(rates)))


def missing_text(missing) -> str:
    """``[(currency, month date)]`` as "SEK 2026-05;SEK 2026-06", oldest first."""
    return ";".join(f"{currency} {month:%Y-%m}" for currency, month in sorted(set(missing), key=lambda m: (m[1], m[0])))


def file_name(as_of) -> str:
    """The files' name without its extension."""
    return f"amif-consolidated-{as_of.isoformat()}"
