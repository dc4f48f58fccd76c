"""A project's money: granted, claimed, verified, paid and outstanding, in total and per cost category with
its chart; the payments (prepared, approved and confirmed by three people) and recoveries. The beneficiary
reads it; MA staff act on it; auditors read it."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.claims import operations, payments, presenters
from service.claims.controllers import back, integer, refused, typed_text
from service.claims.models import Claim, Payment
from service.claims.schemas import (
    AdvanceSchema,
    PaymentActionSchema,
    PaymentConfirmSchema,
    PaymentPrepareSchema,
    PaymentReturnSchema,
    RecoverySchema,
    RepaymentSchema,
)
from service.claims.settings import claim_settings
from service.claims.util import STAFF, claim_for_staff, payment_for_staff, project_for
from service.errors import Conflict
from service.extensions import db


def finance_page(project_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    project = project_for(current_user, project_id)
    claims = operations.claims_of(project)
    listed = payments.payments_of(project)
    recoveries = payments.recoveries_of(project)
    settings = claim_settings()
    paid_claims = {p.claim_id for p in listed if p.claim_id and p.status != "returned"}
    page = render_template(
        "claims/finance.html",
        project=project,
        finance=presenters.finance_of(project),
        euro=presenters.euro_of(project.id),
        payments=list(reversed(listed)),
        recoveries=recoveries,
        claims={c.id: c for c in claims},
        payable=[c for c in claims if c.status == "verified" and c.id not in paid_claims],
        claim_choices=[(c.id, c.reference) for c in claims if c.status == "verified"],
        people=presenters.payment_people(listed, recoveries),
        irregularities=settings.choices("irregularity_types"),
        irregularity_label=lambda key: settings.label("irregularity_types", key),
        may_act=current_user.role in STAFF,
        today=operations.ledger.today().isoformat(),
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def _render(project_id: int):
    return lambda **kw: finance_page(project_id, **kw)


def _staff_project(project_id: int):
    project = project_for(current_user, project_id, beneficiary=False)
    if current_user.role not in STAFF:
        abort(404)
    return project


def prepare_payment(claim_id: int):
    claim = claim_for_staff(current_user, claim_id)
    try:
        data = PaymentPrepareSchema().load({"note": typed_text(request.form, "note")})
        payment = payments.prepare_claim_payment(claim, user=current_user, **data)
    except (ValidationError, Conflict) as error:
        return refused(_render(claim.project_id), error, posted=f"prepare-{claim.id}-", typed=request.form.to_dict())
    return back(
        _("The payment %(reference)s was prepared: another person approves it.", reference=payment.reference),
        "claims.finance",
        "payments",
        project_id=claim.project_id,
    )


def prepare_advance(project_id: int):
    project = _staff_project(project_id)
    form = request.form
    payload = {"note": typed_text(form, "note")}
    if typed_text(form, "amount"):
        payload["amount"] = typed_text(form, "amount")
    try:
        payment = payments.prepare_advance(project, user=current_user, **AdvanceSchema().load(payload))
    except (ValidationError, Conflict) as error:
        return refused(_render(project_id), error, posted="advance-", typed=form.to_dict())
    return back(
        _("The payment %(reference)s was prepared: another person approves it.", reference=payment.reference),
        "claims.finance",
        "payments",
        project_id=project.id,
    )


def _payment(payment_id: int) -> Payment:
    payment = payment_for_staff(current_user, payment_id)
    if current_user.role not in STAFF:
        abort(404)
    return payment


def approve(payment_id: int):
    payment = _payment(payment_id)
    try:
        data = PaymentActionSchema().load({"version": integer(request.form.get("version"))})
        payments.approve(payment, user=current_user, **data)
    except (ValidationError, Conflict) as error:
        return refused(_render(payment.project_id), error, posted=f"payment-{payment_id}-")
    return back(
        _("The payment was approved."), "claims.finance", f"payment-{payment_id}", project_id=payment.project_id
    )


def return_payment(payment_id: int):
    payment = _payment(payment_id)
    form = request.form
    payload = {"version": integer(form.get("version"))}
    if typed_text(form, "reason"):
        payload["reason"] = typed_text(form, "reason")
    try:
        payments.return_payment(payment, user=current_user, **PaymentReturnSchema().load(payload))
    except (ValidationError, Conflict) as error:
        return refused(_render(payment.project_id), error, posted=f"payment-{payment_id}-", typed=form.to_dict())
    return back(
        _("The payment was returned."), "claims.finance", f"payment-{payment_id}", project_id=payment.project_id
    )


def confirm(payment_id: int):
    payment = _payment(payment_id)
    form = request.form
    payload = {"version": integer(form.get("version"))}
    if typed_text(form, "paid_on"):
        payload["paid_on"] = typed_text(form, "paid_on")
    try:
        payments.confirm_paid(payment, user=current_user, **PaymentConfirmSchema().load(payload))
    except (ValidationError, Conflict) as error:
        return refused(_render(payment.project_id), error, posted=f"payment-{payment_id}-", typed=form.to_dict())
    return back(
        _("The payment was confirmed as paid."),
        "claims.finance",
        f"payment-{payment_id}",
        project_id=payment.project_id,
    )


def record_recovery(project_id: int):
    project = _staff_project(project_id)
    form = request.form
    payload = {
        name: typed_text(form, name) for name in ("expenditure", "irregularity", "reason") if typed_text(form, name)
    }
    payload["suspected_fraud"] = form.get("suspected_fraud") == "yes"
    payload["claim_id"] = integer(form.get("claim_id"))
    try:
        data = RecoverySchema().load(payload)
        claim_id, claim = data.pop("claim_id"), None
        if claim_id is not None:
            claim = db.session.get(Claim, claim_id)
            if claim is None or claim.project_id != project.id:
                raise ValidationError({"claim_id": [_("Not a claim of this project.")]})
        payments.record_recovery(project, user=current_user, claim=claim, **data)
    except (ValidationError, Conflict) as error:
        return refused(_render(project_id), error, posted="recovery-", typed=form.to_dict())
    return back(_("The recovery was recorded."), "claims.finance", "recoveries", project_id=project.id)


def record_repayment(project_id: int):
    project = _staff_project(project_id)
    form = request.form
    payload = {name: typed_text(form, name) for name in ("amount", "repaid_on") if typed_text(form, name)}
    try:
        data = RepaymentSchema().load(payload)
        data.pop("recovery_id", None)
        payments.record_repayment(project, user=current_user, **data)
    except (ValidationError, Conflict) as error:
        return refused(_render(project_id), error, posted="repayment-", typed=form.to_dict())
    return back(_("The repayment was recorded."), "claims.finance", "recoveries", project_id=project.id)
