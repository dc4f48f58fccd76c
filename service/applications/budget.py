"""Budget arithmetic: staff cost lines, totals, indirect costs and the financing plan.

Every amount is a ``Decimal`` rounded half up to the cent (Reg. 1103/97 Art. 5). The financing
plan computes the EU share and gives the own contribution the remainder, so the two always add
up to the total (FACTS.md "Money").

The call's co-financing rate applies to the total eligible cost or to the public eligible cost
(AMIF Art. 15; FACTS.md "the rate applies to total or to public eligible cost"). The public
eligible cost is the total less the applicant's private funding, which is part of the own
contribution either way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from service.money import eu_share, to_cents
from service.money.financing import cofinanced as cofinanced_cost

CATEGORIES = ("staff", "travel", "equipment", "external_services", "other", "unit_costs", "lump_sums")
# Simplified cost options (CPR Art. 53(1)(b), (c)): unit costs (a number of units at a fixed amount each) and lump
# sums (a fixed amount for a deliverable, paid in full or not at all). They are set to cover the whole cost of
# what they pay for, indirect costs included, so the flat rate of indirect costs is not added to them (no double
# funding; the flat rate's base is the actual direct costs).
SIMPLIFIED = ("unit_costs", "lump_sums")
MAX_UNITS = Decimal(1_000_000)
# CPR Art. 55(2): hourly rate = latest documented annual gross employment cost / 1 720 hours.
HOURS_PER_YEAR = 1720
ZERO = Decimal("0.00")


def staff_by_percentage(monthly_gross: Decimal, percentage: Decimal, months: int) -> Decimal:
    """A fixed percentage of the monthly gross staff cost, the same every month (seed 004)."""
    return to_cents(monthly_gross * percentage / Decimal(100) * months)


def hourly_rate(annual_gross: Decimal) -> Decimal:
    return annual_gross / HOURS_PER_YEAR


def staff_by_hours(annual_gross: Decimal, hours: int) -> Decimal:
    """Hours at annual gross / 1 720; never more hours than the rate was computed on (seed 004)."""
    return to_cents(annual_gross * hours / HOURS_PER_YEAR)


def unit_costs(units: Decimal, unit_amount: Decimal) -> Decimal:
    """A number of units (up to two decimals) at a fixed amount per unit, half up to the cent."""
    return to_cents(units * unit_amount)


def flat_rate_base(amounts_by_category: dict[str, Decimal]) -> Decimal:
    """The direct costs the flat rate of indirect costs applies to: all but the simplified cost options."""
    return sum((amount for category, amount in amounts_by_category.items() if category not in SIMPLIFIED), ZERO)


@dataclass
class Totals:
    direct: Decimal = ZERO
    indirect: Decimal = ZERO
    total: Decimal = ZERO
    eu: Decimal = ZERO
    own: Decimal = ZERO
    private: Decimal = ZERO  # private funding, part of the own contribution
    cofinanced: Decimal = ZERO  # the cost the rate applies to
    by_year: dict[int, Decimal] = field(default_factory=dict)
    by_category: dict[str, Decimal] = field(default_factory=dict)


def compute(
    amounts: list[tuple[int, str, Decimal]],
    *,
    indirect_rate: Decimal,
    cofinancing_rate: Decimal,
    basis: str = "total",
    private_funding: Decimal = ZERO,
) -> Totals:
    """Totals of (year, category, amount) lines: direct costs, indirect costs at the flat rate of
    the actual direct costs (CPR Art. 54(a); not of simplified costs, see SIMPLIFIED), the total, and its split
    into EU share and own contribution.

    On the ``public`` basis the rate applies to the total less private funding (never below zero:
    private funding above the total is a problem the submission check lists)."""
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    direct = ZERO
    for year, category, amount in amounts:
        direct += amount
        by_year[year] += amount
        by_category[category] += amount
    indirect = to_cents(flat_rate_base(by_category) * indirect_rate / Decimal(100))
    total = direct + indirect
    cofinanced = cofinanced_cost(total, basis, private_funding)
    eu = eu_share(cofinanced, cofinancing_rate)  # down to the cent: never above the rate
    return Totals(
        direct=direct,
        indirect=indirect,
        total=total,
        eu=eu,
        own=total - eu,
        private=private_funding,
        cofinanced=cofinanced,
        by_year=dict(sorted(by_year.items())),
        by_category={c: by_category[c] for c in CATEGORIES if c in by_category},
    )
