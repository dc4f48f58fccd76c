"""The figures of the annual performance report (AMIF Art. 35(1)-(2)), due by 15 February for the calendar year
before: the programme's financial data and indicator values as at 31 December (the portfolio's figures, as a
data transmission has them, CPR Art. 42) and the persons resettled, admitted on humanitarian grounds and
transferred under the SO4 lump sums in that year, with the amounts (AMIF Arts. 19-20; service.lump_sums)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError

from service.lump_sums.util import totals_by_year
from service.money.display import wire
from service.transmissions import build, rules

FIRST_YEAR = 2021  # the 2021-2027 programmes (AMIF Regulation (EU) 2021/1147 applies from 1 January 2021)


def report_year(raw, today: date) -> int:
    """The year asked for: a whole year of the programme period that has ended."""
    year = int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if year is None or year < FIRST_YEAR:
        raise ValidationError({"year": [_("Give a year of the programme, from %(first)s.", first=FIRST_YEAR)]})
    if date(year, 12, 31) >= today:
        raise ValidationError({"year": [_("The year %(year)s has not ended yet.", year=year)]})
    return year


def annual_figures(year: int) -> dict:
    """The report's figures for ``year``: financial and indicators as at 31 December, the lump sums of the year."""
    as_at_year_end = rules.from_version(f"{year}12")  # the transmission with the data as at 31 December
    content, problems = build.content_of(as_at_year_end)
    totals = totals_by_year(year)[year]
    return {
        "year": year,
        "due_on": rules.performance_report_due(year),
        "as_at": as_at_year_end.as_at,
        "financial": content["financial"],
        "indicators": content["indicators"],
        "conversions": content["conversions"],
        "problems": problems,
        "lump_sums": [
            {"category": category, "persons": total.persons, "amount": wire(total.amount)}
            for category, total in totals.categories.items()
        ],
        "lump_sums_total": {"persons": totals.persons, "amount": wire(totals.amount)},
    }
