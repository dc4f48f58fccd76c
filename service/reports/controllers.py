"""Request handlers of the report pages: a project's reports with its indicators and the register's counts; one
report (the beneficiary writes and submits it, the case officer accepts or returns it); the overdue reports.

Forms are read into a dict and handed to the same operations as the API (the "one path"): a refusal shows the
page again with the messages (422) or the conflict (409), nothing changed."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.applications.forms import integer, text
from service.autosave import endpoint as autosave_endpoint
from service.claims.controllers import back, refused
from service.errors import Conflict
from service.exports import requested_format
from service.extensions import db
from service.organisations.models import Organisation
from service.reports import exports, operations, presenters
from service.reports.models import NARRATIVE
from service.reports.util import (
    STAFF,
    evidence_download,
    is_beneficiary,
    project_for,
    report_for,
    report_for_beneficiary,
    report_for_staff,
    reports_for,
)


def project_reports(project_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    project = project_for(current_user, project_id)
    rows = presenters.project_rows(project)
    page = render_template(
        "reports/project_reports.html",
        project=project,
        reports=reports_for(current_user, project_id=project.id),
        rows=rows,
        chart=presenters.progress_chart(rows) if any(row.target is not None for row in rows) else None,
        today=operations.today(),
        may_create=is_beneficiary(current_user, project.organisation_id) and project.status == "active",
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def create_reports(project_id: int):
    project = project_for(current_user, project_id)
    if not is_beneficiary(current_user, project.organisation_id):
        abort(404)
    try:
        created = operations.create_due(project)
    except Conflict as error:
        return refused(lambda **kw: project_reports(project_id, **kw), error, posted="create-")
    message = (
        _("Reports created: %(count)s.", count=len(created)) if created else _("Every period begun has its report.")
    )
    return back(message, "reports.project_reports", project_id=project.id)


def export(project_id: int):
    project = project_for(current_user, project_id)
    try:
        format = requested_format(request.args)
    except ValidationError:
        abort(404)
    return exports.download(project, current_user, format)


def report_page(report_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    report = report_for(current_user, report_id)
    project = operations.project_of(report)
    rows = operations.indicator_rows(report, operations.language())
    page = render_template(
        "reports/report.html",
        report=report,
        project=project,
        organisation=db.session.get(Organisation, report.organisation_id),
        rows=rows,
        typed_rows=[row for row in rows if not row.participant],
        row_names={row.key: (f"{row.code} " if row.code else "") + row.name for row in rows},
        participant_rows=[row for row in rows if row.participant],
        chart=presenters.progress_chart(rows) if any(row.target is not None for row in rows) else None,
        may_edit=presenters.may_write(current_user, report) and project.status == "active",
        may_review=current_user.role in STAFF and report.status == "submitted",
        blocking=operations.problems_of(report) if report.editable else {},
        today=operations.today(),
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def _render(report_id: int):
    return lambda **kw: report_page(report_id, **kw)


def payload(form, rows) -> dict:
    """The report as the API receives it: the narrative's texts and the typed values (an empty value is left as
    it was)."""
    data = {name: text(form.get(name)) for name in NARRATIVE if name in form}
    values = {}
    for row in rows:
        raw = integer(form.get(f"value-{row.key}"))
        if raw is not None:
            values[row.key] = raw
    data["values"] = values
    return data


def save(report_id: int):
    report = report_for_beneficiary(current_user, report_id)
    try:
        rows = operations.plan_rows(operations.project_of(report))
        data = payload(request.form, [row for row in rows if not row.participant])
        operations.save(report, data, user=current_user, read_version=integer(request.form.get("version")))
    except (ValidationError, Conflict) as error:
        return refused(_render(report_id), error, posted="report-", typed=request.form.to_dict())
    return back(_("The report was saved."), "reports.report", "report-form", report_id=report.id)


def autosave(report_id: int):
    """The report form's JSON endpoint (service.autosave): POST {version, fields} saves the narrative's parts and
    the typed values ("value-<indicator key>") changed; GET gives a fresh CSRF token."""
    report = report_for_beneficiary(current_user, report_id)

    def save(changes: dict, read_version: int) -> None:
        operations.save_fields(report, changes, read_version=read_version, user=current_user)

    return autosave_endpoint(request.method, lambda: report.version, save)


def add_evidence(report_id: int, key: str):
    report = report_for_beneficiary(current_user, report_id)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ValidationError({"file": [_("Choose a file to upload.")]})
        operations.add_evidence(report, key, filename=upload.filename, data=upload.read(), user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(_render(report_id), error, posted=f"evidence-{key}-")
    return back(_("The document was attached."), "reports.report", f"value-{key}", report_id=report.id)


def download_evidence(report_id: int, evidence_id: int):
    return evidence_download(current_user, report_id, evidence_id)


def submit(report_id: int):
    report = report_for_beneficiary(current_user, report_id)
    try:
        submission = operations.submit(report, user=current_user, read_version=integer(request.form.get("version")))
    except (ValidationError, Conflict) as error:
        # What keeps the report from being submitted is shown beside the report's own fields.
        return refused(_render(report_id), error, posted="report-")
    return back(
        _("The report was submitted. Receipt %(receipt)s.", receipt=submission.receipt),
        "reports.report",
        "receipt",
        report_id=report.id,
    )


def review(report_id: int):
    report = report_for_staff(current_user, report_id)
    outcome = request.form.get("outcome", "")
    try:
        operations.review(report, outcome=outcome, comment=text(request.form.get("comment")), user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(_render(report_id), error, posted="review-", typed=request.form.to_dict())
    message = _("The report was accepted.") if outcome == "accepted" else _("The report was returned.")
    return back(message, "reports.report", report_id=report.id)


def overdue():
    if current_user.role not in STAFF:
        abort(404)
    today = operations.today()
    reports = operations.overdue_reports(today)
    projects = {report.project_id: operations.project_of(report) for report in reports}
    return render_template("reports/overdue.html", reports=reports, projects=projects, today=today)
