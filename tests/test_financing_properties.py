"""A grant's figures always agree (issue 11; FACTS.md, Money; AMIF Art. 15): eligible cost, EU amount,
own contribution and rate, on either basis, and every later split of the project's costs at that rate."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from service.money import CENT, Financing, Money
from service.money.financing import cofinanced

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2)
maximum_rates = st.sampled_from([Decimal("75"), Decimal("90"), Decimal("100")])  # AMIF Art. 15
rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
bases = st.sampled_from(["total", "public"])


def money(amount: Decimal) -> Money:
    return Money(amount, "SEK")


def test_the_issue_example_a_reduced_eu_amount_gives_its_real_rate():
    """149 800,00 eligible, EU reduced to 100 000,00: the rate is 66,76 % (100 000 ÷ 149 800 = 0.667557…),
    own funding 49 800,00, and the whole eligible cost splits back into exactly those figures."""
    financing = Financing(money(Decimal("149800.00")), money(Decimal("149800.00")), money(Decimal("100000.00")))
    assert financing.rate_shown == Decimal("66.76")
    assert financing.own_contribution == money(Decimal("49800.00"))
    assert financing.eu_share_of(money(Decimal("149800.00"))) == money(Decimal("100000.00"))
    assert financing.within(Decimal("75"))


@given(amounts, rates, bases, amounts)
def test_at_a_rate_the_eu_amount_is_the_rate_of_the_cofinanced_cost_rounded_down(eligible, rate, basis, private):
    base = cofinanced(eligible, basis, private)
    financing = Financing.at_rate(money(eligible), money(base), rate)
    eu = financing.eu_amount.amount
    assert eu * 100 <= base * rate < (eu + CENT) * 100  # down to the cent: never above the rate
    assert financing.eu_amount + financing.own_contribution == financing.eligible_cost
    assert financing.rate <= rate and financing.rate_shown <= rate
    assert financing.within(rate)


@given(amounts, amounts, maximum_rates, bases, amounts)
def test_a_given_eu_amount_within_the_maximum_gives_a_rate_within_it(eligible, eu, maximum, basis, private):
    base = cofinanced(eligible, basis, private)
    assume(base > 0)
    financing = Financing(money(eligible), money(base), money(eu))
    if financing.within(maximum):
        assert financing.rate <= maximum and financing.rate_shown <= maximum
    else:
        assert financing.rate > maximum or eu * 100 > base * maximum


@given(amounts, rates, st.lists(amounts, min_size=1, max_size=12))
def test_every_later_split_uses_the_same_rate_and_never_pays_above_it(eligible, rate, claims):
    financing = Financing.at_rate(money(eligible), money(eligible), rate)
    for claim in claims:
        share = financing.eu_share_of(money(claim))
        assert share.amount >= 0 and share.amount == share.amount.quantize(CENT)
        # share ≤ claim × EU ÷ cofinanced, and less than a cent below it
        exact = claim * financing.eu_amount.amount / financing.cofinanced_cost.amount
        assert share.amount <= exact < share.amount + CENT
    assert financing.eu_share_of(financing.cofinanced_cost) == financing.eu_amount


@given(amounts, rates)
def test_the_rate_shown_has_two_decimals_and_is_the_exact_rate_rounded_half_up(eligible, rate):
    financing = Financing.at_rate(money(eligible), money(eligible), rate)
    assert financing.rate_shown == financing.rate_shown.quantize(Decimal("0.01"))
    assert abs(financing.rate_shown - financing.rate) <= Decimal("0.005")


def test_no_eu_amount_fits_a_cofinanced_cost_of_nothing():
    """Public basis, private funding covering the whole eligible cost: nothing is left for the rate to apply to."""
    base = cofinanced(Decimal("1000.00"), "public", Decimal("1000.00"))
    assert base == Decimal("0.00")
    assert not Financing(money(Decimal("1000.00")), money(base), money(CENT)).within(Decimal("100"))
    assert Financing(money(Decimal("1000.00")), money(base), money(Decimal("0.00"))).rate == 0
