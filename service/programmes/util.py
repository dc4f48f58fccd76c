"""Reading a tenant's programme."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.catalogue.models import Indicator, SpecificObjective
from service.extensions import db
from service.money.parsing import from_wire
from service.programmes.models import Programme, ProgrammeVersion


def current_programme() -> Programme | None:
    """The tenant's programme (one per tenant in 2021–2027), with its lines loaded."""
    return db.session.scalar(
        select(Programme)
        .options(
            selectinload(Programme.allocations),
            selectinload(Programme.indicators),
            selectinload(Programme.specific_indicators),
        )
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


def versions(programme: Programme) -> list[ProgrammeVersion]:
    """The programme's saved versions, newest first."""
    return list(
        db.session.scalars(
            select(ProgrammeVersion)
            .where(ProgrammeVersion.programme_id == programme.id)
            .order_by(ProgrammeVersion.number.desc())
        )
    )


def find_version(programme: Programme, number: int) -> ProgrammeVersion | None:
    if not 0 < number < 2**31:  # the URL takes any integer; the column is a PostgreSQL integer
        return None
    return db.session.scalar(
        select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id, ProgrammeVersion.number == number)
    )


def latest_version(programme: Programme) -> ProgrammeVersion | None:
    return db.session.scalar(
        select(ProgrammeVersion)
        .where(ProgrammeVersion.programme_id == programme.id)
        .order_by(ProgrammeVersion.number.desc())
        .limit(1)
    )


@dataclass
class Difference:
    """One value that differs between two versions' snapshots (None: the line did not exist)."""

    section: str  # allocations | indicators | specific_indicators
    key: str  # SO1, O.1.1, or the programme-specific code
    field: str
    before: object
    after: object


_COMPARED = (
    ("allocations", "objective", ("eu_contribution", "national_cofinancing")),
    ("indicators", "code", ("milestone_2024", "target_2029")),
    ("specific_indicators", "code", ("name", "unit", "milestone_2024", "target_2029")),
)
MONEY_FIELDS = ("eu_contribution", "national_cofinancing")


def differences(before: dict | None, after: dict) -> list[Difference]:
    """What changed from one snapshot to the next; amounts come back as Decimal for display."""
    found = []
    for section, key, names in _COMPARED:
        earlier = {row[key]: row for row in (before or {}).get(section, [])}
        later = {row[key]: row for row in after.get(section, [])}
        for code in list(later) + [c for c in earlier if c not in later]:
            old, new = earlier.get(code, {}), later.get(code, {})
            for name in names:
                if old.get(name) != new.get(name):
                    found.append(
                        Difference(section, code, name, _typed(name, old.get(name)), _typed(name, new.get(name)))
                    )
    return found


def typed_snapshot(snapshot: dict) -> dict:
    """A snapshot with its amounts as Decimal, for the ``money`` filter."""
    typed = dict(snapshot)
    typed["allocations"] = [
        {**row, **{name: from_wire(row[name]) for name in MONEY_FIELDS}} for row in snapshot.get("allocations", [])
    ]
    typed["specific_indicators"] = snapshot.get("specific_indicators", [])
    return typed


def _typed(name: str, value):
    return from_wire(value) if name in MONEY_FIELDS and value is not None else value
