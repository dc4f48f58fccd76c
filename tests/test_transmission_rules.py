"""The calendar and versions of the Commission's data transmission (CPR Art. 42(1)–(2)): due 31 January,
30 April, 31 July, 30 September and 30 November, cumulative as at the end of the month before, named by that
month (SFC2021: the one due 31 January 2023 is "202212", FACTS.md); indicator values with the January and July
transmissions only. The accounting year (CPR Art. 2(29)) and the annual performance report's due day (AMIF
Art. 35(1)). And what differs between two versions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.transmissions import rules

DUE = {1: 31, 4: 30, 7: 31, 9: 30, 11: 30}  # CPR Art. 42(1)


@pytest.mark.parametrize(
    ("version", "due", "indicators"),
    [
        ("202212", date(2023, 1, 31), True),  # FACTS.md: SFC2021 names them 202212, 202303
        ("202303", date(2023, 4, 30), False),
        ("202306", date(2023, 7, 31), True),
        ("202308", date(2023, 9, 30), False),
        ("202310", date(2023, 11, 30), False),
    ],
)
def test_each_cut_off_is_named_by_its_month_and_due_at_the_end_of_the_next(version, due, indicators):
    cut = rules.from_version(version)
    assert (cut.due, cut.version, cut.with_indicators) == (due, version, indicators)
    assert cut.as_at == due.replace(day=1) - timedelta(days=1)  # the last day of the month before the due day


@pytest.mark.parametrize(
    "version",
    # A year of four digits from 1000 (000012: no date holds the year 0), and none due in the year 10000 (999912).
    ["202301", "202302", "202307", "202309", "202311", "2023-12", "20231", "", "abcdef", "000012", "099912", "999912"],
)
def test_other_months_and_other_text_are_not_cut_offs(version):
    with pytest.raises(rules.NotACutOff):
        rules.from_version(version)


@given(st.dates(min_value=date(2022, 3, 1), max_value=date(2031, 12, 31)))
def test_the_latest_cut_off_has_passed_and_none_lies_between_it_and_today(today):
    latest = rules.latest_cut_off(today)
    assert latest.as_at < today and not rules.is_future(latest, today)
    assert latest.due.month in DUE and latest.due.day == DUE[latest.due.month]
    assert [cut for cut in rules.cut_offs_between(latest.as_at + timedelta(days=1), today - timedelta(days=1))] == []


@given(st.integers(min_value=2022, max_value=2031))
def test_five_cut_offs_a_year_indicators_in_two(year):
    cuts = rules.cut_offs_between(date(year, 1, 1), date(year, 12, 31))
    assert [cut.as_at.month for cut in cuts] == [3, 6, 8, 10, 12]
    assert [cut.with_indicators for cut in cuts] == [False, True, False, False, True]


def test_a_cut_off_is_future_until_its_day_has_passed():
    cut = rules.from_version("202512")
    assert rules.is_future(cut, date(2025, 12, 31)) and not rules.is_future(cut, date(2026, 1, 1))


@given(st.dates(min_value=date(2021, 1, 1), max_value=date(2031, 12, 31)))
def test_the_accounting_year_runs_from_1_july_to_30_june(day):
    start, end = rules.accounting_year(day)
    assert start <= day <= end and (start.month, start.day, end.month, end.day) == (7, 1, 6, 30)
    assert end.year == start.year + 1


def test_the_annual_performance_report_is_due_on_15_february():
    assert rules.performance_report_due(2025) == date(2026, 2, 15)


def test_differences_name_each_changed_figure_added_and_removed_line():
    before = {
        "financial": [
            {"specific_objective": "SO1", "type_of_intervention": "001", "operations": 2, "eligible_cost": "10.00"},
            {"specific_objective": "SO2", "type_of_intervention": "003", "operations": 1, "eligible_cost": "5.00"},
        ],
        "indicators": None,
    }
    after = {
        "financial": [
            {"specific_objective": "SO1", "type_of_intervention": "001", "operations": 3, "eligible_cost": "10.00"},
            {"specific_objective": "SO3", "type_of_intervention": "002", "operations": 1, "eligible_cost": "7.50"},
        ],
        "indicators": [{"code": "O.1.1", "specific_objective": "SO1", "planned": 4, "achieved": 1}],
    }
    changes = rules.differences(before, after)
    assert {"table": "financial", "line": "SO1/001", "field": "operations", "before": 2, "after": 3} in changes
    assert {
        "table": "financial",
        "line": "SO2/003",
        "field": "eligible_cost",
        "before": "5.00",
        "after": None,
    } in changes
    assert {
        "table": "financial",
        "line": "SO3/002",
        "field": "eligible_cost",
        "before": None,
        "after": "7.50",
    } in changes
    assert {"table": "indicators", "line": "O.1.1", "field": "planned", "before": None, "after": 4} in changes
    assert not [c for c in changes if c["line"] == "SO1/001" and c["field"] == "eligible_cost"]  # unchanged
    assert rules.differences(after, after) == []
    # Every figure of every line is new: two of each Table 1 line, three of the indicator (its objective too).
    assert len(rules.differences(None, after)) == 2 + 2 + 3


def test_a_name_kept_with_a_line_is_not_a_change_of_its_figures():
    """A version frozen before the lines kept their names, and a draft built after: the names, units and kinds
    are new, the figures the same, so nothing changed in what is sent."""
    before = {
        "financial": [{"specific_objective": "SO1", "type_of_intervention": "001", "operations": 2}],
        "indicators": [{"code": "R.2.9", "specific_objective": "SO2", "planned": 4, "achieved": 1}],
    }
    after = {
        "financial": [{**before["financial"][0], "type_of_intervention_name": "Reception conditions"}],
        "indicators": [{**before["indicators"][0], "kind": "result", "name": "Number of participants", "unit": "x"}],
    }
    assert rules.differences(before, after) == []
    changed = {**after, "financial": [{**after["financial"][0], "operations": 3}]}
    assert [c["field"] for c in rules.differences(before, changed)] == ["operations"]


def test_outputs_and_results_by_the_catalogue_else_by_the_codes_letter():
    """AMIF Annex VIII codes outputs "O.<SO>.<n>" and results "R.<SO>.<n>"; the catalogue's kind comes first."""
    assert rules.indicator_kind("O.1.1") == "output" and rules.indicator_kind("R.2.9") == "result"
    assert rules.indicator_kind("O.2.3.1", "output") == "output" and rules.indicator_kind("R.4.4", None) == "result"
