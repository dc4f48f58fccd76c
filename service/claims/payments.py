"""Payments and recoveries.

Segregation of duties, enforced: a payment is prepared by one person and approved by another; the person who
verified the claim may prepare its payment but never approve it; whoever confirms the transfer is neither the
approver nor the verifier. So who verifies, who approves and who confirms are always three people.

The figures are fixed when the payment is prepared (service.claims.rules.payment_figures) and checked again on
approval and on confirmation against the ledger as it then stands, so that two payments never spend the same
grant. Confirming posts the money to the ledger; nothing here changes a verified claim: a recovery is a new
record referencing it, with its own entries.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from service.claims import ledger, notifications, rules
from service.claims.figures import claim_figures, project_figures
from service.claims.models import Claim, LedgerEntry, Payment, Recovery
from service.claims.settings import claim_settings
from service.errors import Conflict
from service.extensions import db
from service.money import ZERO
from service.money.display import format_amount
from service.projects.models import Project
from service.tenancy.model_base import utcnow


def _locked_project(project_id: int) -> Project:
    """The project, locked until the transaction ends (PostgreSQL): one payment decision at a time per project."""
    return db.session.scalars(select(Project).where(Project.id == project_id).with_for_update()).one()


def _reference(project: Project, prefix: str, model) -> str:
    count = db.session.scalar(select(func.count(model.id)).where(model.project_id == project.id))
    return f"{project.reference}-{prefix}{count + 1}"


def grant_eu(project: Project) -> Decimal:
    financing = project.financing
    return financing.eu_amount.amount if financing else ZERO


def claim_eu_share(claim: Claim) -> Decimal:
    """The EU share of the claim's verified expenditure, at the financing each line is paid at (a line carried
    from an earlier claim keeps that claim's), rounded down once per financing."""
    verified: dict[int, Decimal] = {}
    rows = db.session.execute(
        select(LedgerEntry.line_id, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.claim_id == claim.id, LedgerEntry.kind.in_(("claimed", "deducted", "parked")))
        .group_by(LedgerEntry.line_id)
    )
    lines = {line.id: line for line in claim.lines}
    for line_id, amount in rows:
        line = lines.get(line_id)
        paid_at = (line.rate_claim_id if line is not None else None) or claim.id
        verified[paid_at] = verified.get(paid_at, ZERO) + Decimal(amount)
    share = ZERO
    for claim_id, amount in verified.items():
        financing = claim if claim_id == claim.id else db.session.get(Claim, claim_id)
        share += rules.eu_share_of_expenditure(amount, financing.eligible_cost, financing.eu_amount)
    return share


def figures_for(claim: Claim) -> rules.PaymentFigures:
    project = db.session.get(Project, claim.project_id)
    figures = project_figures(project.id)
    return rules.payment_figures(
        eu_share=claim_eu_share(claim),
        grant_eu=grant_eu(project),
        entitled_before=figures.entitled,
        advance_outstanding=figures.advance_outstanding,
        owed=figures.owed,
        final=claim.final,
    )


def _open_payments(project_id: int) -> int:
    return db.session.scalar(
        select(func.count(Payment.id)).where(
            Payment.project_id == project_id, Payment.status.in_(("prepared", "approved"))
        )
    )


def prepare_claim_payment(claim: Claim, *, user, note: str = "") -> Payment:
    """The payment of a verified claim: interim, or the final balance for the project's final claim."""
    project = _locked_project(claim.project_id)
    if claim.status != "verified":
        raise Conflict(_("Only a verified claim can be paid."))
    if db.session.scalar(select(Payment.id).where(Payment.claim_id == claim.id, Payment.status != "returned")):
        raise Conflict(_("This claim already has a payment."))
    if _open_payments(project.id):
        raise Conflict(_("Another payment of this project awaits approval or confirmation: finish it first."))
    figures = figures_for(claim)
    return _prepared(
        project,
        user=user,
        note=note,
        claim_id=claim.id,
        kind="final" if claim.final else "interim",
        currency=claim.currency,
        entitlement=figures.entitlement,
        cleared=figures.cleared,
        offset=figures.offset,
        amount=figures.amount,
        advance_owed=figures.advance_owed,
    )


