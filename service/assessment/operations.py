"""Assessing a submitted application: the formal check, assigning assessors, their declarations and
scores, and the consolidated score under the call's rules.

Plain functions that flush; the request commits once. A refusal raises (ValidationError → 422,
Conflict → 409) before anything is changed.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.accounts.models import User
from service.applications.models import Application
from service.applications.submission import check, request_supplement
from service.assessment.models import Assignment, Consolidation, EligibilityCheck, Score
from service.assessment.rules import ELIGIBILITY_POINTS, failed_rules, mean_points, on_scale, scale_text
from service.calls.models import Call
from service.errors import Conflict
from service.extensions import db
from service.notifications.operations import notify
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

# Who may be assigned to assess: external experts and the managing authority's own staff.
ASSESSOR_ROLES = ("assessor", "case_officer", "ma_admin")


def checks_of(application: Application) -> list[EligibilityCheck]:
    """Every formal check of the application, oldest first."""
    return list(
        db.session.scalars(
            select(EligibilityCheck)
            .where(EligibilityCheck.application_id == application.id)
            .order_by(EligibilityCheck.id)
        )
    )


def latest_check(application: Application) -> EligibilityCheck | None:
    return db.session.scalars(
        select(EligibilityCheck)
        .where(EligibilityCheck.application_id == application.id)
        .order_by(EligibilityCheck.id.desc())
        .limit(1)
    ).first()


def assignments_for(user) -> list[Assignment]:
    """What is assigned to this person to assess, oldest first."""
    return list(db.session.scalars(select(Assignment).where(Assignment.assessor_id == user.id).order_by(Assignment.id)))


def consolidation_of(application: Application) -> Consolidation | None:
    return db.session.scalars(select(Consolidation).where(Consolidation.application_id == application.id)).first()


def assignments_of(application: Application) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment).where(Assignment.application_id == application.id).order_by(Assignment.id)
        )
    )


def stage(application: Application) -> str:
    """Where the application stands in the assessment: submitted (not checked yet), supplement_requested,
    ineligible, eligible (being scored) or assessed (consolidated)."""
    if application.status != "submitted":
        return application.status
    return stage_from(application, consolidation_of(application), latest_check(application))


def stage_from(application: Application, consolidation: Consolidation | None, checked: EligibilityCheck | None) -> str:
    """stage() from the consolidation and the latest check already read (the ranking reads a call's at once)."""
    if application.status != "submitted":
        return application.status
    if consolidation is not None:
        return "assessed"
    if checked is None or checked.submission_sequence < len(application.submissions):
        return "submitted"  # never checked, or checked before the latest supplement
    return checked.outcome


def suggested_points(application: Application, call: Call) -> dict[str, bool | None]:
    """What the system can tell for each point of the formal check; the case officer decides.
    None: a point only a person can judge."""
    organisation = db.session.get(Organisation, application.organisation_id)
    if call.competitive:
        type_ok = organisation.organisation_type in call.eligible_organisation_types
    else:
        type_ok = organisation.number in {entry.get("number") for entry in call.addressed_organisations}
    problems = {p.place for p in check(application, call)}
    grant_ok = (call.max_grant is None or application.eu_amount <= call.max_grant) and (
        call.min_grant is None or application.eu_amount >= call.min_grant
    )
    return {
        "applicant_type": type_ok,
        "call_scope": None,
        "completeness": not problems,
        "cofinancing": grant_ok and "private_funding" not in problems,
        "period": not ({"project_start", "project_end"} & problems),
    }


def record_eligibility(
    application: Application,
    points: dict[str, dict],
    outcome: str,
    *,
    user,
    message: str = "",
    deadline: datetime | None = None,
) -> EligibilityCheck:
    """Record the formal check of the latest submitted version. Every failed point needs its reason; an
    eligible outcome needs every point met; a failed check either rejects or asks for a supplement."""
    current = stage(application)
    if current not in ("submitted", "eligible", "ineligible"):
        raise Conflict(_("The formal check can be recorded only on a submitted application that is not yet assessed."))
    errors: dict[str, list[str]] = {}
    for point in ELIGIBILITY_POINTS:
        entry = points.get(point)
        if entry is None:
            errors[point] = [_("Say whether this point is met.")]
        elif not entry["met"] and not entry["reason"].strip():
            errors[point] = [_("Give the reason why this point is not met.")]
    failed = [point for point in ELIGIBILITY_POINTS if point in points and not points[point]["met"]]
    if outcome == "eligible" and failed:
        errors.setdefault("outcome", []).append(_("An application with a point not met cannot be eligible."))
    if outcome != "eligible" and not failed and not errors:
        errors.setdefault("outcome", []).append(_("Mark the points that are not met, with their reasons."))
    if outcome == "supplement_requested" and not message.strip():
        errors.setdefault("message", []).append(_("Say what the applicant should supplement."))
    if errors:
        raise ValidationError(errors)
    if outcome != "eligible" and consolidation_of(application) is not None:
        raise Conflict(_("This application has already been assessed."))
    record = EligibilityCheck(
        application_id=application.id,
        submission_sequence=len(application.submissions),
        points={p: {"met": points[p]["met"], "reason": points[p]["reason"].strip()} for p in ELIGIBILITY_POINTS},
        outcome=outcome,
        checked_by=user.id,
        checked_at=utcnow(),
    )
    db.session.add(record)
    if outcome == "supplement_requested":
        request_supplement(application, message=message, deadline=deadline, user=user)
    db.session.flush()
    return record


def _ensure_eligible(application: Application) -> None:
    current = stage(application)
    if current == "assessed":
        raise Conflict(_("This application has already been assessed."))
    if current != "eligible":
        raise Conflict(_("Record the formal check first: only eligible applications are assessed."))


def assign(application: Application, assessor_id: int, *, user) -> Assignment:
    _ensure_eligible(application)
    assessor = db.session.get(User, assessor_id)
    if assessor is None or not assessor.active or assessor.role not in ASSESSOR_ROLES:
        raise ValidationError({"assessor_id": [_("Choose an active assessor or member of staff of this tenant.")]})
    if any(a.assessor_id == assessor_id for a in assignments_of(application)):
        raise Conflict(_("This person is already assigned to the application."))
    assignment = Assignment(application_id=application.id, assessor_id=assessor_id, assigned_by=user.id, scores=[])
    db.session.add(assignment)
    db.session.flush()
    call = db.session.get(Call, application.call_id)
    notify(
        [assessor],
        "assessment_assigned",
        f"assignment:{assignment.id}",
        reference=application.reference,
        call=call.reference,
        assignment_id=assignment.id,
    )
    return assignment


def declare(assignment: Assignment, *, conflict: bool, statement: str) -> Assignment:
    """The assessor's declaration, once: no conflict of interest, or a conflict (recused, with what it is)."""
    if assignment.declaration is not None:
        raise Conflict(_("You have already made your declaration on this application."))
    if conflict and not statement.strip():
        raise ValidationError({"statement": [_("Describe the conflict of interest.")]})
    assignment.declaration = "conflict" if conflict else "no_conflict"
    assignment.declaration_text = statement.strip()
    assignment.declared_at = utcnow()
    db.session.flush()
    return assignment


def _ensure_may_score(assignment: Assignment, application: Application) -> None:
    if assignment.declaration is None:
        raise Conflict(_("Declare first whether you have a conflict of interest."))
    if assignment.recused:
        raise Conflict(_("You declared a conflict of interest and are recused from this application."))
    if assignment.submitted_at is not None:
        raise Conflict(_("Your scores have been submitted and can no longer be changed."))
    _ensure_eligible(application)


def criteria_of(call: Call) -> list[dict]:
    return list((call.assessment or {}).get("criteria") or [])


def justification_language(given: str | None) -> str:
    """The language a justification is written in: the one given, else the writer's, among the tenant's."""
    languages = list(current_tenant().languages)
    if given is not None and given not in languages:
        raise ValidationError(
            {"language": [_("Choose one of this tenant's languages: %(languages)s.", languages=", ".join(languages))]}
        )
    spoken = str(get_locale() or "")
    return given or (spoken if spoken in languages else languages[0])


def save_scores(assignment: Assignment, scores: list[dict], *, language: str) -> Assignment:
    """Save some or all of the assessor's scores: points on each criterion's scale and a justification."""
    application = db.session.get(Application, assignment.application_id)
    _ensure_may_score(assignment, application)
    call = db.session.get(Call, application.call_id)
    criteria = {c["key"]: c for c in criteria_of(call)}
    errors: dict[str, list[str]] = {}
    seen = set()
    for entry in scores:
        key = entry["criterion"]
        if key not in criteria:
            errors[key] = [_("Not a criterion of this call.")]
        elif key in seen:
            errors[key] = [_("Score each criterion once.")]
        elif not on_scale(criteria[key]["scale"], entry["points"]):
            errors[key] = [_("Give points on the scale %(scale)s.", scale=scale_text(criteria[key]["scale"]))]
        elif not entry["justification"].strip():
            errors[key] = [_("Justify the points in writing.")]
        seen.add(key)
    if errors:
        raise ValidationError({"scores": errors})
    existing = {s.criterion: s for s in assignment.scores}
    for entry in scores:
        score = existing.get(entry["criterion"])
        if score is None:
            score = Score(assignment=assignment, criterion=entry["criterion"])
            db.session.add(score)
        score.points = entry["points"]
        score.justification = entry["justification"].strip()
        score.language = language
        score.updated_at = utcnow()
    db.session.flush()
    return assignment


def submit_scores(assignment: Assignment) -> Assignment:
    application = db.session.get(Application, assignment.application_id)
    _ensure_may_score(assignment, application)
    call = db.session.get(Call, application.call_id)
    scored = {s.criterion for s in assignment.scores}
    missing = [c["key"] for c in criteria_of(call) if c["key"] not in scored]
    if missing:
        raise Conflict(_("Score every criterion before submitting."), details={"missing": missing})
    assignment.submitted_at = utcnow()
    db.session.flush()
    return assignment


def consolidate(
    application: Application, *, method: str, points: dict[str, int] | None, justification: str, user
) -> Consolidation:
    """The application's score from the submitted scores: their mean per criterion, or a consensus the case
    officer sets (with its justification). The call's rules are applied and the result kept."""
    _ensure_eligible(application)
    call = db.session.get(Call, application.call_id)
    criteria = criteria_of(call)
    active = [a for a in assignments_of(application) if not a.recused]
    pending = [a for a in active if a.submitted_at is None]
    if not active or pending:
        raise Conflict(
            _("Every assessor who is not recused must submit scores first."),
            details={"pending_assignments": [a.id for a in pending]},
        )
    if method == "mean":
        by_criterion = {
            c["key"]: [s.points for a in active for s in a.scores if s.criterion == c["key"]] for c in criteria
        }
        result = {key: mean_points(values) for key, values in by_criterion.items()}
    else:
        errors = {}
        given = points or {}
        for criterion in criteria:
            if not on_scale(criterion["scale"], given.get(criterion["key"])):
                errors[criterion["key"]] = [
                    _("Give points on the scale %(scale)s.", scale=scale_text(criterion["scale"]))
                ]
        unknown = set(given) - {c["key"] for c in criteria}
        errors.update({key: [_("Not a criterion of this call.")] for key in unknown})
        problems: dict = {"points": errors} if errors else {}
        if not justification.strip():
            problems["justification"] = [_("Justify the consensus score in writing.")]
        if problems:
            raise ValidationError(problems)
        result = {c["key"]: Decimal(given[c["key"]]) for c in criteria}
    consolidation = Consolidation(
        application_id=application.id,
        method=method,
        points={key: f"{value:.2f}" for key, value in result.items()},
        total=sum(result.values(), Decimal("0")),
        justification=justification.strip(),
        failed_rules=failed_rules(call.assessment or {}, result),
        consolidated_by=user.id,
        consolidated_at=utcnow(),
    )
    db.session.add(consolidation)
    db.session.flush()
    return consolidation
