"""Who may see and do what with progress reports. MA staff (administrators and case officers) every report of the
tenant; auditors read them; the beneficiary's members their own organisation's. Anything else answers 404, never
revealing that the report exists."""

from __future__ import annotations

import io

from flask import abort, send_file
from sqlalchemy import select

from service.applications.attachments import stored_content
from service.extensions import db
from service.organisations.util import is_member, organisation_ids_of
from service.projects.models import Project
from service.reports.models import ProgressReport, ReportEvidence, ReportValue

STAFF = ("ma_admin", "case_officer")
READERS = (*STAFF, "auditor")


def is_beneficiary(user, organisation_id: int) -> bool:
    return user.role == "applicant" and is_member(user.id, organisation_id)


def may_read(user, organisation_id: int) -> bool:
    return user.role in READERS or is_beneficiary(user, organisation_id)


def project_for(user, project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not may_read(user, project.organisation_id):
        abort(404)
    return project


def report_for(user, report_id: int) -> ProgressReport:
    report = db.session.get(ProgressReport, report_id)
    if report is None or not may_read(user, report.organisation_id):
        abort(404)
    return report


def report_for_beneficiary(user, report_id: int) -> ProgressReport:
    report = db.session.get(ProgressReport, report_id)
    if report is None or not is_beneficiary(user, report.organisation_id):
        abort(404)
    return report


def report_for_staff(user, report_id: int) -> ProgressReport:
    report = db.session.get(ProgressReport, report_id)
    if report is None or user.role not in STAFF:
        abort(404)
    return report


def reports_for(user, *, project_id: int | None = None) -> list[ProgressReport]:
    query = select(ProgressReport).order_by(ProgressReport.project_id, ProgressReport.sequence)
    if project_id is not None:
        query = query.where(ProgressReport.project_id == project_id)
    if user.role == "applicant":
        query = query.where(ProgressReport.organisation_id.in_(organisation_ids_of(user.id)))
    elif user.role not in READERS:
        return []
    return list(db.session.scalars(query))


def evidence_download(user, report_id: int, evidence_id: int):
    """A value's document as a download, for whoever may read its report; never shown inline."""
    report = report_for(user, report_id)
    evidence = db.session.get(ReportEvidence, evidence_id)
    value = db.session.get(ReportValue, evidence.value_id) if evidence is not None else None
    if value is None or value.report_id != report.id:
        abort(404)
    response = send_file(
        io.BytesIO(stored_content(evidence.sha256)),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
