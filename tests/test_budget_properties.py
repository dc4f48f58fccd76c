"""Property tests of the budget arithmetic (FACTS.md "Money": flat rates half up, the EU share down to the cent,
remainder rule)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from service.applications.budget import CATEGORIES, compute, staff_by_hours, staff_by_percentage
from service.money import CENT, MAX_AMOUNT

amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99999999.99"), places=2)
rates = st.sampled_from([Decimal("75"), Decimal("90"), Decimal("100")])
indirect_rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("7"), places=2)
lines = st.lists(st.tuples(st.integers(2021, 2029), st.sampled_from(CATEGORIES), amounts), max_size=40)


@given(lines, indirect_rates, rates)
def test_totals_are_the_sum_of_the_lines_and_the_split_adds_up(items, indirect_rate, rate):
    totals = compute(items, indirect_rate=indirect_rate, cofinancing_rate=rate)
    direct = sum((amount for _, _, amount in items), Decimal("0.00"))
    assert totals.direct == direct
    assert sum(totals.by_year.values(), Decimal("0.00")) == direct
    assert sum(totals.by_category.values(), Decimal("0.00")) == direct
    assert totals.total == totals.direct + totals.indirect
    assert totals.eu + totals.own == totals.total  # the remainder rule: never a cent lost or made
    for value in (totals.indirect, totals.eu, totals.own):
        assert value == value.quantize(CENT) and value >= 0
    assert totals.eu * 100 <= totals.total * rate < (totals.eu + CENT) * 100  # down: never above the rate


@given(lines, indirect_rates, rates, st.sampled_from(["total", "public"]), amounts)
def test_on_either_basis_the_split_adds_up_and_private_funding_stays_in_the_own_contribution(
    items, indirect_rate, rate, basis, private
):
    totals = compute(items, indirect_rate=indirect_rate, cofinancing_rate=rate, basis=basis, private_funding=private)
    assert totals.eu + totals.own == totals.total  # the remainder rule on either basis
    # AMIF Art. 15: the rate of the total eligible cost, or of the public part (the total less private funding)
    base = totals.total if basis == "total" else max(totals.total - private, Decimal("0.00"))
    assert totals.cofinanced == base
    assert totals.eu * 100 <= base * rate < (totals.eu + CENT) * 100
    assert Decimal("0.00") <= totals.eu <= base
    if basis == "public" and private <= totals.total:
        assert totals.own >= private  # the EU never pays for what private money already pays
    if basis == "total":
        assert totals.eu == compute(items, indirect_rate=indirect_rate, cofinancing_rate=rate).eu


@given(amounts, st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2), st.integers(1, 12))
def test_percentage_staff_cost_is_in_cents_and_never_more_than_the_salary(monthly, percentage, months):
    cost = staff_by_percentage(monthly, percentage, months)
    assert cost == cost.quantize(CENT)
    assert cost <= (monthly * months).quantize(CENT)


@given(amounts, st.integers(1, 1720))
def test_hourly_staff_cost_never_exceeds_the_annual_cost(annual, hours):
    cost = staff_by_hours(annual, hours)
    assert cost == cost.quantize(CENT)
    assert cost <= annual  # at most 1 720 hours: the hours the rate was computed on (CPR Art. 55(2))
    assert cost <= MAX_AMOUNT
