"""Request handlers of the assessment pages: the case officer's page of one application (formal check,
assessors, consolidation), the assessor's assignments (declaration, scores), and the old address of a
call's ranking (now a decision page).

The forms are read into the API's schemas and handed to the same operations; a refusal shows the page
again with the messages and nothing changed; the framework commits once.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from service.accounts.models import User
from service.api.messages import translate_messages
from service.applications.forms import integer
from service.applications.models import Application
from service.applications.pages import indicator_labels
from service.assessment import operations
from service.assessment.presenters import criterion_names, person_names
from service.assessment.rules import ELIGIBILITY_POINTS, rule_text, scale_text
from service.assessment.schemas import (
    AssignmentWriteSchema,
    ConsolidationWriteSchema,
    DeclarationSchema,
    EligibilityWriteSchema,
    ScoresWriteSchema,
)
from service.assessment.util import STAFF, application_for_reader, application_for_staff, assignment_of
from service.calls.models import Call
from service.calls.util import call_or_404
from service.classification import operations as classification
from service.classification.presenters import all_objectives, choice_value, choices_for, described
from service.classification.schemas import ConfirmationWriteSchema
from service.errors import Conflict
from service.extensions import db
from service.organisations.models import Organisation


def _texts(value) -> list[str]:
    """Every message in a schema's nested answer ({"relevance": {"value": ["…"]}}) as one list."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def _refused(render, error: Exception, **given):
    """The page again with the refusal: a conflict's message, or the messages by field (and by criterion or
    point, for the fields that hold one value per criterion or point)."""
    db.session.rollback()
    if isinstance(error, Conflict):
        return render(status=409, alert=error.message, **given)
    messages = translate_messages(error.messages)
    errors = {
        field: {key: _texts(item) for key, item in value.items()} if isinstance(value, dict) else _texts(value)
        for field, value in messages.items()
    }
    return render(status=422, alert=_("Not saved. See the messages next to the fields."), errors=errors, **given)


# The case officer's page of one application.


def application_page(application_id: int, *, status: int = 200, alert: str | None = None, errors=None, typed=None):
    application = application_for_reader(current_user, application_id)
    call = db.session.get(Call, application.call_id)
    assignments = operations.assignments_of(application)
    names = person_names([a.assessor_id for a in assignments])
    assigned = {a.assessor_id for a in assignments}
    candidates = [
        u
        for u in db.session.scalars(
            select(User).where(User.role.in_(operations.ASSESSOR_ROLES), User.active.is_(True)).order_by(User.name)
        )
        if u.id not in assigned
    ]
    consolidation = operations.consolidation_of(application)
    labels = criterion_names(call)
    checks = list(reversed(operations.checks_of(application)))
    page = render_template(
        "assessment/application.html",
        may_act=current_user.role in STAFF,  # an auditor reads the page without its forms
        application=application,
        call=call,
        organisation=db.session.get(Organisation, application.organisation_id),
        stage=operations.stage(application),
        suggested=operations.suggested_points(application, call),
        checks=checks,
        checkers=person_names([c.checked_by for c in checks]),
        points=ELIGIBILITY_POINTS,
        assignments=assignments,
        names=names,
        candidates=candidates,
        criteria=operations.criteria_of(call),
        criterion_labels=labels,
        scale_text=scale_text,
        consolidation=consolidation,
        classification=described(application),
        classification_groups=choices_for(call.objective_codes, call.measures)
        + choices_for([code for code in all_objectives() if code not in call.objective_codes]),
        classification_value=(typed or {}).get("classification")
        or choice_value(application.confirmed_objective, application.confirmed_intervention)
        or choice_value(application.proposed_objective, application.proposed_intervention),
        confirmer=person_names([application.confirmed_by]).get(application.confirmed_by, "")
        if application.confirmed_by
        else "",
        reasons=[rule_text(rule, labels) for rule in consolidation.failed_rules] if consolidation else [],
        alert=alert,
        errors=errors or {},
        typed=typed or {},
    )
    return page, status


def _back(application_id: int, message: str, anchor: str):
    flash(message)
    return redirect(url_for("assessment.application", application_id=application_id, _anchor=anchor), 303)


def record_eligibility(application_id: int):
    application = application_for_staff(current_user, application_id)
    form = request.form
    payload = {
        "points": {
            point: {"met": form.get(f"met-{point}") == "yes", "reason": form.get(f"reason-{point}", "")}
            for point in ELIGIBILITY_POINTS
            if form.get(f"met-{point}") in ("yes", "no")
        },
        "outcome": form.get("outcome", ""),
        "message": form.get("message", ""),
    }
    try:
        data = EligibilityWriteSchema().load(payload)
        operations.record_eligibility(
            application, data["points"], data["outcome"], user=current_user, message=data["message"]
        )
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: application_page(application_id, **kw), error, typed=form)
    return _back(application.id, _("The formal check was recorded."), "eligibility")


