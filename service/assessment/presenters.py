"""The assessment as the API answers it: the managing authority's view of one application and an assessor's
view of one assignment. The ranking of a call against its budget is the decisions' (service.decisions)."""

from __future__ import annotations

from sqlalchemy import select

from service.accounts.models import User
from service.applications.models import Application
from service.assessment import operations
from service.assessment.models import Assignment
from service.assessment.rules import rule_text
from service.assessment.schemas import AssessmentSchema, AssessorViewSchema
from service.calls.display import pick
from service.calls.models import Call
from service.extensions import db
from service.organisations.models import Organisation


def criterion_names(call: Call) -> dict[str, str]:
    return {c["key"]: pick(c.get("label")).text or c["key"] for c in operations.criteria_of(call)}


def _assignment(assignment: Assignment, names: dict[int, str]) -> dict:
    return {
        **{key: getattr(assignment, key) for key in ("id", "application_id", "assessor_id", "assigned_at")},
        **{key: getattr(assignment, key) for key in ("declaration", "declaration_text", "declared_at", "submitted_at")},
        "assessor": names.get(assignment.assessor_id, ""),
        "scores": assignment.scores,
    }


def person_names(ids) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return {u.id: u.name or u.email for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def assessment_json(application: Application) -> dict:
    call = db.session.get(Call, application.call_id)
    checks = operations.checks_of(application)
    assignments = operations.assignments_of(application)
    names = person_names(a.assessor_id for a in assignments)
    consolidation = operations.consolidation_of(application)
    shown = None
    if consolidation is not None:
        labels = criterion_names(call)
        shown = {
            **{key: getattr(consolidation, key) for key in ("method", "points", "total", "justification")},
            "failed_rules": consolidation.failed_rules,
            "reasons": [rule_text(rule, labels) for rule in consolidation.failed_rules],
            "passes": consolidation.passes,
            "consolidated_by": consolidation.consolidated_by,
            "consolidated_at": consolidation.consolidated_at,
        }
    return AssessmentSchema().dump(
        {
            "application_id": application.id,
            "reference": application.reference,
            "call_id": application.call_id,
            "stage": operations.stage(application),
            "suggested_points": operations.suggested_points(application, call),
            "checks": checks,
            "assignments": [_assignment(a, names) for a in assignments],
            "consolidation": shown,
        }
    )


def assessor_json(assignment: Assignment) -> dict:
    application = db.session.get(Application, assignment.application_id)
    call = db.session.get(Call, application.call_id)
    organisation = db.session.get(Organisation, application.organisation_id)
    may_read = assignment.declaration == "no_conflict"
    latest = application.submissions[-1] if application.submissions else None
    labels = criterion_names(call)
    return AssessorViewSchema().dump(
        {
            "assignment": _assignment(assignment, person_names([assignment.assessor_id])),
            "applicant": organisation.name,
            "partners": [p.name for p in application.partners],
            "call_reference": call.reference,
            "criteria": [
                {"key": c["key"], "label": labels[c["key"]], "scale": c["scale"]} for c in operations.criteria_of(call)
            ]
            if may_read
            else [],
            "content": latest.content if may_read and latest is not None else None,
        }
    )
