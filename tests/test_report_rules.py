"""The reporting calendar's and the figures' rules, by property (service/reports/rules.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from service.reports import rules
from service.reports.settings import check

MONTHS = st.sampled_from((1, 2, 3, 4, 6, 12))
DAYS = st.integers(min_value=0, max_value=365)
STARTS = st.dates(min_value=date(2021, 1, 1), max_value=date(2029, 12, 31))


@given(STARTS, st.integers(min_value=0, max_value=2500), MONTHS, DAYS, DAYS)
def test_the_periods_cover_the_project_without_gaps_and_only_the_last_is_final(start, length, months, due, final):
    end = start + timedelta(days=length)
    periods = rules.reporting_periods(start, end, months, due, final)
    assert periods[0].start == start and periods[-1].end == end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert [p.final for p in periods] == [False] * (len(periods) - 1) + [True]
    for period in periods:
        # Calendar periods counted from 1 January: each full one begins on the first of a month 1 + k × months.
        if period.start != start:
            assert period.start.day == 1 and (period.start.month - 1) % months == 0
        assert period.due == period.end + timedelta(days=final if period.final else due)


def test_sweden_reports_by_tertial_and_finland_by_half_year():
    # Issue 13: Sweden every four months, Jan–Apr, May–Aug, Sep–Dec; Finland half-yearly.
    swedish = rules.reporting_periods(date(2025, 3, 15), date(2026, 1, 31), 4, 30, 60)
    assert [(p.start, p.end) for p in swedish] == [
        (date(2025, 3, 15), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 8, 31)),
        (date(2025, 9, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)),
    ]
    assert swedish[-1].due == date(2026, 1, 31) + timedelta(days=60)
    finnish = rules.reporting_periods(date(2025, 1, 1), date(2025, 12, 31), 6, 30, 60)
    assert [(p.start, p.end, p.due) for p in finnish] == [
        (date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 30)),
        (date(2025, 7, 1), date(2025, 12, 31), date(2026, 3, 1)),
    ]


@given(STARTS, st.integers(min_value=0, max_value=2500), MONTHS, STARTS)
def test_a_period_is_reported_once_it_has_begun(start, length, months, today):
    periods = rules.reporting_periods(start, start + timedelta(days=length), months, 30, 60)
    begun = rules.begun(periods, today)
    assert begun == periods[: len(begun)] and all(p.start <= today for p in begun)
    assert all(p.start > today for p in periods[len(begun) :])


@given(st.dates(), DAYS, st.dates())
@example(date(1, 1, 1), 1, date(2000, 1, 1))  # the reminder's first day would be before the calendar's first
@example(date.max, 365, date.max)
def test_a_reminder_goes_in_the_days_before_the_due_day_and_never_after(due, days, today):
    reminded = rules.to_remind(due, today, days)
    # Day numbers, not dates: the rule holds at the calendar's ends too (a due day of 1 January of year 1 once
    # overflowed when the reminder's first day was computed as a date).
    assert reminded == (due.toordinal() - days <= today.toordinal() <= due.toordinal())
    assert not (reminded and rules.overdue(due, today))


@given(st.dictionaries(st.sampled_from(["A", "A.1", "A.2", "B"]), st.integers(min_value=0, max_value=10**9)))
def test_a_breakdown_above_its_parent_is_named_and_none_other(values):
    parents = {"A.1": "A", "A.2": "A", "A": None, "B": None}
    above = rules.breakdowns_above_parent(values, parents)
    for code, value in values.items():
        parent = parents[code]
        assert (code in above) == bool(parent and parent in values and value > values[parent])


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_the_share_achieved_is_a_percentage_of_the_target(achieved, target):
    share = rules.share_achieved(achieved, target)
    if target == 0:
        assert share is None
    else:
        assert abs(share - Decimal(achieved) * 100 / target) <= Decimal("0.05")


def test_a_wrong_calendar_is_refused_naming_the_field():
    good = {"period_months": 6, "due_days": 30, "reminder_days": 7, "final_due_days": 60}
    check(good, {})
    check({**good, "calls": {"AMIF-FI-1": {"period_months": 3}}}, {})
    for bad, field in (
        ({**good, "period_months": 5}, "reports.period_months"),
        ({**good, "due_days": -1}, "reports.due_days"),
        ({**good, "reminder_days": True}, "reports.reminder_days"),
        ({**good, "calls": {"AMIF-FI-1": {"period_months": 7}}}, "reports.calls.AMIF-FI-1.period_months"),
    ):
        with pytest.raises(ValueError, match=field):
            check(bad, {})
