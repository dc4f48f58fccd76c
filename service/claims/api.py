"""API of claims: the beneficiary's claim and its lines and evidence; the MA's verification. Payments and
recoveries are in service.claims.payments_api."""

from __future__ import annotations

from flask import abort, g, jsonify, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.api.bodies import load_body
from service.claims import operations, simplified, verification
from service.claims.figures import claim_figures, in_euro
from service.claims.models import Claim
from service.claims.payments_api import euro_json
from service.claims.schemas import (
    ChecklistSchema,
    ClaimLineSchema,
    ClaimLineWriteSchema,
    ClaimListItemSchema,
    ClaimSchema,
    ClaimSubmitSchema,
    LineCheckSchema,
    OnTheSpotCheckSchema,
    ReturnClaimSchema,
)
from service.claims.util import (
    STAFF,
    claim_for,
    claim_for_beneficiary,
    claim_for_staff,
    claims_for,
    evidence_download,
    line_of,
    project_for,
)
from service.money.display import wire


def _outcome(check) -> dict | None:
    if check is None:
        return None
    return {
        "outcome": check.outcome,
        "verified": wire(check.verified),
        "error_type": check.error_type,
        "comment": check.comment,
        "in_depth": check.in_depth,
    }


def claim_json(claim: Claim, user) -> dict:
    """The claim as this person may read it: staff see the outcomes as they are recorded, the beneficiary once
    the claim is verified."""
    checks = operations.latest_checks(claim) if (user.role in STAFF or claim.status == "verified") else {}
    lines = [{**ClaimLineSchema().dump(line), "outcome": _outcome(checks.get(line.id))} for line in claim.lines]
    totals = claim_figures(claim.id)
    euro = in_euro(claim.project_id, ("claimed", "deducted", "parked"), claim_id=claim.id)
    claimed_euro = in_euro(claim.project_id, ("claimed",), claim_id=claim.id)
    figures = {
        "claimed_eur": wire(claimed_euro.amount),
        "verified_eur": wire(euro.amount) if claim.status == "verified" else None,
        **euro_json(euro),
        "claimed": wire(totals["claimed"]),
        "deducted": wire(-totals["deducted"]),
        "parked": wire(-totals["parked"]),
        "verified": wire(totals["claimed"] + totals["deducted"] + totals["parked"])
        if claim.status == "verified"
        else None,
    }
    data = ClaimSchema(exclude=("lines",)).dump(
        {
            **{column.key: getattr(claim, column.key) for column in Claim.__table__.columns},
            "limits": operations.limits_of(claim),
            "problems": operations.problems_of(claim) if claim.editable else {},
            "submissions": claim.submissions,
            "figures": figures,
            "payment_due": operations.payment_due(claim),
            "options": list(simplified.project_options(operations._project(claim)).values()),
        }
    )
    return {**data, "lines": lines}


def list_claims(project_id: int):
    """The project's claims.
    ---
    get:
      tags: [claims]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: ClaimListItemSchema}}}}
        404: {description: Not a project you may see.}
    """
    project = project_for(g.api_user, project_id)
    return jsonify([ClaimListItemSchema().dump(c) for c in claims_for(g.api_user, project_id=project.id)])


def open_claim(project_id: int):
    """Open a claim for the project's next claim period (the beneficiary's members).
    ---
    post:
      tags: [claims]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        201: {description: Opened., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a project of yours.}
        409: {description: "The project is not active, a claim is open, or no claim period has begun."}
    """
    project = project_for(g.api_user, project_id)
    if g.api_user.role != "applicant":
        abort(404)
    claim = operations.open_claim(project, user=g.api_user)
    return jsonify(claim_json(claim, g.api_user)), 201


def get_claim(claim_id: int):
    """One claim with its lines, limits and receipts.
    ---
    get:
      tags: [claims]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a claim you may see.}
    """
    return jsonify(claim_json(claim_for(g.api_user, claim_id), g.api_user))


