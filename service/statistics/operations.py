"""Applications received, granted and rejected, the grant rate and granted EU money: per call, per specific
objective, per type of intervention, per beneficiary and per organisation type, and the average score of
granted applications per objective.

As in the Swedish evaluation (seed 000, tables 1, 2 and 4): received = submitted applications; granted and
rejected follow the decision in force; the grant rate is granted ÷ decided (granted + rejected), so that
applications still being assessed do not lower it (in the evaluation every application was decided:
45 of 69 = 65 %). Every published call is listed, also one that received no application (table 1 lists such a
call with 0 granted, 0 rejected, 0 in total). Table 4 counts per beneficiary, the Swedish Migration Agency on a
row of its own: here every beneficiary organisation has its row. An application's specific objective and type
of intervention are its classification (service.classification: confirmed by the case officer, else proposed by
the applicant, else "unclassified"), never a guess. Money is summed in the tenant's currency: every call of a
tenant is in it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from service.applications.models import Application
from service.assessment.models import Consolidation
from service.calls.models import Call
from service.classification.util import UNCLASSIFIED, classification_of
from service.decisions.in_force import decisions_in_force
from service.decisions.models import Decision
from service.extensions import db
from service.organisations.models import Organisation

ZERO = Decimal("0.00")
HUNDREDTH = Decimal("0.01")
OBJECTIVE_ORDER = ("SO1", "SO2", "SO3", "SO4", "TA", UNCLASSIFIED)


@dataclass
class Tally:
    received: int = 0
    granted: int = 0
    rejected: int = 0
    granted_eu: Decimal = ZERO
    scores: list[Decimal] = field(default_factory=list)

    @property
    def undecided(self) -> int:
        return self.received - self.granted - self.rejected

    @property
    def grant_rate(self) -> Decimal | None:
        """Granted ÷ decided, as a percentage with one decimal (None before any decision)."""
        decided = self.granted + self.rejected
        if not decided:
            return None
        return (Decimal(self.granted) * 100 / decided).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def average_score(self) -> Decimal | None:
        """The mean total score of the granted applications, half up to 0.01."""
        if not self.scores:
            return None
        return (sum(self.scores, Decimal(0)) / len(self.scores)).quantize(HUNDREDTH, ROUND_HALF_UP)


@dataclass
class Statistics:
    calls: dict[int, Call]
    by_call: dict[int, Tally]
    by_objective: dict[str, Tally]
    by_intervention: dict[tuple[str, str], Tally]  # (objective or "unclassified", Annex VI code or "")
    by_beneficiary: dict[int, Tally]  # organisation id
    by_organisation_type: dict[str, Tally]
    organisations: dict[int, Organisation]
    total: Tally

    def share_of_granted_eu(self, tally: Tally) -> Decimal | None:
        """A part's share of all granted EU money, in percent with one decimal."""
        if not self.total.granted_eu:
            return None
        return (tally.granted_eu * 100 / self.total.granted_eu).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _calls(call_id: int | None) -> dict[int, Call]:
    """The calls to count: the one asked for, else every call that was published (open or closed)."""
    query = select(Call).order_by(Call.opens_at, Call.id)
    query = query.where(Call.id == call_id) if call_id is not None else query.where(Call.status != "draft")
    return {c.id: c for c in db.session.scalars(query)}


def _objective_key(objective: str) -> tuple[int, str]:
    return (OBJECTIVE_ORDER.index(objective) if objective in OBJECTIVE_ORDER else len(OBJECTIVE_ORDER), objective)


def statistics(call_id: int | None = None) -> Statistics:
    query = select(Application).where(Application.status != "draft").order_by(Application.id)
    if call_id is not None:
        query = query.where(Application.call_id == call_id)
    applications = list(db.session.scalars(query))
    ids = [a.id for a in applications]
    decisions = decisions_in_force(Decision.application_id.in_(ids)) if ids else {}
    scores = (
        {
            c.application_id: c.total
            for c in db.session.scalars(select(Consolidation).where(Consolidation.application_id.in_(ids)))
        }
        if ids
        else {}
    )
    organisations = (
        {
            o.id: o
            for o in db.session.scalars(
                select(Organisation).where(Organisation.id.in_({a.organisation_id for a in applications}))
            )
        }
        if applications
        else {}
    )
    calls = _calls(call_id)
    calls.update(
        {c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_({a.call_id for a in applications})))}
    )
    by_call: dict[int, Tally] = {shown: Tally() for shown in calls}  # a call without applications: 0/0/0
    by_objective: dict[str, Tally] = defaultdict(Tally)
    by_intervention: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_beneficiary: dict[int, Tally] = defaultdict(Tally)
    by_type: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for application in applications:
        classification = classification_of(application)
        objective = classification.objective or UNCLASSIFIED
        decision = decisions.get(application.id)
        for tally in (
            by_call[application.call_id],
            by_objective[objective],
            by_intervention[(objective, classification.intervention_field or "")],
            by_beneficiary[application.organisation_id],
            by_type[organisations[application.organisation_id].organisation_type],
            total,
        ):
            tally.received += 1
            if decision is not None and decision.granted:
                tally.granted += 1
                tally.granted_eu += decision.eu_amount
                if application.id in scores:
                    tally.scores.append(scores[application.id])
            elif decision is not None:
                tally.rejected += 1
    return Statistics(
        calls=calls,
        by_call=by_call,
        by_objective=dict(sorted(by_objective.items(), key=lambda item: _objective_key(item[0]))),
        by_intervention=dict(
            sorted(by_intervention.items(), key=lambda item: (_objective_key(item[0][0]), item[0][1]))
        ),
        by_beneficiary=dict(
            sorted(by_beneficiary.items(), key=lambda item: (-item[1].granted_eu, organisations[item[0]].name))
        ),
        by_organisation_type=dict(sorted(by_type.items())),
        organisations=organisations,
        total=total,
    )
