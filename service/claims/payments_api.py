"""API of a project's money: its figures, payments (prepared, approved, confirmed by three people) and
recoveries."""

from __future__ import annotations

from flask import abort, g, jsonify

from service.api.bodies import load_body
from service.claims import payments
from service.claims.figures import in_euro, project_figures
from service.claims.models import Claim
from service.claims.models.ledger import KINDS
from service.claims.operations import budget_of
from service.claims.schemas import (
    AdvanceSchema,
    PaymentActionSchema,
    PaymentConfirmSchema,
    PaymentPrepareSchema,
    PaymentReturnSchema,
    PaymentSchema,
    RecoveryAnswerSchema,
    RecoverySchema,
    RepaymentSchema,
)
from service.claims.util import claim_for_staff, payment_for_staff, project_for
from service.extensions import db
from service.money import ZERO
from service.money.display import wire
from service.projects.models import Project


def euro_json(euro) -> dict:
    """Figures in euro with the Commission's rates they were converted at (CPR Art. 87)."""
    return {
        "waiting_for_rate": euro.waiting,
        "rates": [
            {"month": month.strftime("%Y-%m"), "rate": f"{rate.normalize():f}", "version": version}
            for month, rate, version in euro.rates
        ],
    }


def finance_json(project: Project) -> dict:
    """Granted, claimed, verified, paid and outstanding, in total and per cost category (tenant currency)."""
    figures = project_figures(project.id)
    financing = project.financing
    budget, _years = budget_of(project)
    grant_eu = financing.eu_amount.amount if financing else ZERO
    categories = sorted(set(budget) | set(figures.by_category))
    return {
        "currency": financing.currency if financing else None,
        "granted": {
            "eligible_cost": wire(financing.eligible_cost.amount if financing else ZERO),
            "eu_amount": wire(grant_eu),
        },
        "claimed": wire(figures.claimed),
        "verified": wire(figures.verified_expenditure),
        "deducted": wire(-figures.totals["deducted"]),
        "parked": wire(-figures.totals["parked"]),
        "recovered": wire(-figures.totals["recovered"]),
        "eu": {
            "advanced": wire(figures.eu["advanced"]),
            "paid": wire(figures.paid),
            "advance_outstanding": wire(figures.advance_outstanding),
            "entitled": wire(figures.entitled),
            "owed": wire(figures.owed),
            "repaid": wire(figures.eu["repaid"]),
            "outstanding": wire(grant_eu - figures.entitled),
        },
        "in_euro": _in_euro(project),
        "by_category": {
            category: {
                "budget": wire(budget.get(category, ZERO)),
                "claimed": wire(figures.by_category.get(category, {}).get("claimed", ZERO)),
                "verified": wire(figures.by_category.get(category, {}).get("verified", ZERO)),
            }
            for category in categories
        },
    }


def _in_euro(project: Project) -> dict:
    declared = in_euro(project.id, ("claimed", "deducted", "parked", "recovered"))
    paid = in_euro(project.id, ("advanced", "paid"))
    return {
        "declared": wire(declared.amount),
        "paid": wire(paid.eu_amount),
        **euro_json(in_euro(project.id, KINDS)),
    }


def project_finance(project_id: int):
    """The project's money: granted, claimed, verified, paid and outstanding, with its payments and recoveries.
    ---
    get:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success.}
        404: {description: Not a project you may see.}
    """
    project = project_for(g.api_user, project_id)
    return jsonify(
        {
            **finance_json(project),
            "payments": [PaymentSchema().dump(p) for p in payments.payments_of(project)],
            "recoveries": [RecoveryAnswerSchema().dump(r) for r in payments.recoveries_of(project)],
        }
    )


