"""A grant's financing, whose figures always agree: the eligible cost, the cost the rate applies to (all
of it, or its public part on a call whose basis is public cost: AMIF Art. 15), the EU amount, the own
contribution and the co-financing rate.

The EU amount and the cofinanced cost are what a decision fixes; the rate is the EU share actually
granted, EU ÷ cofinanced cost, exact (never a rounded rate multiplied back), shown with two decimals.
Every later split of an amount of this project (a payment claim's verified costs) uses that same ratio,
rounded down to the cent: the whole cofinanced cost gives exactly the EU amount, and no part ever gives
more than the rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from service.money.amount import PRECISION, ZERO, Money, eu_share, share_down

HUNDRED = Decimal(100)
RATE_SHOWN = Decimal("0.01")


def cofinanced(eligible_cost: Decimal, basis: str, private_funding: Decimal) -> Decimal:
    """The cost the rate applies to: the total eligible cost, or its public part (the total less private
    funding, never below zero) — AMIF Art. 15(1), "total or public eligible expenditure"."""
    return eligible_cost if basis == "total" else max(eligible_cost - private_funding, ZERO)


@dataclass(frozen=True)
class Financing:
    eligible_cost: Money
    cofinanced_cost: Money
    eu_amount: Money

    def __post_init__(self):
        currencies = {self.eligible_cost.currency, self.cofinanced_cost.currency, self.eu_amount.currency}
        if len(currencies) != 1:
            raise ValueError("a financing is in one currency")

    @classmethod
    def of(cls, currency: str, eligible_cost, cofinanced_cost, eu_amount) -> Financing | None:
        """From stored amounts in one currency; None while any of them is missing (a rejection, an old row)."""
        if None in (currency, eligible_cost, cofinanced_cost, eu_amount):
            return None
        return cls(Money(eligible_cost, currency), Money(cofinanced_cost, currency), Money(eu_amount, currency))

    @classmethod
    def at_rate(cls, eligible_cost: Money, cofinanced_cost: Money, rate_percent: Decimal) -> Financing:
        """The EU amount follows the cofinanced cost at the rate, rounded down to the cent."""
        return cls(
            eligible_cost,
            cofinanced_cost,
            Money(eu_share(cofinanced_cost.amount, rate_percent), eligible_cost.currency),
        )

    @property
    def currency(self) -> str:
        return self.eligible_cost.currency

    @property
    def own_contribution(self) -> Money:
        return self.eligible_cost - self.eu_amount

    @property
    def rate(self) -> Decimal:
        """The EU share actually granted, in percent, exact to the precision of the arithmetic."""
        if self.cofinanced_cost.amount == 0:
            return ZERO
        with localcontext() as context:
            context.prec = PRECISION
            return self.eu_amount.amount * HUNDRED / self.cofinanced_cost.amount

    @property
    def rate_shown(self) -> Decimal:
        """The rate with two decimals, half up (100 000 of 149 800 → 66.76): what people read. Never above
        a maximum the EU amount respects, since the maximum has two decimals itself."""
        return self.rate.quantize(RATE_SHOWN, rounding=ROUND_HALF_UP)

    def within(self, maximum_percent: Decimal) -> bool:
        """The EU amount is at most the maximum rate of the cofinanced cost (rounded down to the cent)."""
        return self.eu_amount.amount <= eu_share(self.cofinanced_cost.amount, maximum_percent)

    def eu_share_of(self, amount: Money) -> Money:
        """The EU share of an amount of this project's cofinanced costs, at this financing's own rate,
        rounded down to the cent: of the whole cofinanced cost it is exactly the EU amount."""
        if amount.currency != self.currency:
            raise ValueError(f"cannot split {amount.currency} with a financing in {self.currency}")
        return Money(share_down(amount.amount, self.eu_amount.amount, self.cofinanced_cost.amount), self.currency)
