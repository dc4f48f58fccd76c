"""Who may see and do what with claims and payments. MA staff (administrators and case officers) every claim of
the tenant; auditors read them; the beneficiary's members their own organisation's. Anything else answers 404,
never revealing that the claim exists."""

from __future__ import annotations

import io

from flask import abort, send_file
from sqlalchemy import select

from service.applications.attachments import stored_content
from service.claims.models import Claim, ClaimEvidence, ClaimLine, Payment, Recovery
from service.extensions import db
from service.organisations.util import is_member, organisation_ids_of
from service.projects.models import Project

STAFF = ("ma_admin", "case_officer")
READERS = (*STAFF, "auditor")


def is_beneficiary(user, organisation_id: int) -> bool:
    return user.role == "applicant" and is_member(user.id, organisation_id)


def project_for(user, project_id: int, *, beneficiary: bool = True) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    if user.role in READERS or (beneficiary and is_beneficiary(user, project.organisation_id)):
        return project
    abort(404)


def claim_for(user, claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        abort(404)
    if user.role in READERS or is_beneficiary(user, claim.organisation_id):
        return claim
    abort(404)


def claim_for_beneficiary(user, claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None or not is_beneficiary(user, claim.organisation_id):
        abort(404)
    return claim


def claim_for_staff(user, claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None or user.role not in STAFF:
        abort(404)
    return claim


def line_of(claim: Claim, line_id: int) -> ClaimLine:
    line = db.session.get(ClaimLine, line_id)
    if line is None or line.claim_id != claim.id:
        abort(404)
    return line


def evidence_download(user, claim_id: int, evidence_id: int):
    """A line's document as a download, for whoever may read its claim; always a download, never shown inline."""
    claim = claim_for(user, claim_id)
    evidence = db.session.get(ClaimEvidence, evidence_id)
    if evidence is None or evidence.line_id not in {line.id for line in claim.lines}:
        abort(404)
    response = send_file(
        io.BytesIO(stored_content(evidence.sha256)),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def payment_for_staff(user, payment_id: int) -> Payment:
    payment = db.session.get(Payment, payment_id)
    if payment is None or user.role not in READERS:
        abort(404)
    return payment


def recovery_for(user, recovery_id: int) -> Recovery:
    recovery = db.session.get(Recovery, recovery_id)
    if recovery is None or user.role not in READERS:
        abort(404)
    return recovery


def claims_for(user, *, project_id: int | None = None, status: str | None = None) -> list[Claim]:
    query = select(Claim).order_by(Claim.id)
    if project_id is not None:
        query = query.where(Claim.project_id == project_id)
    if status:
        query = query.where(Claim.status == status)
    if user.role == "applicant":
        query = query.where(Claim.organisation_id.in_(organisation_ids_of(user.id)))
    elif user.role not in READERS:
        return []
    return list(db.session.scalars(query))
