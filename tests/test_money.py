"""Money: Decimal with a currency; half-up cents when converting (Reg. 1103/97 Art. 5), EU shares rounded down so
they never exceed the rate, splits that always add up (FACTS.md, Money)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.money import MAX_AMOUNT, InvalidAmount, Money, parse_amount, to_cents
from service.money.display import format_amount, wire


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1 234 567,50", "1234567.50"),
        ("1 234 567.50", "1234567.50"),
        ("1\u00a0234\u00a0567,5", "1234567.50"),
        ("1\u202f000", "1000.00"),
        ("1,234,567.50", "1234567.50"),
        ("1.234.567,50", "1234567.50"),
        ("0", "0.00"),
        ("-0", "0.00"),
        (1500, "1500.00"),
        (Decimal("2.5"), "2.50"),
    ],
)
def test_amounts_as_people_write_them(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("NaN", "format"),
        ("Infinity", "format"),
        ("1e3", "format"),
        ("abc", "format"),
        ("", "format"),
        ("1,23,4.56", "format"),
        ("1.234,5.6", "format"),
        ("12.345", "precision"),
        ("-5", "negative"),
        (1.5, "type"),
        (True, "type"),
        ("9" * 29, "too_large"),
        ("9" * 40, "format"),
        ("10000000000000", "too_large"),
        (None, "type"),
    ],
)
def test_bad_amounts_are_refused(raw, reason):
    with pytest.raises(InvalidAmount) as error:
        parse_amount(raw)
    assert str(error.value) == reason


def test_split_of_the_facts_example_rounds_the_eu_share_down_and_gives_the_rest_the_remainder():
    """FACTS.md, Money: 5 123.12 × 23.26 % = 1 191.6377 → 1 191.63 (down, never above the rate) and 3 931.49."""
    share, rest = Money(Decimal("5123.12"), "EUR").split(Decimal("23.26"))
    assert (share.amount, rest.amount) == (Decimal("1191.63"), Decimal("3931.49"))


def test_the_eu_share_never_exceeds_the_rate_by_a_cent():
    """Issue 11's case: 75 % of 5 123.13 = 3 842.3475; half up gave 3 842.35, a cent above the rate."""
    share, rest = Money(Decimal("5123.13"), "EUR").split(Decimal("75"))
    assert (share.amount, rest.amount) == (Decimal("3842.34"), Decimal("1280.79"))


def test_conversions_and_flat_rates_still_round_half_up_not_bankers():
    """Reg. 1103/97 Art. 5: half up when converting; 0.025 → 0.03 (half even would give 0.02)."""
    assert to_cents(Decimal("0.025")) == Decimal("0.03")
    assert to_cents(Decimal("0.035")) == Decimal("0.04")


amounts = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(amounts, rates)
def test_split_parts_always_add_up(amount, rate):
    share, rest = Money(amount, "SEK").split(rate)
    assert share.amount + rest.amount == amount
    assert share.amount.as_tuple().exponent >= -2 and rest.amount >= 0
    assert share.amount * 100 <= amount * rate  # never above the rate
    assert amount * rate - share.amount * 100 < 100  # and less than a cent below it


@given(amounts)
def test_formatted_and_parsed_back(amount):
    for locale in ("sv_SE", "fi_FI", "en_IE", "sv_FI"):
        assert parse_amount(format_amount(amount, locale=locale)) == amount
        assert parse_amount(wire(amount)) == amount


def test_money_refuses_float_and_mixed_currencies():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money(Decimal("1"), "EUR") + Money(Decimal("1"), "SEK")
