"""The assessment's ranking of a call: every submitted application with its state; the assessed ones that pass
the call's rules (and the granted ones) by consolidated score; those outside the ranking (rejected by a
decision or by the call's rules, ineligible); those not assessed yet. And a person's decisions on the
ranking: the order of equal scores, a partial amount for the application the funding line cuts.

Equal totals keep the order a person decided; until then they are shown as undecided ties. What the ranking
is worth against the call's budget (the grants in force, the running total, the funding line) is the
decisions' part, service.decisions.ranking: the assessment knows nothing of decisions but the application's
status they set (granted, rejected).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.applications.models import Application
from service.assessment.models import Consolidation, EligibilityCheck, RankingDecision
from service.assessment.operations import criteria_of, stage_from
from service.assessment.rules import rule_text
from service.calls.display import LocalText, pick
from service.calls.models import Call
from service.classification.util import specific_objective_of
from service.errors import Conflict
from service.extensions import db
from service.organisations.models import Organisation
from service.tenancy.model_base import utcnow

NOT_ASSESSED = ("submitted", "supplement_requested", "eligible")


@dataclass
class Row:
    application: Application
    state: str  # submitted | supplement_requested | eligible | ineligible | assessed | granted | rejected
    applicant: str
    objective: str | None
    consolidation: Consolidation | None = None
    reasons: list[str] = field(default_factory=list)  # the call's rules the score fails, in words
    partial: Decimal | None = None  # a partial amount a person decided
    tie_position: int | None = None
    position: int | None = None  # the place in the ranking; None outside it
    tied: bool = False

    @property
    def title(self) -> str:
        return self.application.title

    @property
    def total(self) -> Decimal | None:
        return self.consolidation.total if self.consolidation is not None else None

    @property
    def points(self) -> dict[str, Decimal]:
        """The consolidated points per criterion."""
        if self.consolidation is None:
            return {}
        return {key: Decimal(str(value)) for key, value in self.consolidation.points.items()}

    @property
    def passes(self) -> bool:
        return self.consolidation is not None and self.consolidation.passes

    @property
    def requested(self) -> Decimal:
        return self.application.eu_amount

    @property
    def considered(self) -> Decimal:
        """The EU amount applied for, or the partial amount a person decided."""
        return self.partial if self.partial is not None else self.requested

    @property
    def ranked(self) -> bool:
        """In the ranking: granted, or assessed and passing the call's rules. A rejection takes it out."""
        if self.consolidation is None:
            return False
        return self.state == "granted" or (self.state == "assessed" and self.passes)


@dataclass
class Ranking:
    call: Call
    criteria: list[tuple[str, LocalText]]  # (key, name) in the call's order
    ranked: list[Row]
    outside: list[Row]
    not_assessed: list[Row]

    @property
    def undecided_ties(self) -> bool:
        return any(row.tied for row in self.ranked)


def _latest_decisions(call: Call) -> dict[tuple[int, str], RankingDecision]:
    rows = db.session.scalars(
        select(RankingDecision).where(RankingDecision.call_id == call.id).order_by(RankingDecision.id)
    )
    return {(d.application_id, d.kind): d for d in rows}  # later ones replace earlier ones


def _by_application(model, ids: list[int]) -> dict:
    """The rows of ``model`` of these applications, the latest (highest id) one per application."""
    if not ids:
        return {}
    rows = db.session.scalars(select(model).where(model.application_id.in_(ids)).order_by(model.id))
    return {row.application_id: row for row in rows}


def _rows(call: Call) -> list[Row]:
    applications = list(
        db.session.scalars(
            select(Application)
            .where(Application.call_id == call.id, Application.status != "draft")
            .options(selectinload(Application.submissions))
            .order_by(Application.id)
        )
    )
    ids = [a.id for a in applications]
    consolidations = _by_application(Consolidation, ids)
    checks = _by_application(EligibilityCheck, ids)
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
    names = {key: text.text or key for key, text in criterion_labels(call)}
    decisions = _latest_decisions(call)
    rows = []
    for application in applications:
        consolidation = consolidations.get(application.id)
        tie = decisions.get((application.id, "tie_order"))
        partial = decisions.get((application.id, "partial"))
        rows.append(
            Row(
                application=application,
                state=stage_from(application, consolidation, checks.get(application.id)),
                applicant=organisations.get(application.organisation_id, ""),
                objective=specific_objective_of(application),
                consolidation=consolidation,
                reasons=[rule_text(rule, names) for rule in consolidation.failed_rules] if consolidation else [],
                partial=partial.amount if partial else None,
                tie_position=tie.position if tie else None,
            )
        )
    return rows


def criterion_labels(call: Call) -> list[tuple[str, LocalText]]:
    """The call's criteria in its order, each named in the reader's language (else the tenant's)."""
    return [(c["key"], pick(c.get("label"))) for c in criteria_of(call)]


def _by_score(row: Row) -> tuple:
    return (-row.total, row.tie_position if row.tie_position is not None else 10**9, row.application.id)


def by_score(call: Call) -> list[Row]:
    """Every assessed application that passes the call's rules, by score, whatever was decided since: the
    places the decisions were taken on (a rejection on the score states its place)."""
    return sorted((r for r in _rows(call) if r.passes), key=_by_score)


def ranking(call: Call) -> Ranking:
    rows = _rows(call)
    ranked = sorted((r for r in rows if r.ranked), key=_by_score)
    totals: dict[Decimal, int] = {}
    for row in ranked:
        totals[row.total] = totals.get(row.total, 0) + 1
    for position, row in enumerate(ranked, start=1):
        row.position = position
        row.tied = totals[row.total] > 1 and row.tie_position is None
    outside = sorted(
        (r for r in rows if not r.ranked and r.state not in NOT_ASSESSED),
        key=lambda r: (r.total is None, -(r.total or 0), r.application.id),
    )
    return Ranking(
        call=call,
        criteria=criterion_labels(call),
        ranked=ranked,
        outside=outside,
        not_assessed=[r for r in rows if r.state in NOT_ASSESSED],
    )


def decide(call: Call, data: dict, *, user) -> RankingDecision:
    """Record a person's decision on a tie or on a partial amount; the ranking follows it."""
    current = {row.application.id: row for row in ranking(call).ranked}
    row = current.get(data["application_id"])
    if row is None:
        raise Conflict(_("Only assessed applications of this call that pass its rules are ranked."))
    if not data["reason"].strip():
        raise ValidationError({"reason": [_("Give the reason for the decision.")]})
    if data["kind"] == "tie_order":
        if data.get("position") is None:
            raise ValidationError({"position": [_("Give the place among the applications with the same score.")]})
        if sum(1 for other in current.values() if other.total == row.total) < 2:
            raise Conflict(_("No other application has the same score."))
        amount = None
    else:
        if row.state == "granted":
            raise Conflict(_("This application is granted: the EU amount of its grant counts, not a partial amount."))
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
