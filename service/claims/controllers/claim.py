"""The beneficiary's pages: a project's claims, one claim with its lines, evidence, limits and submission;
the MA's list of every claim."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.applications.staff_list import staff_view
from service.claims import operations, presenters, simplified
from service.claims.controllers import back, integer, refused, typed_text
from service.claims.labels import CATEGORY_LABELS, EVIDENCE_LABELS, STAFF_METHOD_LABELS, STATUS_LABELS
from service.claims.models.claim import LINE_CATEGORIES, STATUSES
from service.claims.rules import HOURS_PER_YEAR
from service.claims.schemas import ClaimLineWriteSchema, ClaimSubmitSchema
from service.claims.settings import claim_settings
from service.claims.util import (
    READERS,
    claim_for,
    claim_for_beneficiary,
    claims_for,
    evidence_download,
    is_beneficiary,
    line_of,
    project_for,
)
from service.errors import Conflict
from service.extensions import db
from service.organisations.models import Organisation

STAFF_INPUTS = {
    "percentage": ("monthly_gross", "percentage", "months"),
    "hourly": ("annual_gross", "basis_hours", "hours"),
}
WHOLE_NUMBERS = ("months", "basis_hours")
EXAMPLE = Decimal("1234.56")  # how an amount is typed, shown in the reader's locale


# -- Lists --------------------------------------------------------------------------------------------------


def all_claims():
    """Every claim the person may read, by status (auditors: the tenant's; a member: their own). MA staff get the
    work queue's list (service.work_queue.claim_list)."""
    staff_page = staff_view("page", current_user.role, "claims")
    if staff_page is not None:
        return staff_page()
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    rows = presenters.claim_rows(claims_for(current_user, status=status or None))
    return render_template("claims/list.html", rows=rows, status=status, statuses=STATUS_LABELS)


def project_claims(project_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    project = project_for(current_user, project_id)
    claims = operations.claims_of(project)
    page = render_template(
        "claims/project_claims.html",
        project=project,
        rows=presenters.claim_rows(claims),
        may_open=is_beneficiary(current_user, project.organisation_id)
        and project.status == "active"
        and all(c.status == "verified" for c in claims),
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def open_claim(project_id: int):
    project = project_for(current_user, project_id)
    if not is_beneficiary(current_user, project.organisation_id):
        abort(404)
    try:
        claim = operations.open_claim(project, user=current_user)
    except Conflict as error:
        return refused(lambda **kw: project_claims(project_id, **kw), error, posted="open-")
    return back(_("The claim %(reference)s is open.", reference=claim.reference), "claims.claim", claim_id=claim.id)


# -- One claim ----------------------------------------------------------------------------------------------


def claim_page(claim_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    claim = claim_for(current_user, claim_id)
    project = operations._project(claim)
    beneficiary = is_beneficiary(current_user, claim.organisation_id)
    budget, _years = operations.budget_of(project)
    checks = operations.latest_checks(claim) if claim.status == "verified" or current_user.role in READERS else {}
    page = render_template(
        "claims/claim.html",
        claim=claim,
        project=project,
        organisation=db.session.get(Organisation, claim.organisation_id),
        may_edit=beneficiary and claim.editable,
        limits=operations.limits_of(claim),
        problems=operations.problems_of(claim) if claim.editable else {},
        checks=checks,
        figures_verified=presenters.verified_total(claim),
        euro=presenters.euro_of(claim.project_id, claim=claim) if claim.submissions else None,
        categories=[(c, CATEGORY_LABELS[c]) for c in LINE_CATEGORIES if c in budget],
        payment_due=operations.payment_due(claim),
        payment_days=claim_settings().payment_days,
        options=presenters.option_choices(simplified.project_options(project).values(), claim.currency),
        staff_methods=STAFF_METHOD_LABELS,
        evidence_kinds=EVIDENCE_LABELS,
        basis_hours=HOURS_PER_YEAR,
        example=EXAMPLE,
        numbers=presenters.line_numbers(claim),
        staff=presenters.is_staff(current_user) or current_user.role == "auditor",
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def _render(claim_id: int):
    return lambda **kw: claim_page(claim_id, **kw)


def line_payload(form) -> dict:
    """The cost as the API receives it: the inputs of the chosen category and staff method only (the form shows
    them all; what was left in the others is not part of this cost)."""
    data = {
        name: typed_text(form, name)
        for name in ("category", "description", "supplier", "document_number", "expense_date")
        if typed_text(form, name)
    }
    method = form.get("staff_method") or None
    if data.get("category") == "staff":
        used = STAFF_INPUTS.get(method, ())
        if method:
            data["staff_method"] = method
    elif data.get("category") == "unit_costs":
        used = ("option", "units")
    elif data.get("category") == "lump_sums":
        used = ("option",)
    else:
        used = ("amount",)
    for name in used:
        raw = typed_text(form, name)
        if raw:
            data[name] = integer(raw) if name in WHOLE_NUMBERS else raw
    return data


def add_line(claim_id: int):
    claim = claim_for_beneficiary(current_user, claim_id)
    try:
        operations.save_line(claim, ClaimLineWriteSchema().load(line_payload(request.form)), user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted="line-", typed=request.form.to_dict())
    return back(_("The cost was added."), "claims.claim", "lines", claim_id=claim.id)


def delete_line(claim_id: int, line_id: int):
    claim = claim_for_beneficiary(current_user, claim_id)
    try:
        operations.delete_line(claim, line_of(claim, line_id))
    except Conflict as error:
        return refused(_render(claim_id), error, posted=f"delete-{line_id}-")
    return back(_("The cost was removed."), "claims.claim", "lines", claim_id=claim.id)


def add_evidence(claim_id: int, line_id: int):
    claim = claim_for_beneficiary(current_user, claim_id)
    line = line_of(claim, line_id)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ValidationError({"file": [_("Choose a file to upload.")]})
        operations.add_evidence(
            claim,
            line,
            kind=request.form.get("kind", ""),
            filename=upload.filename,
            data=upload.read(),
            user=current_user,
        )
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted=f"evidence-{line.id}-", typed=request.form.to_dict())
    return back(_("The document was attached."), "claims.claim", f"line-{line.id}", claim_id=claim.id)


def download_evidence(claim_id: int, evidence_id: int):
    return evidence_download(current_user, claim_id, evidence_id)


def submit(claim_id: int):
    claim = claim_for_beneficiary(current_user, claim_id)
    try:
        body = ClaimSubmitSchema().load({"version": integer(request.form.get("version"))})
        submission = operations.submit(claim, user=current_user, read_version=body["version"])
    except (ValidationError, Conflict) as error:
        return refused(_render(claim_id), error, posted="submit-")
    return back(
        _("The claim was submitted. Receipt: %(receipt)s.", receipt=submission.receipt),
        "claims.claim",
        "receipt",
        claim_id=claim.id,
    )


def limits_preview(claim_id: int):
    """The limits table with the cost being typed counted in, nothing saved: the claim page's script asks for it
    while a cost is typed. The typed cost is read by the same schema and computed by the same rules as when it
    is added; while it is not yet a valid cost, the table is the claim's as saved."""
    claim = claim_for_beneficiary(current_user, claim_id)
    lines, typing = list(claim.lines), None
    try:
        data = ClaimLineWriteSchema().load(line_payload(request.form))
        if simplified.resolve(operations._plan(operations._project(claim)), data):
            raise ValidationError("not a unit cost or lump sum of the budget")
        typing = operations.line_amount(data)
    except (ValidationError, KeyError, TypeError, ArithmeticError):
        typing = None
    budget, _years = operations.budget_of(operations._project(claim))
    if claim.editable and typing is not None and typing > 0 and data["category"] in budget:
        lines.append(SimpleNamespace(category=data["category"], amount=typing))
    else:
        typing = None
    return render_template(
        "claims/_limits.html",
        claim=claim,
        currency=claim.currency,
        limits=operations.limits_of(claim, lines=lines),
        typing=typing,
    )
