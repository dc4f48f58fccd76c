"""Decisions as the API returns them: all of it to MA staff, the decision itself to the applicant."""

from __future__ import annotations

from service.applications.models import Application
from service.calls.models import Call
from service.decisions import operations
from service.decisions.models import Decision
from service.decisions.schemas import ApplicantDecisionSchema, DecisionSchema, DecisionsSchema
from service.extensions import db


def _letter(decision: Decision) -> dict | None:
    if decision.letter_sha256 is None:
        return None
    return {
        "sha256": decision.letter_sha256,
        "language": decision.letter_language,
        "written_at": decision.letter_written_at.isoformat(),
    }


def _fields(decision: Decision) -> dict:
    call = db.session.get(Call, decision.call_id)
    values = {column.key: getattr(decision, column.key) for column in Decision.__table__.columns}
    values["own_contribution"] = decision.own_contribution
    values["cofinancing_rate_maximum"] = call.cofinancing_rate if decision.granted else None
    values["follows"] = (decision.reason_details or {}).get("follows", []) if decision.granted else []
    values["reason_texts"] = operations.reason_texts(decision, call) if not decision.granted else []
    values["letter"] = _letter(decision)
    return values


def decision_json(decision: Decision) -> dict:
    return DecisionSchema().dump(_fields(decision))


def applicant_decision_json(decision: Decision) -> dict:
    return ApplicantDecisionSchema().dump(_fields(decision))


def decisions_json(application: Application) -> dict:
    call = db.session.get(Call, application.call_id)
    current = operations.current_decision(application)
    return DecisionsSchema().dump(
        {
            "decisions": [_fields(d) for d in operations.decisions_of(application)],
            "current_id": current.id if current else None,
            "remaining_budget": operations.remaining_budget(call),
            "currency": call.currency,
        }
    )