def _prepared(project: Project, *, user, note: str, **figures) -> Payment:
    """A payment awaiting approval; whoever may approve it is told."""
    payment = Payment(
        project_id=project.id,
        reference=_reference(project, "P", Payment),
        status="prepared",
        note=(note or "").strip(),
        prepared_by=user.id,
        prepared_at=utcnow(),
        **figures,
    )
    db.session.add(payment)
    db.session.flush()
    notifications.notify_payment_awaiting_approval(payment)
    return payment


def prepare_advance(project: Project, *, amount: Decimal, user, note: str = "") -> Payment:
    """Pre-financing, up to the tenant's share of the EU amount granted."""
    project = _locked_project(project.id)
    if project.status != "active" or project.financing is None:
        raise Conflict(_("The project is not active: nothing can be paid on it."))
    if _open_payments(project.id):
        raise Conflict(_("Another payment of this project awaits approval or confirmation: finish it first."))
    if db.session.scalar(
        select(Payment.id).where(
            Payment.project_id == project.id, Payment.kind == "final", Payment.status != "returned"
        )
    ):
        raise Conflict(_("The final balance of this project has been prepared: no advance can follow it."))
    figures = project_figures(project.id)
    allowed = rules.advance_allowed(
        grant_eu=grant_eu(project),
        percent=claim_settings().advance_percent,
        advanced_before=figures.eu["advanced"],
        paid_before=figures.eu["paid"],
    )
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    if amount > allowed:
        raise ValidationError({"amount": [_("At most %(allowed)s can be advanced.", allowed=format_amount(allowed))]})
    return _prepared(
        project,
        user=user,
        note=note,
        claim_id=None,
        kind="advance",
        currency=project.financing.currency,
        entitlement=ZERO,
        amount=amount,
    )


def _verifier(payment: Payment) -> int | None:
    if payment.claim_id is None:
        return None
    return db.session.get(Claim, payment.claim_id).verified_by


def _still_right(payment: Payment) -> None:
    """The figures prepared still hold against the ledger as it stands now."""
    if payment.kind == "advance":
        return
    figures = figures_for(db.session.get(Claim, payment.claim_id))
    prepared = (payment.entitlement, payment.cleared, payment.offset, payment.amount, payment.advance_owed)
    if prepared != (figures.entitlement, figures.cleared, figures.offset, figures.amount, figures.advance_owed):
        raise Conflict(
            _("The project's payments have changed since this payment was prepared. Return it and prepare it again.")
        )


def _ensure(payment: Payment, status: str, version: int | None) -> None:
    if payment.status != status:
        raise Conflict(_("This payment is no longer %(status)s.", status=_status_word(status)))
    if version is not None and version != payment.version:
        raise Conflict(_("Someone changed this payment since you opened it. Reload it."))


def _status_word(status: str) -> str:
    return {"prepared": _("awaiting approval"), "approved": _("awaiting payment")}.get(status, status)


def approve(payment: Payment, *, user, version: int | None = None) -> Payment:
    _locked_project(payment.project_id)
    _ensure(payment, "prepared", version)
    if payment.prepared_by == user.id:
        raise Conflict(_("You prepared this payment: another person must approve it."))
    if _verifier(payment) == user.id:
        raise Conflict(_("You verified this claim: another person must approve its payment."))
    _still_right(payment)
    payment.status = "approved"
    payment.approved_by = user.id
    payment.approved_at = utcnow()
    db.session.flush()
    return payment