def add_line(claim_id: int):
    """Add a cost to a claim being written.
    ---
    post:
      tags: [claims]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ClaimLineWriteSchema}}}
      responses:
        201: {description: Added., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a claim of yours.}
        409: {description: The claim has been submitted.}
        422: {description: "Invalid line: outside the project period, not in the budget, hours above the basis."}
    """
    claim = claim_for_beneficiary(g.api_user, claim_id)
    operations.save_line(claim, load_body(ClaimLineWriteSchema()), user=g.api_user)
    return jsonify(claim_json(claim, g.api_user)), 201


def change_line(claim_id: int, line_id: int):
    """Change a cost of a claim being written.
    ---
    put:
      tags: [claims]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: claim_id, required: true, schema: {type: integer}}
        - {in: path, name: line_id, required: true, schema: {type: integer}}
      requestBody: {content: {application/json: {schema: ClaimLineWriteSchema}}}
      responses:
        200: {description: Changed., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a line of a claim of yours.}
        409: {description: The claim has been submitted.}
        422: {description: Invalid line.}
    """
    claim = claim_for_beneficiary(g.api_user, claim_id)
    operations.save_line(claim, load_body(ClaimLineWriteSchema()), user=g.api_user, line=line_of(claim, line_id))
    return jsonify(claim_json(claim, g.api_user))


def delete_line(claim_id: int, line_id: int):
    """Remove a cost never submitted.
    ---
    delete:
      tags: [claims]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: claim_id, required: true, schema: {type: integer}}
        - {in: path, name: line_id, required: true, schema: {type: integer}}
      responses:
        200: {description: Removed., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a line of a claim of yours.}
        409: {description: "Submitted, carried from an earlier claim, or part of an earlier submission."}
    """
    claim = claim_for_beneficiary(g.api_user, claim_id)
    operations.delete_line(claim, line_of(claim, line_id))
    return jsonify(claim_json(claim, g.api_user))


def add_evidence(claim_id: int, line_id: int):
    """Attach an invoice, payslip or timesheet to a line (multipart: ``kind`` and ``file``).
    ---
    post:
      tags: [claims]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: claim_id, required: true, schema: {type: integer}}
        - {in: path, name: line_id, required: true, schema: {type: integer}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [kind, file]
              properties:
                kind: {type: string, enum: [invoice, payslip, timesheet, assignment, payment, contract, other]}
                file: {type: string, format: binary}
      responses:
        201: {description: Attached., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a line of a claim of yours.}
        409: {description: The claim has been submitted.}
        422: {description: "No file, an empty or unrecognised file, or too many."}
    """
    claim = claim_for_beneficiary(g.api_user, claim_id)
    line = line_of(claim, line_id)
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to upload.")]})
    operations.add_evidence(
        claim,
        line,
        kind=request.form.get("kind", ""),
        filename=upload.filename or "",
        data=upload.read(),
        user=g.api_user,
    )
    return jsonify(claim_json(claim, g.api_user)), 201


def download_evidence(claim_id: int, evidence_id: int):
    """A line's document, as a download.
    ---
    get:
      tags: [claims]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: claim_id, required: true, schema: {type: integer}}
        - {in: path, name: evidence_id, required: true, schema: {type: integer}}
      responses:
        200: {description: The file.}
        404: {description: Not a document of a claim you may see.}
    """
    return evidence_download(g.api_user, claim_id, evidence_id)


def submit_claim(claim_id: int):
    """Submit the claim: frozen, with a receipt. Exactly one of two simultaneous submits wins.
    ---
    post:
      tags: [claims]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ClaimSubmitSchema}}}
      responses:
        201: {description: Submitted., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a claim of yours.}
        409: {description: "Already submitted, changed since read, or the supplement deadline passed."}
        422: {description: "Lines without evidence, above the budget or the grant, hours above the basis."}
    """
    claim = claim_for_beneficiary(g.api_user, claim_id)
    body = load_body(ClaimSubmitSchema())
    operations.submit(claim, user=g.api_user, read_version=body.get("version"))
    return jsonify(claim_json(claim, g.api_user)), 201


