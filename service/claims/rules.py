"""The claim rules as pure functions over plain values (tested by properties in tests/test_claim_rules.py).

Sources: seed 004 (the Swedish MA's eligible-cost rules), CPR Arts. 53–56 (simplified costs), 74
(management verification) and FACTS.md "Money": EU shares round DOWN to the cent, flat rates and
conversions half up.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from service.applications.budget import flat_rate_base
from service.money import ZERO, share_down, to_cents

HUNDRED = Decimal(100)
# CPR Art. 55(2) and seed 004: the hourly rate is the latest documented annual gross employment cost ÷ 1 720
# hours (pro rata for part time: the basis is 1 720 × the share of full time).
HOURS_PER_YEAR = 1720


# -- Claim periods ------------------------------------------------------------------------------------------


def claim_periods(project_start: date, project_end: date, months: int) -> list[tuple[date, date]]:
    """The claim periods of a project: calendar periods of ``months`` months counted from 1 January (4: Jan–Apr,
    May–Aug, Sep–Dec, Sweden's tertials; 6: half-years), cut to the project period."""
    if months not in (1, 2, 3, 4, 6, 12):
        raise ValueError("a claim period is 1, 2, 3, 4, 6 or 12 months: it must divide the year")
    periods = []
    year, first = project_start.year, ((project_start.month - 1) // months) * months + 1
    while True:
        start = date(year, first, 1)
        last_month = first + months - 1
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        if start > project_end:
            break
        periods.append((max(start, project_start), min(end, project_end)))
        first += months
        if first > 12:
            year, first = year + 1, 1
    return periods


# -- Staff costs --------------------------------------------------------------------------------------------


def staff_by_percentage(monthly_gross: Decimal, percentage: Decimal, months: int) -> Decimal:
    """A fixed percentage of the monthly gross staff cost (employer's charges included), the same every month,
    backed by an assignment decision; no timesheets (seed 004, "Andel av månadslön")."""
    return to_cents(monthly_gross * percentage / HUNDRED * months)


def staff_by_hours(annual_gross: Decimal, basis_hours: int, hours: Decimal) -> Decimal:
    """Hours worked × the hourly rate, annual gross ÷ the hours it was computed on (seed 004, "Timlön")."""
    return to_cents(annual_gross * hours / basis_hours)


def hours_above_basis(hours_by_person_year: dict[tuple[str, int], Decimal], basis: dict[tuple[str, int], int]):
    """The persons and years whose hours declared exceed the hours their rate was computed on (seed 004: "det
    totala antalet timmar som deklareras per person för ett visst år ... får inte överstiga det antal timmar som
    används för beräkningen av timlönen")."""
    return {key: hours for key, hours in hours_by_person_year.items() if hours > basis[key]}


def indirect_costs(direct: Decimal, rate_percent: Decimal) -> Decimal:
    """Flat-rate indirect costs (CPR Art. 54(a)): the rate of the direct costs, half up to the cent."""
    return to_cents(direct * rate_percent / HUNDRED)


# -- Limits -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryLimit:
    category: str
    budget: Decimal  # approved
    allowed: Decimal  # budget plus the tenant's tolerance for shifts between categories
    before: Decimal  # standing in earlier claims (claimed less deducted; parked lines are claimed again later)
    this: Decimal  # this claim

    @property
    def total(self) -> Decimal:
        return self.before + self.this

    @property
    def left(self) -> Decimal:
        return self.allowed - self.total

    @property
    def over(self) -> bool:
        return self.total > self.allowed


@dataclass(frozen=True)
class Limits:
    categories: list[CategoryLimit]
    indirect_this: Decimal
    grant: Decimal  # the eligible cost granted: cumulative claims never above it
    before: Decimal  # every earlier claim, indirect costs included
    this: Decimal  # this claim, indirect costs included
    by_year: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # approved budget per year and category

    @property
    def total(self) -> Decimal:
        return self.before + self.this

    @property
    def left(self) -> Decimal:
        return self.grant - self.total

    @property
    def over_grant(self) -> bool:
        return self.total > self.grant

    @property
    def over(self) -> list[CategoryLimit]:
        return [limit for limit in self.categories if limit.over]


def allowed_with_tolerance(budget: Decimal, tolerance_percent: Decimal) -> Decimal:
    """What a category may reach when costs shift between categories: its budget plus the tolerance, half up."""
    return to_cents(budget * (HUNDRED + tolerance_percent) / HUNDRED)


def limits(
    *,
    budget: dict[str, Decimal],
    tolerance_percent: Decimal,
    before: dict[str, Decimal],
    this: dict[str, Decimal],
    indirect_rate: Decimal,
    indirect_before: Decimal,
    grant: Decimal,
    by_year: dict[int, dict[str, Decimal]] | None = None,
) -> Limits:
    """Each category's claims against its approved budget (with the tolerance), and the cumulative claims,
    indirect costs included, against the eligible cost granted. A category the budget does not have may not be
    claimed (allowed 0)."""
    categories = sorted(set(budget) | set(before) | set(this), key=_category_order)
    rows = [
        CategoryLimit(
            category=category,
            budget=budget.get(category, ZERO),
            allowed=allowed_with_tolerance(budget.get(category, ZERO), tolerance_percent),
            before=before.get(category, ZERO),
            this=this.get(category, ZERO),
        )
        for category in categories
    ]
    direct_this = sum(this.values(), ZERO)
    indirect_this = indirect_costs(flat_rate_base(this), indirect_rate)
    return Limits(
        categories=rows,
        indirect_this=indirect_this,
        grant=grant,
        before=sum(before.values(), ZERO) + indirect_before,
        this=direct_this + indirect_this,
        by_year=by_year or {},
    )


_ORDER = ("staff", "travel", "equipment", "external_services", "other")


def _category_order(category: str) -> tuple[int, str]:
    return (_ORDER.index(category) if category in _ORDER else len(_ORDER), category)


# -- Verification -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineOutcome:
    claimed: Decimal
    verified: Decimal
    deducted: Decimal
    parked: Decimal


def line_outcome(claimed: Decimal, outcome: str, verified: Decimal | None = None) -> LineOutcome:
    """Verified = claimed − deducted, per line: accepted keeps all, reduced keeps ``verified`` (less than claimed,
    not negative), refused keeps nothing; a parked line is neither verified nor deducted here but deferred to a
    later claim. Always verified + deducted + parked = claimed."""
    if outcome == "accepted":
        return LineOutcome(claimed, claimed, ZERO, ZERO)
    if outcome == "refused":
        return LineOutcome(claimed, ZERO, claimed, ZERO)
    if outcome == "parked":
        return LineOutcome(claimed, ZERO, ZERO, claimed)
    if outcome == "reduced":
        if verified is None or not (ZERO <= verified < claimed):
            raise ValueError("a reduced line keeps less than was claimed, and not less than nothing")
        return LineOutcome(claimed, verified, claimed - verified, ZERO)
    raise ValueError(f"unknown outcome {outcome!r}")


def eu_share_of_expenditure(verified: Decimal, eligible_cost: Decimal, eu_amount: Decimal) -> Decimal:
    """The Fund's share of verified expenditure at the project's rate: verified × EU amount ÷ eligible cost,
    down to the cent, so that the whole eligible cost gives exactly the EU amount granted (on a public-cost
    basis too: the EU amount is then a smaller share of the total, and so of each euro spent)."""
    return share_down(verified, eu_amount, eligible_cost)


# -- Payments -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentFigures:
    entitlement: Decimal  # the EU share the claim entitles to, capped at what the grant has left
    cleared: Decimal  # settled by the advance outstanding
    offset: Decimal  # netted against an amount owed
    amount: Decimal  # transferred
    advance_owed: Decimal = ZERO  # at the final balance: the advance no expenditure cleared, now owed back

    def __post_init__(self):
        assert self.entitlement == self.cleared + self.offset + self.amount  # noqa: S101 - an invariant


def payment_figures(
    *,
    eu_share: Decimal,
    grant_eu: Decimal,
    entitled_before: Decimal,
    advance_outstanding: Decimal,
    owed: Decimal,
    final: bool = False,
) -> PaymentFigures:
    """What a verified claim brings: its EU share, capped at the grant less what earlier claims were entitled to
    (net of recoveries); the advance outstanding is cleared first, then what the beneficiary owes is offset, and
    the rest is transferred. None of it is ever negative.

    At the final balance nothing is left to clear an advance against later: whatever of it this claim does not
    clear becomes an amount owed (pre-financing not justified by eligible expenditure is recovered, CPR Art.
    90(5) as applied to beneficiaries), so after the final payment the advance outstanding is always zero."""
    entitlement = max(ZERO, min(eu_share, grant_eu - entitled_before))
    cleared = min(max(ZERO, advance_outstanding), entitlement)
    offset = min(max(ZERO, owed), entitlement - cleared)
    advance_owed = max(ZERO, advance_outstanding - cleared) if final else ZERO
    return PaymentFigures(entitlement, cleared, offset, entitlement - cleared - offset, advance_owed)


def advance_allowed(*, grant_eu: Decimal, percent: Decimal, advanced_before: Decimal, paid_before: Decimal) -> Decimal:
    """The most an advance may be: the tenant's share of the EU amount granted (down to the cent) less advances
    already paid, and never more than the grant has left after every payment."""
    ceiling = share_down(grant_eu, percent, HUNDRED) - advanced_before
    return max(ZERO, min(ceiling, grant_eu - advanced_before - paid_before))