def prepare_payment(claim_id: int):
    """Prepare the payment of a verified claim: its EU share, capped at what the grant has left, less the
    advance cleared and any amount owed.
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: PaymentPrepareSchema}}}
      responses:
        201: {description: Prepared., content: {application/json: {schema: PaymentSchema}}}
        404: {description: Not a claim of this tenant.}
        409: {description: "Not verified, already paid, or another payment of the project is open."}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    payment = payments.prepare_claim_payment(claim, user=g.api_user, **load_body(PaymentPrepareSchema()))
    return jsonify(PaymentSchema().dump(payment)), 201


def prepare_advance(project_id: int):
    """Prepare an advance (pre-financing), up to the tenant's share of the EU amount granted.
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: AdvanceSchema}}}
      responses:
        201: {description: Prepared., content: {application/json: {schema: PaymentSchema}}}
        404: {description: Not a project of this tenant.}
        409: {description: "The project is not active, or another payment is open."}
        422: {description: Above what may be advanced.}
    """
    project = project_for(g.api_user, project_id, beneficiary=False)
    payment = payments.prepare_advance(project, user=g.api_user, **load_body(AdvanceSchema()))
    return jsonify(PaymentSchema().dump(payment)), 201


def approve_payment(payment_id: int):
    """Approve a payment (not its preparer, not the claim's verifier).
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: payment_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: PaymentActionSchema}}}
      responses:
        200: {description: Approved., content: {application/json: {schema: PaymentSchema}}}
        404: {description: Not a payment of this tenant.}
        409: {description: "Your own payment or claim, not awaiting approval, or the figures changed."}
    """
    payment = payment_for_staff(g.api_user, payment_id)
    payments.approve(payment, user=g.api_user, **load_body(PaymentActionSchema()))
    return jsonify(PaymentSchema().dump(payment))


def return_payment(payment_id: int):
    """Return a payment not yet paid, with the reason.
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: payment_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: PaymentReturnSchema}}}
      responses:
        200: {description: Returned., content: {application/json: {schema: PaymentSchema}}}
        404: {description: Not a payment of this tenant.}
        409: {description: Already paid.}
    """
    payment = payment_for_staff(g.api_user, payment_id)
    payments.return_payment(payment, user=g.api_user, **load_body(PaymentReturnSchema()))
    return jsonify(PaymentSchema().dump(payment))


def confirm_payment(payment_id: int):
    """Confirm the transfer was made (neither the approver nor the claim's verifier).
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: payment_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: PaymentConfirmSchema}}}
      responses:
        200: {description: Paid., content: {application/json: {schema: PaymentSchema}}}
        404: {description: Not a payment of this tenant.}
        409: {description: "Not approved, or you approved it or verified its claim."}
        422: {description: A payment date in the future or before the approval.}
    """
    payment = payment_for_staff(g.api_user, payment_id)
    payments.confirm_paid(payment, user=g.api_user, **load_body(PaymentConfirmSchema()))
    return jsonify(PaymentSchema().dump(payment))


def record_recovery(project_id: int):
    """Record a recovery: irregular expenditure withdrawn, its EU share owed back.
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: RecoverySchema}}}
      responses:
        201: {description: Recorded., content: {application/json: {schema: RecoveryAnswerSchema}}}
        404: {description: Not a project or claim of this tenant.}
        422: {description: Invalid recovery.}
    """
    project = project_for(g.api_user, project_id, beneficiary=False)
    body = load_body(RecoverySchema())
    claim_id, claim = body.pop("claim_id"), None
    if claim_id is not None:
        claim = db.session.get(Claim, claim_id)
        if claim is None or claim.project_id != project.id:
            abort(404)
    recovery = payments.record_recovery(project, user=g.api_user, claim=claim, **body)
    return jsonify(RecoveryAnswerSchema().dump(recovery)), 201


def record_repayment(project_id: int):
    """Record money the beneficiary paid back of what it owes.
    ---
    post:
      tags: [payments]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: RepaymentSchema}}}
      responses:
        201: {description: Recorded.}
        404: {description: Not a project of this tenant.}
        422: {description: "More than is owed, or a date in the future."}
    """
    project = project_for(g.api_user, project_id, beneficiary=False)
    body = load_body(RepaymentSchema())
    body.pop("recovery_id", None)
    payments.record_repayment(project, user=g.api_user, **body)
    return jsonify(finance_json(project)), 201
