"""The portfolio's shares (service.portfolio.rules): one decimal, half up, as the evaluation's percentages; none
when dividing by nothing (its "NA")."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from service.portfolio.rules import share


def test_the_evaluations_figures():
    # Seed 000 table 3: SO1 71 039 of 126 822 kEUR committed (56 %), 4 808 declared (4 %); table 9: 209 %.
    assert share(Decimal("71039"), Decimal("126822")) == Decimal("56.0")
    assert share(Decimal("4808"), Decimal("126822")) == Decimal("3.8")
    assert share(Decimal(3135), Decimal(1500)) == Decimal("209.0")
    assert share(Decimal(0), Decimal(0)) is None and share(Decimal(5), None) is None


def test_half_up_at_the_twentieth():
    assert share(Decimal("1"), Decimal("8")) == Decimal("12.5")  # exactly 12.5
    assert share(Decimal("1"), Decimal("1600")) == Decimal("0.1")  # 0.0625 → 0.1
    assert share(Decimal("1"), Decimal("2000")) == Decimal("0.1")  # 0.05 → 0.1, half up
    assert share(Decimal("1"), Decimal("2001")) == Decimal("0.0")  # 0.04998 → 0.0


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=10**12))
def test_within_a_twentieth_of_the_exact_share(part, whole):
    shown = share(Decimal(part), Decimal(whole))
    exact = Decimal(part) * 100 / Decimal(whole)
    assert shown.as_tuple().exponent == -1 and abs(shown - exact) <= Decimal("0.05")