def classify(application_id: int):
    """The case officer confirms the applicant's classification or corrects it (with the reason)."""
    application = application_for_staff(current_user, application_id)
    objective, _sep, code = request.form.get("classification", "").partition(":")
    try:
        data = ConfirmationWriteSchema().load(
            {"specific_objective": objective, "intervention_field": code, "reason": request.form.get("reason", "")}
        )
        classification.confirm(application, data, user=current_user)
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: application_page(application_id, **kw), error, typed=request.form)
    return _back(application.id, _("The classification was recorded."), "classification")


def assign(application_id: int):
    application = application_for_staff(current_user, application_id)
    try:
        data = AssignmentWriteSchema().load({"assessor_id": integer(request.form.get("assessor_id"))})
        operations.assign(application, data["assessor_id"], user=current_user)
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: application_page(application_id, **kw), error)
    return _back(application.id, _("The assessor was assigned."), "assessors")


def consolidate(application_id: int):
    application = application_for_staff(current_user, application_id)
    call = db.session.get(Call, application.call_id)
    form = request.form
    method = form.get("method", "")
    points = {c["key"]: integer(form.get(f"points-{c['key']}")) for c in operations.criteria_of(call)}
    payload = {"method": method, "justification": form.get("justification", "")}
    if method == "consensus":
        payload["points"] = points
    try:
        data = ConsolidationWriteSchema().load(payload)
        operations.consolidate(
            application,
            method=data["method"],
            points=data["points"],
            justification=data["justification"],
            user=current_user,
        )
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: application_page(application_id, **kw), error, typed=form)
    return _back(application.id, _("The score was consolidated."), "consolidation")


# The ranking of a call moved to the decision pages (it shows the decisions in force); old links follow it.


def call_ranking(call_id: int):
    call = call_or_404(call_id, drafts=True)
    return redirect(url_for("decisions.ranking", call_id=call.id), 301)


# The assessor's pages.


def my_assignments():
    rows = operations.assignments_for(current_user)
    applications = {
        a.id: a
        for a in db.session.scalars(select(Application).where(Application.id.in_({r.application_id for r in rows})))
    }
    return render_template("assessment/assignments.html", assignments=rows, applications=applications)


def assignment_page(assignment_id: int, *, status: int = 200, alert: str | None = None, errors=None, typed=None):
    assignment = assignment_of(current_user, assignment_id)
    application = db.session.get(Application, assignment.application_id)
    call = db.session.get(Call, application.call_id)
    readable = assignment.declaration == "no_conflict"
    page = render_template(
        "assessment/assignment.html",
        assignment=assignment,
        application=application,
        call=call,
        organisation=db.session.get(Organisation, application.organisation_id),
        content=application.submissions[-1].content if readable and application.submissions else None,
        criteria=operations.criteria_of(call) if readable else [],
        criterion_labels=criterion_names(call),
        scale_text=scale_text,
        given={s.criterion: s for s in assignment.scores},
        indicator_names=indicator_labels(call) if readable else {},
        alert=alert,
        errors=errors or {},
        typed=typed or {},
    )
    return page, status


def declare(assignment_id: int):
    assignment = assignment_of(current_user, assignment_id)
    form = request.form
    choice = form.get("conflict")
    payload = {"conflict": {"yes": True, "no": False}.get(choice, choice), "statement": form.get("statement", "")}
    try:
        data = DeclarationSchema().load(payload)
        operations.declare(assignment, conflict=data["conflict"], statement=data["statement"])
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: assignment_page(assignment_id, **kw), error, typed=form)
    flash(_("Your declaration was recorded."))
    return redirect(url_for("assessment.assignment", assignment_id=assignment.id), 303)


def save_scores(assignment_id: int):
    assignment = assignment_of(current_user, assignment_id)
    application = db.session.get(Application, assignment.application_id)
    call = db.session.get(Call, application.call_id)
    form = request.form
    entries = [
        {
            "criterion": c["key"],
            "points": integer(form.get(f"points-{c['key']}")),
            "justification": form.get(f"justification-{c['key']}", ""),
        }
        for c in operations.criteria_of(call)
        if (form.get(f"points-{c['key']}") or "").strip() or (form.get(f"justification-{c['key']}") or "").strip()
    ]
    try:
        if entries:
            data = ScoresWriteSchema().load({"scores": entries})
            operations.save_scores(assignment, data["scores"], language=operations.justification_language(None))
        if form.get("action") == "submit":
            operations.submit_scores(assignment)
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: assignment_page(assignment_id, **kw), error, typed=form)
    flash(_("Your scores were submitted.") if form.get("action") == "submit" else _("Your scores were saved."))
    return redirect(url_for("assessment.assignment", assignment_id=assignment.id), 303)
