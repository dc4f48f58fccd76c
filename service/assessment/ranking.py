"""The ranking of a call: assessed applications by score, the cumulative requested EU amount against
the call budget (and the budgets per specific objective), and where the funding line falls.

Strict order: the first application that no longer fits is cut by the line (a person may decide a
partial amount for it) and every one after it is unfunded. Equal totals keep the order a person
decided; until then they are shown as undecided ties. Applications that fail the call's rules are
listed last as rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.applications.models import Application
from service.assessment.models import Consolidation, RankingDecision
from service.assessment.rules import rule_text
from service.calls.display import pick
from service.calls.models import Call
from service.errors import Conflict
from service.extensions import db
from service.organisations.models import Organisation
from service.tenancy.model_base import utcnow

ZERO = Decimal("0.00")


@dataclass
class Row:
    application: Application
    consolidation: Consolidation
    applicant: str
    objective: str | None
    reasons: list[str]
    position: int = 0
    considered: Decimal = ZERO
    cumulative: Decimal | None = None
    funding: str = "unfunded"  # funded | partial | unfunded | rejected
    tied: bool = False
    tie_position: int | None = None

    @property
    def total(self) -> Decimal:
        return self.consolidation.total

    @property
    def requested(self) -> Decimal:
        return self.application.eu_amount


@dataclass
class Ranking:
    call: Call
    rows: list[Row]
    remaining: Decimal
    objective_budgets: dict[str, dict] = field(default_factory=dict)
    not_assessed: int = 0

    @property
    def undecided_ties(self) -> bool:
        return any(row.tied for row in self.rows)


def objective_of(application: Application) -> str | None:
    """The specific objective of the application's common indicators ("O.2.3" → SO2); None when they span several."""
    numbers = {i.indicator_code.split(".")[1] for i in application.indicators if i.indicator_code}
    return f"SO{numbers.pop()}" if len(numbers) == 1 else None


def _latest_decisions(call: Call) -> dict[tuple[int, str], RankingDecision]:
    rows = db.session.scalars(
        select(RankingDecision).where(RankingDecision.call_id == call.id).order_by(RankingDecision.id)
    )
    return {(d.application_id, d.kind): d for d in rows}  # later ones replace earlier ones


def ranking(call: Call) -> Ranking:
    applications = list(
        db.session.scalars(
            select(Application)
            .where(Application.call_id == call.id, Application.status != "draft")
            .options(selectinload(Application.indicators))
        )
    )
    ids = [a.id for a in applications]
    consolidations = (
        {
            c.application_id: c
            for c in db.session.scalars(select(Consolidation).where(Consolidation.application_id.in_(ids)))
        }
        if ids
        else {}
    )
    organisations = (
        {
            o.id: o.name
            for o in db.session.scalars(
                select(Organisation).where(Organisation.id.in_({a.organisation_id for a in applications}))
            )
        }
        if applications
        else {}
    )
    names = {c["key"]: pick(c.get("label")).text or c["key"] for c in (call.assessment or {}).get("criteria") or []}
    decisions = _latest_decisions(call)
    rows = [
        Row(
            application=a,
            consolidation=consolidations[a.id],
            applicant=organisations.get(a.organisation_id, ""),
            objective=objective_of(a),
            reasons=[rule_text(rule, names) for rule in consolidations[a.id].failed_rules],
        )
        for a in applications
        if a.id in consolidations
    ]
    for row in rows:
        tie = decisions.get((row.application.id, "tie_order"))
        row.tie_position = tie.position if tie else None
        partial = decisions.get((row.application.id, "partial"))
        row.considered = partial.amount if partial else row.requested
    passing = sorted(
        (r for r in rows if r.consolidation.passes),
        key=lambda r: (-r.total, r.tie_position if r.tie_position is not None else 10**9, r.application.id),
    )
    totals: dict[Decimal, int] = {}
    for row in passing:
        totals[row.total] = totals.get(row.total, 0) + 1
    for row in passing:
        row.tied = totals[row.total] > 1 and row.tie_position is None
    objective_budgets = {
        o.objective_code: {"budget": o.budget, "requested": ZERO, "funded": ZERO}
        for o in call.objectives
        if o.budget is not None
    }
    left = call.budget
    line_reached = False
    cumulative = ZERO
    for position, row in enumerate(passing, start=1):
        row.position = position
        cumulative += row.considered
        row.cumulative = cumulative
        budget = objective_budgets.get(row.objective) if row.objective else None
        if budget is not None:
            budget["requested"] += row.considered
        so_left = budget["budget"] - budget["funded"] if budget is not None else None
        fits = row.considered <= left and (so_left is None or row.considered <= so_left)
        if not line_reached and fits:
            row.funding = "funded"
            left -= row.considered
            if budget is not None:
                budget["funded"] += row.considered
        elif not line_reached:
            line_reached = True
            row.funding = "partial" if left > 0 and (so_left is None or so_left > 0) else "unfunded"
    rejected = sorted((r for r in rows if not r.consolidation.passes), key=lambda r: (-r.total, r.application.id))
    for row in rejected:
        row.funding = "rejected"
    return Ranking(
        call=call,
        rows=passing + rejected,
        remaining=left,
        objective_budgets=objective_budgets,
        not_assessed=len(applications) - len(rows),
    )


def decide(call: Call, data: dict, *, user) -> RankingDecision:
    """Record a person's decision on a tie or on a partial amount; the ranking follows it."""
    current = {row.application.id: row for row in ranking(call).rows}
    row = current.get(data["application_id"])
    if row is None or row.funding == "rejected":
        raise Conflict(_("Only assessed applications of this call that pass its rules are ranked."))
    if not data["reason"].strip():
        raise ValidationError({"reason": [_("Give the reason for the decision.")]})
    if data["kind"] == "tie_order":
        if data.get("position") is None:
            raise ValidationError({"position": [_("Give the place among the applications with the same score.")]})
        if sum(1 for other in current.values() if other.total == row.total and other.funding != "rejected") < 2:
            raise Conflict(_("No other application has the same score."))
        amount = None
    else:
        amount = data.get("amount")
        if amount is None or amount <= 0 or amount >= row.requested:
            raise ValidationError(
                {"amount": [_("A partial amount is more than zero and less than the EU amount applied for.")]}
            )
    decision = RankingDecision(
        application_id=row.application.id,
        call_id=call.id,
        kind=data["kind"],
        position=data.get("position") if data["kind"] == "tie_order" else None,
        amount=amount,
        reason=data["reason"].strip(),
        decided_by=user.id,
        decided_at=utcnow(),
    )
    db.session.add(decision)
    db.session.flush()
    return decision
