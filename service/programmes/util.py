"""Reading a tenant's programme."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.catalogue.models import Indicator, SpecificObjective
from service.extensions import db
from service.programmes.models import Programme


def current_programme() -> Programme | None:
    """The tenant's programme (one per tenant in 2021–2027), with its lines loaded."""
    return db.session.scalar(
        select(Programme)
        .options(selectinload(Programme.allocations), selectinload(Programme.indicators))
        .order_by(Programme.period_start.desc())
        .limit(1)
    )


@dataclass
class ProgrammeTotals:
    eu_contribution: Decimal
    national_cofinancing: Decimal

    @property
    def total(self) -> Decimal:
        return self.eu_contribution + self.national_cofinancing


def totals(programme: Programme) -> ProgrammeTotals:
    eu = sum((a.eu_contribution for a in programme.allocations), Decimal("0.00"))
    national = sum((a.national_cofinancing for a in programme.allocations), Decimal("0.00"))
    return ProgrammeTotals(eu, national)


def objectives_by_code() -> dict[str, SpecificObjective]:
    return {o.code: o for o in db.session.scalars(select(SpecificObjective).order_by(SpecificObjective.valid_from))}


def indicators_by_code() -> dict[str, Indicator]:
    return {i.code: i for i in db.session.scalars(select(Indicator).order_by(Indicator.valid_from))}
