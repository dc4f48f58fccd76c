"""An amount of money: ``Decimal`` with a currency, never float, in whole cents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# numeric(15, 2) holds up to 10^13 - 0.01; anything larger is refused before it reaches the database.
MAX_AMOUNT = Decimal("9999999999999.99")
# Enough digits for the product of two amounts of 15 digits and a rate, computed exactly before rounding
# (the default context's 28 digits would round 10^13 × 10^13 silently).
PRECISION = 60


def to_cents(value: Decimal) -> Decimal:
    """Half up to the cent: conversions between currencies (Reg. 1103/97 Art. 5) and flat rates."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def share_down(amount: Decimal, numerator: Decimal, denominator: Decimal) -> Decimal:
    """amount × numerator ÷ denominator, exact, then down to the cent (toward zero, also for a negative
    correction), so that a share never exceeds its rate."""
    if denominator == 0:
        return ZERO
    with localcontext() as context:
        context.prec = PRECISION
        exact = amount * numerator / denominator
    return exact.quantize(CENT, rounding=ROUND_DOWN) + ZERO


def eu_share(amount: Decimal, rate_percent: Decimal) -> Decimal:
    """The EU share of an amount at a rate in percent, rounded down to the cent (FACTS.md, Money:
    5 123,12 × 23,26 % = 1 191,6377 → 1 191,63; half up would give a cent above the rate)."""
    return share_down(amount, rate_percent, Decimal(100))


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal) or isinstance(self.amount, bool):
            raise TypeError("Money needs a Decimal amount")
        if not self.amount.is_finite():
            raise ValueError("Money needs a finite amount")
        if not isinstance(self.currency, str) or len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError("currency must be an ISO 4217 code")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(ZERO, currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money combines with Money only")
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def split(self, share_percent: Decimal) -> tuple[Money, Money]:
        """(EU share, remainder): the share rounded down to the cent, the rest to the other part."""
        share = eu_share(self.amount, share_percent)
        return Money(share, self.currency), Money(self.amount - share, self.currency)