def return_payment(payment: Payment, *, reason: str, user, version: int | None = None) -> Payment:
    if payment.status not in ("prepared", "approved"):
        raise Conflict(_("Only a payment not yet paid can be returned."))
    if version is not None and version != payment.version:
        raise Conflict(_("Someone changed this payment since you opened it. Reload it."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for returning the payment.")]})
    payment.status = "returned"
    payment.returned_by = user.id
    payment.return_reason = reason.strip()
    db.session.flush()
    return payment


def confirm_paid(payment: Payment, *, paid_on: date, user, version: int | None = None) -> Payment:
    """The transfer was made: the money is posted to the ledger on the day it was paid."""
    _locked_project(payment.project_id)
    _ensure(payment, "approved", version)
    if user.id in (payment.approved_by, _verifier(payment)):
        raise Conflict(_("Whoever verified the claim or approved the payment cannot also confirm it."))
    if paid_on > ledger.today():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    if paid_on < payment.approved_at.date():
        raise ValidationError({"paid_on": [_("The payment date cannot be before the approval.")]})
    _still_right(payment)
    common = {
        "project_id": payment.project_id,
        "claim_id": payment.claim_id,
        "payment_id": payment.id,
        "currency": payment.currency,
        "user": user,
        "recorded_on": paid_on,
    }
    if payment.kind == "advance":
        ledger.post("advanced", eu_amount=payment.amount, **common)
    else:
        ledger.post("cleared", eu_amount=payment.cleared, **common)
        ledger.post("offset", eu_amount=payment.offset, **common)
        ledger.post("paid", eu_amount=payment.amount, **common)
        ledger.post("unjustified", eu_amount=payment.advance_owed, **common)
    payment.status = "paid"
    payment.paid_by = user.id
    payment.paid_on = paid_on
    db.session.flush()
    notifications.notify_paid(payment)
    return payment


# -- Recoveries ---------------------------------------------------------------------------------------------


def record_recovery(
    project: Project,
    *,
    expenditure: Decimal,
    irregularity: str,
    reason: str,
    user,
    suspected_fraud: bool = False,
    claim: Claim | None = None,
) -> Recovery:
    """Withdraw irregular expenditure: declared expenditure falls by it and the beneficiary owes its EU share."""
    project = _locked_project(project.id)
    errors: dict[str, list[str]] = {}
    if irregularity not in claim_settings().keys("irregularity_types"):
        errors["irregularity"] = [_("Choose the irregularity from the list.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the recovery.")]
    figures = project_figures(project.id)
    verified_standing = figures.standing if claim is None else _claim_standing(claim)
    if expenditure <= 0:
        errors["expenditure"] = [_("The amount must be more than zero.")]
    elif expenditure > verified_standing:
        errors["expenditure"] = [
            _("At most %(amount)s of verified expenditure can be withdrawn.", amount=format_amount(verified_standing))
        ]
    if claim is not None and claim.status != "verified":
        errors["claim_id"] = [_("Only expenditure of a verified claim can be recovered.")]
    if errors:
        raise ValidationError(errors)
    financing = project.financing
    eu_amount = min(
        rules.eu_share_of_expenditure(expenditure, financing.eligible_cost.amount, financing.eu_amount.amount),
        max(ZERO, figures.entitled),
    )
    recovery = Recovery(
        project_id=project.id,
        claim_id=claim.id if claim else None,
        reference=_reference(project, "R", Recovery),
        irregularity=irregularity,
        suspected_fraud=bool(suspected_fraud),
        reason=reason.strip(),
        currency=financing.currency,
        expenditure=expenditure,
        eu_amount=eu_amount,
        recorded_by=user.id,
        recorded_at=utcnow(),
    )
    db.session.add(recovery)
    db.session.flush()
    ledger.post(
        "recovered",
        project_id=project.id,
        claim_id=recovery.claim_id,
        recovery_id=recovery.id,
        currency=recovery.currency,
        amount=-expenditure,
        eu_amount=-eu_amount,
        user=user,
    )
    return recovery


def _claim_standing(claim: Claim) -> Decimal:
    totals = claim_figures(claim.id)
    return totals["claimed"] + totals["deducted"] + totals["parked"] + totals["recovered"]


def record_repayment(project: Project, *, amount: Decimal, repaid_on: date, user, recovery: Recovery | None = None):
    """The beneficiary paid back (part of) what it owes."""
    project = _locked_project(project.id)
    owed = project_figures(project.id).owed
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    if amount > owed:
        raise ValidationError({"amount": [_("The beneficiary owes %(owed)s.", owed=format_amount(owed))]})
    if repaid_on > ledger.today():
        raise ValidationError({"repaid_on": [_("The date cannot be in the future.")]})
    return ledger.post(
        "repaid",
        project_id=project.id,
        recovery_id=recovery.id if recovery else None,
        currency=project.financing.currency,
        eu_amount=amount,
        user=user,
        recorded_on=repaid_on,
    )


def payments_of(project: Project) -> list[Payment]:
    return list(db.session.scalars(select(Payment).where(Payment.project_id == project.id).order_by(Payment.id)))


def recoveries_of(project: Project) -> list[Recovery]:
    return list(db.session.scalars(select(Recovery).where(Recovery.project_id == project.id).order_by(Recovery.id)))