def return_claim(claim_id: int):
    """Return a submitted claim to the beneficiary for supplements, by a deadline (MA staff).
    ---
    post:
      tags: [claims]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ReturnClaimSchema}}}
      responses:
        200: {description: Returned., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a claim of this tenant.}
        409: {description: Not a submitted claim.}
        422: {description: "No message, or a deadline not after today."}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    body = load_body(ReturnClaimSchema())
    operations.return_for_supplements(claim, message=body["message"], deadline=body["deadline"], user=g.api_user)
    return jsonify(claim_json(claim, g.api_user))


def check_line(claim_id: int, line_id: int):
    """Record a line's outcome: accepted, reduced (to ``verified``), refused, or parked for a later claim.
    ---
    post:
      tags: [verification]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: claim_id, required: true, schema: {type: integer}}
        - {in: path, name: line_id, required: true, schema: {type: integer}}
      requestBody: {content: {application/json: {schema: LineCheckSchema}}}
      responses:
        201: {description: Recorded., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a line of a claim of this tenant.}
        409: {description: Not a submitted claim.}
        422: {description: "No error type or explanation for a deduction, or a reduction not below the claim."}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    line = line_of(claim, line_id)
    verification.check_line(claim, line, user=g.api_user, **load_body(LineCheckSchema()))
    return jsonify(claim_json(claim, g.api_user)), 201


def draw_sample(claim_id: int):
    """Draw the lines to check in depth, on risk; locked once drawn.
    ---
    post:
      tags: [verification]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      responses:
        201: {description: Drawn.}
        404: {description: Not a claim of this tenant.}
        409: {description: "Not a submitted claim, or the sample was drawn already."}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    sample = verification.draw_sample(claim, user=g.api_user)
    return jsonify({"line_ids": sample.line_ids, "risks": sample.risks, "seed": sample.seed}), 201


def answer_checklist(claim_id: int):
    """Answer items of the management verification checklist (CPR Art. 74).
    ---
    post:
      tags: [verification]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ChecklistSchema}}}
      responses:
        201: {description: Recorded.}
        404: {description: Not a claim of this tenant.}
        409: {description: Not a submitted claim.}
        422: {description: "Unknown item, or a no without explanation."}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    verification.answer_checklist(claim, load_body(ChecklistSchema())["answers"], user=g.api_user)
    answers = verification.checklist_of(claim)
    return jsonify({item: {"answer": a.answer, "comment": a.comment} for item, a in answers.items()}), 201


def record_visit(claim_id: int):
    """Record an on-the-spot check and its findings.
    ---
    post:
      tags: [verification]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: OnTheSpotCheckSchema}}}
      responses:
        201: {description: Recorded.}
        404: {description: Not a claim of this tenant.}
        422: {description: Invalid visit.}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    visit = verification.record_visit(claim, user=g.api_user, **load_body(OnTheSpotCheckSchema()))
    return jsonify({"id": visit.id, "visited_on": visit.visited_on.isoformat()}), 201


def complete_verification(claim_id: int):
    """Complete the verification: every line has an outcome, the sample is checked in depth, the checklist
    answered; the deductions are posted.
    ---
    post:
      tags: [verification]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Verified., content: {application/json: {schema: ClaimSchema}}}
        404: {description: Not a claim of this tenant.}
        409: {description: Not a submitted claim.}
        422: {description: What is missing.}
    """
    claim = claim_for_staff(g.api_user, claim_id)
    verification.complete(claim, user=g.api_user)
    return jsonify(claim_json(claim, g.api_user))


def verification_report(claim_id: int):
    """The verification report: deductions by type of error and cost category.
    ---
    get:
      tags: [verification]
      security: [{bearer: []}]
      parameters: [{in: path, name: claim_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success.}
        404: {description: Not a claim of this tenant.}
    """
    claim = claim_for(g.api_user, claim_id)
    if g.api_user.role not in (*STAFF, "auditor") and claim.status != "verified":
        abort(404)
    report = verification.report_of(claim)
    return jsonify(
        {
            "claimed": wire(report.claimed),
            "verified": wire(report.verified),
            "deducted": wire(report.deducted),
            "parked": wire(report.parked),
            "indirect_claimed": wire(report.indirect_claimed),
            "indirect_verified": wire(report.indirect_verified),
            "by_error": {key: wire(value) for key, value in report.by_error.items()},
            "by_category": {c: {k: wire(v) for k, v in row.items()} for c, row in report.by_category.items()},
        }
    )
