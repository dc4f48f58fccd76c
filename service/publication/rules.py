"""Pure rules of the public list of operations: its columns, what a row must hold before it is published, when
a new edition is due and when a natural person's name is removed. No database here.

Sources. CPR (Regulation (EU) 2021/1060) Art. 49(3): the managing authority publishes the list of operations
selected for support, in at least one official language of the Union institutions, updated at least every four
months; each operation has a unique code and the list holds the beneficiary's name (a natural person's first name
and surname), the operation's name, its purpose and expected or actual achievements, start and expected or actual
end, total cost, the Fund, the specific objective, the Union co-financing rate, a location indicator and the
country, and the type of intervention; a natural person's data are removed two years after the initial
publication (FACTS.md "List of operations (CPR Art. 49)" [U]: the article text could not be re-read here).
Column names follow the Kohesio 2021–27 list-of-operations names given in issue 14 (Operation_Unique_Identifier,
Operation_Name_English, Operation_Start_Date, Operation_End_Date, Cofinancing_Rate,
Total_Eligible_Expenditure_amount with its _Currency and _Exchange_Rate, Project_EU_Budget, Beneficiary_Name,
Category_Of_Intervention, Fund_Code, Programme_Code); the others are named in the same pattern [U]:
Operation_Name_Programme_Language, Operation_Summary_Programme_Language (the purpose),
Operation_Achievements_Programme_Language, Total_Eligible_Expenditure_Exchange_Rate_Month, Beneficiary_Country,
Operation_Location, Operation_Country, Specific_Objective, First_Publication_Date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from service.money.display import wire

FUND_CODE = "AMIF"
EURO = "EUR"
UPDATE_MONTHS = 4  # Art. 49(3): updated at least every four months
PERSONAL_DATA_YEARS = 2  # removed two years after the initial publication
# Organisation types whose beneficiary is a natural person (Art. 49(3): "first name and surname"). The
# tenants' lists of types (tenants/<code>/organisations.toml) have none today: a type added there for sole
# traders or individuals is named here too, and its names are withheld after two years.
NATURAL_PERSON_TYPES = frozenset({"natural_person"})


@dataclass(frozen=True)
class ListColumn:
    name: str  # the Kohesio column name: the header of the files and the key of the API
    kind: str  # text | date | amount | rate (service.exports kinds)
    required: bool = True


COLUMNS = (
    ListColumn("Operation_Unique_Identifier", "text"),
    ListColumn("Operation_Name_Programme_Language", "text"),
    ListColumn("Operation_Name_English", "text", required=False),  # only when the project was written in English
    ListColumn("Operation_Summary_Programme_Language", "text"),
    ListColumn("Operation_Achievements_Programme_Language", "text", required=False),  # none before a report
    ListColumn("Operation_Start_Date", "date"),
    ListColumn("Operation_End_Date", "date"),
    ListColumn("Total_Eligible_Expenditure_amount", "amount"),
    ListColumn("Total_Eligible_Expenditure_Currency", "text"),
    ListColumn("Total_Eligible_Expenditure_Exchange_Rate", "text", required=False),  # required unless in euro
    ListColumn("Total_Eligible_Expenditure_Exchange_Rate_Month", "text", required=False),
    ListColumn("Project_EU_Budget", "amount"),
    ListColumn("Cofinancing_Rate", "rate"),
    ListColumn("Beneficiary_Name", "text"),
    ListColumn("Beneficiary_Country", "text"),
    ListColumn("Operation_Location", "text"),
    ListColumn("Operation_Country", "text"),
    ListColumn("Category_Of_Intervention", "text"),
    ListColumn("Specific_Objective", "text"),
    ListColumn("Fund_Code", "text"),
    ListColumn("Programme_Code", "text"),
    ListColumn("First_Publication_Date", "date"),
)
NAMES = tuple(column.name for column in COLUMNS)
KIND = {column.name: column.kind for column in COLUMNS}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days: 31 Oct + 4 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_edition_due(last_published_on: date | None) -> date | None:
    """The day a new edition is due: four months after the last one (None: none published yet, due now)."""
    return add_months(last_published_on, UPDATE_MONTHS) if last_published_on else None


def edition_due(last_published_on: date | None, today: date) -> bool:
    due = next_edition_due(last_published_on)
    return due is None or today >= due


def personal_data_until(first_published_on: date) -> date:
    """The day a natural person's name is removed: two years after the operation's first publication."""
    return add_months(first_published_on, 12 * PERSONAL_DATA_YEARS)


def personal_data_expired(first_published_on: date | None, today: date) -> bool:
    return first_published_on is not None and today >= personal_data_until(first_published_on)


def to_json(values: dict) -> dict:
    """A row as stored and sent by the API: amounts and rates as decimal strings, days ISO, text as text."""
    out = {}
    for name in NAMES:
        value = values.get(name)
        kind = KIND[name]
        if value is None or value == "":
            out[name] = None
        elif kind == "date":
            out[name] = value.isoformat()
        elif kind in ("amount", "rate"):
            out[name] = wire(value)
        else:
            out[name] = str(value)
    return out


def from_json(stored: dict) -> dict:
    """A stored row with its days and amounts typed again (for the page and the files)."""
    out = {}
    for name in NAMES:
        value = stored.get(name)
        kind = KIND[name]
        if value is None:
            out[name] = None if kind != "text" else ""
        elif kind == "date":
            out[name] = date.fromisoformat(value)
        elif kind in ("amount", "rate"):
            out[name] = Decimal(value)
        else:
            out[name] = value
    return out


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def row_problems(values: dict, *, name_removed: bool = False) -> list[str]:
    """Why this row cannot be published (empty when it can): every required column filled (a natural person's
    name once removed excepted), start on or before end, a rate between 0 and 100 %, an exchange rate (with its
    month) when the currency is not the euro."""
    problems = []
    for column in COLUMNS:
        if name_removed and column.name == "Beneficiary_Name":
            continue
        if column.required and _blank(values.get(column.name)):
            problems.append(_("%(column)s is missing.", column=column.name))
    start, end = values.get("Operation_Start_Date"), values.get("Operation_End_Date")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        problems.append(
            _("The start (%(start)s) is after the end (%(end)s).", start=start.isoformat(), end=end.isoformat())
        )
    rate = values.get("Cofinancing_Rate")
    if isinstance(rate, Decimal) and not Decimal(0) <= rate <= Decimal(100):
        problems.append(_("The co-financing rate must be between 0 and 100 %."))
    currency = values.get("Total_Eligible_Expenditure_Currency")
    if not _blank(currency) and currency != EURO:
        exchange = values.get("Total_Eligible_Expenditure_Exchange_Rate")
        if _blank(exchange) or _blank(values.get("Total_Eligible_Expenditure_Exchange_Rate_Month")):
            problems.append(
                _("The amounts are in %(currency)s: the exchange rate to the euro is missing.", currency=currency)
            )
        else:
            try:
                valid = Decimal(exchange) > 0
            except InvalidOperation:
                valid = False
            if not valid:
                problems.append(_("The exchange rate must be a positive number."))
    return problems


def edition_problems(rows: list[dict], removed: frozenset[int] = frozenset()) -> dict[str, list[str]]:
    """The problems of each row, by its unique code; a code used twice is one (Art. 49(3): a unique code).
    ``removed``: the positions (from 0) of rows whose natural person's name has been removed."""
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, values in enumerate(rows, 1):
        code = values.get("Operation_Unique_Identifier") or f"#{index}"
        found = row_problems(values, name_removed=index - 1 in removed)
        if code in seen:
            found.append(_("The code %(code)s is used by more than one operation.", code=code))
        seen.add(code)
        if found:
            problems.setdefault(code, []).extend(found)
    return problems
