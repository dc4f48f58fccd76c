"""What the portfolio page shows: the charts' series and values, and the drill-down's projects."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from service.claims.models import LedgerEntry
from service.extensions import db
from service.i18n import localized
from service.money import ZERO
from service.organisations.models import Organisation
from service.portfolio.figures import DECLARED, PAID, Portfolio, Selected
from service.portfolio.labels import objective_label, share_text

BUDGET_SERIES = (_l("Budget"), _l("Decided"), _l("Declared"), _l("Paid"))
PROGRESS_SERIES = (_l("Planned ÷ target 2029"), _l("Achieved ÷ target 2029"))


def percent(value: Decimal) -> str:
    return share_text(value)


def budget_chart(figures: Portfolio) -> dict:
    """Per specific objective with a budget: budget, decided (eligible cost), declared and paid, in euro."""
    rows = [row for row in figures.objectives if row.budget is not None]
    return {
        "series": [str(s) for s in BUDGET_SERIES],
        "categories": [objective_label(row.objective) for row in rows],
        "values": [
            [row.budget, row.eligible_cost.euro.amount, row.declared.euro.amount, row.paid.euro.amount] for row in rows
        ],
    }


def progress_chart(figures: Portfolio) -> dict:
    """Per indicator with a target: planned and achieved, in percent of the target 2029."""
    rows = [row for row in figures.indicators if row.target_2029]
    return {
        "series": [str(s) for s in PROGRESS_SERIES],
        "categories": [f"{row.code} {localized(row.names)}".strip() for row in rows],
        "values": [[row.planned_share, row.achieved_share] for row in rows],
    }


@dataclass
class ProjectLine:
    selected: Selected
    beneficiary: str
    declared: Decimal
    paid: Decimal


def drill_down(selected: list[Selected], as_of) -> list[ProjectLine]:
    """The selected operations of one row, with what each declared and was paid by ``as_of`` (tenant currency)."""
    ids = [s.project.id for s in selected]
    if not ids:
        return []
    names = {
        o.id: o.name
        for o in db.session.scalars(
            select(Organisation).where(Organisation.id.in_({s.project.organisation_id for s in selected}))
        )
    }
    declared: dict[int, Decimal] = {}
    paid: dict[int, Decimal] = {}
    for entry in db.session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.project_id.in_(ids), LedgerEntry.kind.in_(DECLARED + PAID), LedgerEntry.recorded_on <= as_of
        )
    ):
        if entry.kind in DECLARED:
            declared[entry.project_id] = declared.get(entry.project_id, ZERO) + entry.amount
        else:
            paid[entry.project_id] = paid.get(entry.project_id, ZERO) + entry.eu_amount
    return [
        ProjectLine(
            s, names.get(s.project.organisation_id, ""), declared.get(s.project.id, ZERO), paid.get(s.project.id, ZERO)
        )
        for s in selected
    ]
