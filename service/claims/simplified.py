"""Simplified cost options in a claim (CPR Art. 53(1)(b), (c)): the unit costs and lump sums of the project's
approved budget.

A unit cost is claimed as a number of units delivered at the budget's amount per unit, never a typed amount; a
lump sum at the budget's amount, in full or not at all, once for each lump sum of the budget. Neither is backed
by invoices but by evidence of what was delivered (seed 004: no separate bookkeeping, no accounting documents
for costs paid by simplified cost options). The flat rate of indirect costs is not added to them
(service.applications.budget.SIMPLIFIED).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from service.applications.budget import SIMPLIFIED, unit_costs
from service.claims.models import Claim, ClaimLine, LedgerEntry
from service.extensions import db
from service.money import ZERO
from service.money.display import wire
from service.projects.models import Project


@dataclass(frozen=True)
class Option:
    """One unit cost or lump sum of the approved budget; ``key`` names it in claim lines."""

    key: str
    category: str  # unit_costs | lump_sums
    description: str  # the unit, or what the lump sum pays for
    unit_amount: Decimal | None  # unit costs: the amount per unit
    planned: Decimal  # unit costs: the units budgeted over all years; lump sums: how many of this lump sum
    amount: Decimal  # lump sums: the amount of one; unit costs: the budget (planned × unit amount)


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def options_of(plan: dict) -> dict[str, Option]:
    """The simplified cost options of an approved budget (a project plan's applied budget), keyed. A unit cost
    is one option over all years (same unit and amount per unit); a lump sum is one option per description and
    amount, counted as many times as the budget has it."""
    found: dict[str, Option] = {}
    for line in plan["applied_budget"]["lines"]:
        category = line["category"]
        if category not in SIMPLIFIED:
            continue
        description = (line.get("description") or "").strip()
        amount = Decimal(line["amount"])
        if category == "unit_costs":
            if line.get("unit_amount") in (None, "") or line.get("units") in (None, ""):
                continue
            unit_amount, units = Decimal(line["unit_amount"]), Decimal(line["units"])
            key = _key(category, description, wire(unit_amount))
            before = found.get(key)
            planned = units + (before.planned if before else ZERO)
            found[key] = Option(key, category, description, unit_amount, planned, unit_costs(planned, unit_amount))
        else:
            key = _key(category, description, wire(amount))
            before = found.get(key)
            found[key] = Option(key, category, description, None, (before.planned if before else ZERO) + 1, amount)
    return found


def resolve(plan: dict, data: dict) -> dict[str, list[str]]:
    """Fill a simplified line's amount from its option (``data`` changed in place); the problems, by field."""
    if data["category"] not in SIMPLIFIED:
        return {}
    option = options_of(plan).get(data.get("option") or "")
    if option is None or option.category != data["category"]:
        return {"option": [_("Choose one of the unit costs or lump sums of the approved budget.")]}
    if option.category == "unit_costs":
        if data.get("units") is None:
            return {"units": [_("Give the number of units delivered.")]}
        data["unit_amount"] = option.unit_amount
        data["amount"] = unit_costs(data["units"], option.unit_amount)
    else:
        data["units"] = None
        data["unit_amount"] = None
        data["amount"] = option.amount
    return {}


def lump_sum_taken(claim: Claim, option: Option, *, line: ClaimLine | None) -> bool:
    """Whether each of this lump sum of the budget is already claimed: on another line of this claim, or standing
    in another claim of the project (a line refused or parked there no longer stands; a parked line stands again
    once carried)."""
    others = [
        other
        for other in claim.lines
        if other.option == option.key and (line is None or other.id != line.id) and other.carried_from_id is None
    ]
    standing = db.session.scalar(
        select(func.count()).select_from(
            select(LedgerEntry.line_id)
            .join(ClaimLine, ClaimLine.id == LedgerEntry.line_id)
            .join(Claim, Claim.id == ClaimLine.claim_id)
            .where(
                Claim.project_id == claim.project_id,
                Claim.id != claim.id,
                ClaimLine.option == option.key,
                LedgerEntry.kind.in_(("claimed", "deducted", "parked", "recovered")),
            )
            .group_by(LedgerEntry.line_id)
            .having(func.sum(LedgerEntry.amount) > 0)
            .subquery()
        )
    )
    carried_here = sum(1 for other in claim.lines if other.option == option.key and other.carried_from_id is not None)
    return len(others) + carried_here + (standing or 0) >= option.planned


def project_options(project: Project) -> dict[str, Option]:
    return options_of(project.current.content)
