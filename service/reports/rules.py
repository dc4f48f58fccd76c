"""The reporting calendar and the rules of a progress report's figures, as pure functions (tested by properties
in tests/test_report_rules.py).

Sources: issue 13 and FACTS.md "Follow-up" (Sweden reports every four months, Jan–Apr, May–Aug, Sep–Dec; Finland
as configured, e.g. half-yearly; a final report after the project's end) and "Common indicators" (values are
cumulative from the project's start; everyone in an "of which" breakdown is in its parent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from service.claims.rules import claim_periods

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    final: bool
    due: date


def reporting_periods(
    project_start: date, project_end: date, months: int, due_days: int, final_due_days: int
) -> list[Period]:
    """The project's reporting periods: calendar periods of ``months`` months counted from 1 January, cut to the
    project period (the claims' periods, service.claims.rules.claim_periods). Each is due ``due_days`` after its
    end; the last, the final report, ``final_due_days`` after the project's end."""
    periods = claim_periods(project_start, project_end, months)
    return [
        Period(
            start,
            end,
            end == project_end,
            end + timedelta(days=final_due_days if end == project_end else due_days),
        )
        for start, end in periods
    ]


def begun(periods: list[Period], today: date) -> list[Period]:
    """The periods whose report can be written: those that have begun (a report is saved as the period goes)."""
    return [period for period in periods if period.start <= today]


def to_remind(due: date, today: date, reminder_days: int) -> bool:
    """Whether a report not yet submitted is reminded today: from ``reminder_days`` before its due day to it.
    Counted in days between the two dates, so that no date outside the calendar's range is ever made."""
    return 0 <= (due - today).days <= reminder_days


def overdue(due: date, today: date) -> bool:
    return today > due


def share_achieved(achieved: int | None, target: int | None) -> Decimal | None:
    """The share of the target achieved, in percent to one decimal (half up); none when there is no target."""
    if achieved is None or not target:
        return None
    return (Decimal(achieved) * HUNDRED / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def breakdowns_above_parent(values: dict[str, int], parents: dict[str, str | None]) -> dict[str, str]:
    """Each "of which" indicator whose value exceeds its parent's (both given): code -> parent code."""
    return {
        code: parent
        for code, value in values.items()
        if (parent := parents.get(code)) and parent in values and value > values[parent]
    }


def below_accepted(values: dict[str, int], accepted: dict[str, int]) -> dict[str, int]:
    """Each value that goes below the latest accepted report's (values are cumulative from the start, so they
    never fall): key -> the accepted value."""
    return {key: accepted[key] for key, value in values.items() if key in accepted and value < accepted[key]}
