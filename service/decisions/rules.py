"""The arithmetic a grant must respect: the EU amount is at most the rate of the cost it applies to
(the total eligible cost, or the public eligible cost: the total less private funding; AMIF Art. 15),
rounded half up to the cent like the financing plan (service.applications.budget)."""

from __future__ import annotations

from decimal import Decimal

from service.money import to_cents

ZERO = Decimal("0.00")


def grant_ceiling(eligible_cost: Decimal, rate: Decimal, basis: str, private_funding: Decimal) -> Decimal:
    cofinanced = eligible_cost if basis == "total" else max(eligible_cost - private_funding, ZERO)
    return to_cents(cofinanced * rate / Decimal(100))
