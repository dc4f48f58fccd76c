"""Decisions as the API returns them: all of it to MA staff, the decision itself to the applicant."""

from __future__ import annotations

from service.applications.models import Application
from service.calls.models import Call
from service.decisions import operations
from service.decisions.budget import remaining_budget
from service.decisions.models import Decision
from service.decisions.ranking import CallRanking, Line, outcome
from service.decisions.schemas import ApplicantDecisionSchema, DecisionSchema, DecisionsSchema, RankingSchema
from service.extensions import db
from service.jobs.queue import run_of


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
            "remaining_budget": remaining_budget(call),
            "currency": call.currency,
        }
    )


def _row(row, line: Line | None) -> dict:
    return {
        "position": row.position,
        "application_id": row.application.id,
        "reference": row.application.reference,
        "title": row.title,
        "applicant": row.applicant,
        "state": row.state,
        "total": row.total,
        "points": row.points,
        "passes": row.passes,
        "reasons": row.reasons,
        "requested": row.requested,
        "considered": row.considered,
        "granted": line.granted if line else None,
        "counted": line.counted if line else None,
        "cumulative": line.cumulative if line else None,
        "funding": line.funding if line else outcome(row),
        "tied": row.tied,
        "objective": row.objective,
    }


def ranking_json(result: CallRanking) -> dict:
    return RankingSchema().dump(
        {
            "call_id": result.call.id,
            "reference": result.call.reference,
            "currency": result.budget.currency,
            "budget": result.budget.budget,
            "granted": result.budget.granted,
            "remaining": result.budget.left,
            "proposed": result.proposed,
            "funding_line_after": result.funding_line_after,
            "objective_budgets": result.objective_budgets,
            "criteria": [{"key": key, "label": label.text or key} for key, label in result.criteria],
            "rows": [_row(line.row, line) for line in result.lines] + [_row(row, None) for row in result.outside],
            "not_assessed": [
                {
                    "application_id": row.application.id,
                    "reference": row.application.reference,
                    "title": row.title,
                    "applicant": row.applicant,
                    "state": row.state,
                }
                for row in result.not_assessed
            ],
            "undecided_ties": result.undecided_ties,
        }
    )


def letter_state(decision: Decision) -> str | None:
    """Where an approved decision's letter stands, for the pages that wait for it: ``ready``, or its job's
    ``queued``, ``running`` or ``failed`` (given up after its attempts); None before approval."""
    if decision.letter_sha256 is not None:
        return "ready"
    if decision.status != "approved":
        return None
    run = run_of("decisions.write_letter", str(decision.id))
    if run is None or run.status == "finished":  # enqueued with the approval's commit; finished means written
        return "queued"
    return run.status if run.status in ("running", "failed") else "queued"
