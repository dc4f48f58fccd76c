"""Property tests of the funding line (service.decisions.ranking): grants in force are already out of what is
left; going down the ranking, applications not decided yet are above the line while what is left (and what
is left of their specific objective) covers them; the first that no longer fits is cut, every later one is
below; the line is drawn before the first one cut or below."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from service.decisions.ranking import Entry, draw_funding_line, line_position

ZERO = Decimal("0.00")


def cents(low: int, high: int):
    """Amounts with two decimals, drawn as whole cents (quicker to generate than decimals)."""
    return st.integers(low, high).map(lambda value: Decimal(value).scaleb(-2))


amounts = cents(1, 200_000_000)
objectives = st.sampled_from([None, "SO1", "SO2"])
entries = st.lists(st.builds(Entry, amount=amounts, granted=st.booleans(), objective=objectives), max_size=20)
budgets = cents(-10_000_000, 2_000_000_000)
objective_budgets = st.dictionaries(st.sampled_from(["SO1", "SO2"]), budgets, max_size=2)


@given(entries, budgets, objective_budgets)
def test_what_is_above_the_line_fits_what_is_left_and_the_order_is_strict(ranked, left, by_objective):
    funding = draw_funding_line(ranked, left, by_objective)
    assert len(funding) == len(ranked)
    assert all((value == "granted") == entry.granted for entry, value in zip(ranked, funding, strict=True))
    funded = [entry for entry, value in zip(ranked, funding, strict=True) if value == "funded"]
    # Nothing above the line spends more than the grants in force left, in the call or in an objective.
    assert sum((entry.amount for entry in funded), ZERO) <= max(left, ZERO)
    for code, budget in by_objective.items():
        assert sum((e.amount for e in funded if e.objective == code), ZERO) <= max(budget, ZERO)
    # Strict order: once the line is reached, no application not decided yet is above it; at most one is cut.
    undecided = [value for value in funding if value != "granted"]
    first_out = next((i for i, value in enumerate(undecided) if value != "funded"), len(undecided))
    assert all(value == "funded" for value in undecided[:first_out])
    assert all(value == "unfunded" for value in undecided[first_out + 1 :])
    assert undecided.count("partial") <= 1


@given(entries, budgets, objective_budgets)
def test_the_first_one_below_the_line_does_not_fit_what_is_left(ranked, left, by_objective):
    funding = draw_funding_line(ranked, left, by_objective)
    so_left = dict(by_objective)
    for entry, value in zip(ranked, funding, strict=True):
        if value == "granted":
            continue
        if value != "funded":
            room = [left] + ([so_left[entry.objective]] if entry.objective in so_left else [])
            assert entry.amount > min(room)  # it would not fit: that is why the line is here
            break
        left -= entry.amount
        if entry.objective in so_left:
            so_left[entry.objective] -= entry.amount


@given(entries, budgets)
def test_the_line_is_drawn_after_the_leading_applications_above_it(ranked, left):
    funding = draw_funding_line(ranked, left)
    position = line_position(funding)
    assert all(value in ("granted", "funded") for value in funding[:position])
    assert position == len(funding) or funding[position] in ("partial", "unfunded")
