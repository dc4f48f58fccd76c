"""What the grant decisions commit, beside the programme's budget in one currency: the euro.

The programme is in euro; a Swedish decision is in kronor. Each grant in force is converted at the
Commission's rate of the month the decision was approved, in the tenant's time zone (CPR Art. 87:
the month it was recorded), rounded half up to the cent; the rate and month are shown with it. A
month without a loaded rate is said so, and that grant is left out of the sums, never converted at 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.applications.models import Application
from service.classification.util import specific_objective_of
from service.decisions.in_force import grants_in_force
from service.decisions.models import Decision
from service.exchange.operations import Converted, RateBook, RateMissing
from service.exchange.rules import EURO
from service.extensions import db
from service.money import Money

# Who may see what each decision commits: as the statistics (service.statistics.api.READERS).
READERS = ("ma_admin", "case_officer", "committee")
ZERO = Decimal("0.00")


@dataclass
class CommittedGrant:
    decision: Decision
    objective: str  # SO1–SO4 as classified (confirmed, else proposed), or "" when not classified
    amount: Money  # the EU amount granted, in the decision's currency
    month: date  # the month of approval, in the tenant's time zone
    converted: Converted | None = None
    missing: RateMissing | None = None


@dataclass
class CommittedInEuro:
    grants: list[CommittedGrant] = field(default_factory=list)
    by_objective: dict[str, Decimal] = field(default_factory=dict)  # converted grants only
    total: Decimal = ZERO
    missing: list[RateMissing] = field(default_factory=list)  # one per currency and month

    @property
    def complete(self) -> bool:
        return not self.missing


def requested_in_euro(args) -> bool:
    """``?currency=EUR`` asks for the committed amounts in euro; any other value is refused (422)."""
    value = (args.get("currency") or "").strip()
    if not value:
        return False
    if value.upper() != EURO:
        raise ValidationError({"currency": [_("Only EUR can be asked for: the currency of the programme.")]})
    return True


def committed_in_euro(zone: ZoneInfo) -> CommittedInEuro:
    decisions = list(grants_in_force().values())
    applications = {
        a.id: a
        for a in db.session.scalars(
            select(Application).where(Application.id.in_([d.application_id for d in decisions]))
        )
    }
    grants = [
        CommittedGrant(
            decision=d,
            objective=specific_objective_of(applications[d.application_id]) or "",
            amount=Money(d.eu_amount, d.currency),
            month=d.approved_at.astimezone(zone).date().replace(day=1),
        )
        for d in decisions
    ]
    book = RateBook((g.amount.currency, g.month) for g in grants)
    result = CommittedInEuro(grants=grants)
    missing: dict[tuple[str, date], RateMissing] = {}
    for grant in grants:
        try:
            grant.converted = book.to_euro(grant.amount.amount, grant.amount.currency, grant.month)
        except RateMissing as error:
            grant.missing = missing.setdefault((error.currency, error.month), error)
            continue
        euro = grant.converted.euro.amount
        result.total += euro
        result.by_objective[grant.objective] = result.by_objective.get(grant.objective, ZERO) + euro
    result.missing = sorted(missing.values(), key=lambda m: (m.month, m.currency))
    return result


def committed_data(committed: CommittedInEuro) -> dict:
    """For the API: amounts as decimal strings, each grant with its rate and month or why it has none."""
    return {
        "currency": EURO,
        "total": committed.total,
        "complete": committed.complete,
        "by_objective": {code or "unclassified": amount for code, amount in sorted(committed.by_objective.items())},
        "missing_rates": [
            {"currency": m.currency, "month": m.month, "message": m.message()} for m in committed.missing
        ],
        "grants": [
            {
                "decision_id": g.decision.id,
                "reference": g.decision.reference,
                "objective": g.objective or None,
                "amount": g.amount.amount,
                "currency": g.amount.currency,
                "month": g.month,
                "rate": g.converted.rate if g.converted else None,
                "rate_version": g.converted.version if g.converted else None,
                "euro": g.converted.euro.amount if g.converted else None,
            }
            for g in committed.grants
        ],
    }
