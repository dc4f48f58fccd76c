"""The MA's verification page of a submitted claim: each line's outcome, the risk sample, the checklist,
on-the-spot visits, completion, the report, and the return for supplements. Auditors read it."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from service.claims import operations, presenters, verification
from service.claims.controllers import back, refused, typed_text
from service.claims.labels import ANSWER_LABELS, OUTCOME_LABELS
from service.claims.models import Payment
from service.claims.schemas import ChecklistSchema, LineCheckSchema, OnTheSpotCheckSchema, ReturnClaimSchema
from service.claims.settings import claim_settings
from service.claims.util import STAFF, claim_for, claim_for_staff, line_of
from service.errors import Conflict
from service.extensions import db
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant


def verification_page(claim_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    claim = claim_for(current_user, claim_id)
    if current_user.role not in (*STAFF, "auditor"):
        abort(404)
    settings = claim_settings()
    sample = verification.sample_of(claim)
    checks = operations.latest_checks(claim)
    payment = db.session.scalars(
        select(Payment).where(Payment.claim_id == claim.id, Payment.status != "returned")
    ).first()
    page = render_template(
        "claims/verification.html",
        claim=claim,
        project=operations._project(claim),
        organisation=db.session.get(Organisation, claim.organisation_id),
        may_verify=current_user.role in STAFF and claim.status == "submitted",
        may_act=current_user.role in STAFF,
        checks=checks,
        sample=sample,
        sampled=set(sample.line_ids) if sample else set(),
        risks=verification.risks_of(claim),
        numbers=presenters.line_numbers(claim),
        outcomes=OUTCOME_LABELS,
        answers=ANSWER_LABELS,
        error_types=settings.choices("error_types"),
        error_label=lambda key: settings.label("error_types", key) if key != "flat_rate" else _("Flat rate"),
        checklist=settings.choices("checklist"),
        answered=verification.checklist_of(claim),
        visits=verification.visits_of(claim),
        missing=verification.missing_for_completion(claim) if claim.status == "submitted" else [],
        report=verification.report_of(claim),
        payment=payment,
        people=presenters.person_names(
            [c.checked_by for c in checks.values()] + ([claim.verified_by] if claim.verified_by else [])
        ),
        today=operations.ledger.today().isoformat(),
        zone=current_tenant().zone,
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def _render(claim_id: int):
    return lambda **kw: verification_page(claim_id, **kw)


def check_line(claim_id: int, line_id: int):
    claim = claim_for_staff(current_user, claim_id)
    line = line_of(claim, line_id)
    form = request.form
    outcome = form.get("outcome", "")
    payload = {
        "outcome": outcome,
        "verified": (typed_text(form, "verified") or None) if outcome == "reduced" else None,
        "error_type": (form.get("error_type") or None) if outcome in ("reduced", "refused") else None,
        "comment": typed_text(form, "comment"),
        "in_depth": form.get("in_depth") == "yes",
    }
    try:
        verification.check_line(claim, line, user=current_user, **LineCheckSchema().load(payload))
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted=f"check-{line.id}-", typed=form.to_dict())
    number = presenters.line_numbers(claim)[line.id]
    return back(
        _("The outcome of line %(number)s was recorded.", number=number),
        "claims.verification",
        f"line-{line.id}",
        claim_id=claim.id,
    )


def draw_sample(claim_id: int):
    claim = claim_for_staff(current_user, claim_id)
    try:
        verification.draw_sample(claim, user=current_user)
    except Conflict as error:
        return refused(_render(claim_id), error, posted="sample-")
    return back(_("The sample was drawn."), "claims.verification", "sample", claim_id=claim.id)


def answer_checklist(claim_id: int):
    claim = claim_for_staff(current_user, claim_id)
    form = request.form
    answers = {
        item: {"answer": form.get(f"answer-{item}"), "comment": typed_text(form, f"comment-{item}")}
        for item in claim_settings().keys("checklist")
        if form.get(f"answer-{item}")
    }
    try:
        data = ChecklistSchema().load({"answers": answers})
        verification.answer_checklist(claim, data["answers"], user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted="checklist-", typed=form.to_dict())
    return back(_("The checklist answers were recorded."), "claims.verification", "checklist", claim_id=claim.id)


def record_visit(claim_id: int):
    claim = claim_for_staff(current_user, claim_id)
    form = request.form
    payload = {name: typed_text(form, name) for name in ("visited_on", "place", "findings") if typed_text(form, name)}
    if form.get("satisfactory") in ("yes", "no"):
        payload["satisfactory"] = form["satisfactory"] == "yes"
    try:
        verification.record_visit(claim, user=current_user, **OnTheSpotCheckSchema().load(payload))
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted="visit-", typed=form.to_dict())
    return back(_("The on-the-spot check was recorded."), "claims.verification", "visits", claim_id=claim.id)


def complete(claim_id: int):
    claim = claim_for_staff(current_user, claim_id)
    try:
        verification.complete(claim, user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted="complete-")
    return back(_("The verification is complete."), "claims.verification", "report", claim_id=claim.id)


def return_claim(claim_id: int):
    claim = claim_for_staff(current_user, claim_id)
    form = request.form
    payload = {"message": typed_text(form, "message"), "deadline": typed_text(form, "deadline") or None}
    try:
        data = ReturnClaimSchema().load(payload)
        operations.return_for_supplements(claim, message=data["message"], deadline=data["deadline"], user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted="return-", typed=form.to_dict())
    return back(
        _("The claim was returned to the beneficiary for supplements."), "claims.verification", claim_id=claim.id
    )
