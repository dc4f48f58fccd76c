"""The claim rules as properties (service.claims.rules): whatever the amounts and the order of events, a line's
parts add up to what was claimed, and the payments to a beneficiary never exceed the grant."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from service.claims import rules

CENT = Decimal("0.01")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)


@given(claimed=amounts, outcome=st.sampled_from(["accepted", "reduced", "refused", "parked"]), share=st.integers(0, 99))
def test_verified_plus_deducted_plus_parked_is_claimed_per_line(claimed, outcome, share):
    verified = (claimed * share / 100).quantize(CENT, ROUND_DOWN) if outcome == "reduced" else None
    result = rules.line_outcome(claimed, outcome, verified)
    assert result.verified + result.deducted + result.parked == claimed
    assert min(result.verified, result.deducted, result.parked) >= 0
    if outcome == "refused":
        assert result.deducted == claimed  # refused: the whole line is deducted
    if outcome == "parked":
        assert result.verified == result.deducted == 0


def test_a_reduction_keeps_less_than_was_claimed():
    for verified in (Decimal("100.00"), Decimal("100.01"), Decimal("-0.01"), None):
        try:
            rules.line_outcome(Decimal("100.00"), "reduced", verified)
        except ValueError:
            continue
        raise AssertionError(f"{verified} accepted as a reduction of 100.00")


# One project's life: events in any order and amount. Each claim's EU share is capped at what the grant has
# left; an advance up to the tenant's share; recoveries of part of what was entitled, repaid or offset.
events = st.lists(
    st.one_of(
        st.tuples(st.just("claim"), amounts),
        st.tuples(st.just("advance"), amounts),
        st.tuples(st.just("recover"), st.integers(1, 100)),
        st.tuples(st.just("repay"), st.integers(1, 100)),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(grant=amounts, percent=st.integers(0, 100), history=events, final_share=amounts)
def test_payments_never_exceed_the_grant(grant, percent, history, final_share):
    advanced = paid = cleared = offset = repaid = recovered = entitled_gross = Decimal("0.00")
    for kind, value in history:
        entitled = entitled_gross - recovered
        owed = recovered - offset - repaid
        if kind == "claim":
            figures = rules.payment_figures(
                eu_share=value,
                grant_eu=grant,
                entitled_before=entitled,
                advance_outstanding=advanced - cleared,
                owed=owed,
            )
            assert figures.entitlement == figures.cleared + figures.offset + figures.amount
            assert min(figures.entitlement, figures.cleared, figures.offset, figures.amount) >= 0
            entitled_gross += figures.entitlement
            cleared += figures.cleared
            offset += figures.offset
            paid += figures.amount
        elif kind == "advance":
            allowed = rules.advance_allowed(
                grant_eu=grant, percent=Decimal(percent), advanced_before=advanced, paid_before=paid
            )
            advanced += min(value, allowed)
        elif kind == "recover":  # a share of what verified claims entitled to, never more
            recovered += (max(entitled, Decimal(0)) * value / 100).quantize(CENT, ROUND_DOWN)
        else:
            repaid += (max(owed, Decimal(0)) * value / 100).quantize(CENT, ROUND_DOWN)
        # Net of what came back, the beneficiary never holds more than the grant; nor is it entitled to more.
        assert advanced + paid - repaid <= grant
        assert entitled_gross - recovered <= grant
        assert cleared <= advanced
    # The final balance: whatever advance its claim does not clear becomes owed, so nothing stays outstanding and,
    # once the beneficiary pays back what it owes, it holds exactly what its verified claims entitled it to.
    final = rules.payment_figures(
        eu_share=final_share,
        grant_eu=grant,
        entitled_before=entitled_gross - recovered,
        advance_outstanding=advanced - cleared,
        owed=recovered - offset - repaid,
        final=True,
    )
    assert final.entitlement == final.cleared + final.offset + final.amount
    assert final.cleared + final.advance_owed == advanced - cleared and final.advance_owed >= 0
    entitled_gross += final.entitlement
    cleared, offset, paid = cleared + final.cleared, offset + final.offset, paid + final.amount
    owed = recovered - offset - repaid + final.advance_owed
    assert advanced + paid - repaid - owed == entitled_gross - recovered
    assert entitled_gross - recovered <= grant


@given(
    start=st.dates(min_value=date(2021, 1, 1), max_value=date(2029, 12, 31)),
    days=st.integers(0, 2500),
    months=st.sampled_from([1, 2, 3, 4, 6, 12]),
)
def test_claim_periods_cover_the_project_period_without_gaps(start, days, months):
    end = start + timedelta(days=days)
    periods = rules.claim_periods(start, end, months)
    assert periods[0][0] == start and periods[-1][1] == end
    for (_, first_end), (second_start, _) in zip(periods, periods[1:], strict=False):
        assert second_start == first_end + timedelta(days=1)
    for period_start, period_end in periods:
        assert period_start <= period_end
        assert (period_start.month - 1) // months == (period_end.month - 1) // months  # inside one calendar period


def test_sweden_claims_by_tertial():
    # Seed 000 §4.2: four-monthly reporting, Jan–Apr, May–Aug, Sep–Dec.
    assert rules.claim_periods(date(2025, 3, 10), date(2025, 12, 31), 4) == [
        (date(2025, 3, 10), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 8, 31)),
        (date(2025, 9, 1), date(2025, 12, 31)),
    ]


@given(
    eligible=amounts,
    rate=st.integers(1, 100),
    spent=st.lists(amounts, min_size=1, max_size=10),
)
def test_eu_shares_of_claims_never_pass_the_eu_amount(eligible, rate, spent):
    eu = (eligible * rate / 100).quantize(CENT, ROUND_DOWN)
    shares = [rules.eu_share_of_expenditure(amount, eligible, eu) for amount in spent]
    assert sum(shares) <= (sum(spent) * eu / eligible).quantize(CENT, ROUND_DOWN) + 0
    assert rules.eu_share_of_expenditure(eligible, eligible, eu) == eu  # the whole cost gives the whole grant


def test_hourly_staff_cost_and_hours_above_basis():
    # Seed 004: annual gross ÷ 1 720 × hours; 51 600 / 1 720 = 30 per hour.
    assert rules.staff_by_hours(Decimal("51600.00"), 1720, Decimal("100.5")) == Decimal("3015.00")
    assert rules.staff_by_percentage(Decimal("4500.00"), Decimal("50"), 3) == Decimal("6750.00")
    assert rules.hours_above_basis({("A", 2025): Decimal("1721")}, {("A", 2025): 1720}) == {
        ("A", 2025): Decimal("1721")
    }
    assert rules.hours_above_basis({("A", 2025): Decimal("1720")}, {("A", 2025): 1720}) == {}
