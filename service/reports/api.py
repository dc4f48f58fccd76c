"""API of progress reports: the beneficiary writes and submits them; the MA's case officers accept or return
them; MA staff list the overdue ones."""

from __future__ import annotations

from flask import abort, g, jsonify, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.api.bodies import load_body
from service.reports import operations
from service.reports.models import NARRATIVE, ProgressReport
from service.reports.schemas import (
    ReportListItemSchema,
    ReportReviewSchema,
    ReportSchema,
    ReportSubmitSchema,
    ReportWriteSchema,
)
from service.reports.util import (
    STAFF,
    evidence_download,
    project_for,
    report_for,
    report_for_beneficiary,
    report_for_staff,
    reports_for,
)


def report_item(report: ProgressReport, today) -> dict:
    return {
        **{key: getattr(report, key) for key in ("id", "project_id", "reference", "period_start", "period_end")},
        **{key: getattr(report, key) for key in ("final", "due_on", "status")},
        "overdue": report.editable and report.due_on < today,
    }


def report_json(report: ProgressReport) -> dict:
    rows = operations.indicator_rows(report, operations.language())
    data = {
        **report_item(report, operations.today()),
        "version": report.version,
        "project_version": report.project_version,
        **{name: getattr(report, name) for name in NARRATIVE},
        "indicators": operations.rows_json(rows),
        "submissions": [
            {"sequence": s.sequence, "receipt": s.receipt, "submitted_at": s.submitted_at.isoformat()}
            for s in report.submissions
        ],
        "reviews": [
            {
                "submission": r.submission,
                "outcome": r.outcome,
                "comment": r.comment,
                "reviewed_at": r.reviewed_at.isoformat(),
            }
            for r in report.reviews
        ],
        "blocking": operations.problems_of(report) if report.editable else {},
    }
    return ReportSchema().dump(data)


def list_reports(project_id: int):
    """The project's progress reports.
    ---
    get:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: ReportListItemSchema}}}}
        404: {description: Not a project you may see.}
    """
    project = project_for(g.api_user, project_id)
    today = operations.today()
    return jsonify(
        [ReportListItemSchema().dump(report_item(r, today)) for r in reports_for(g.api_user, project_id=project.id)]
    )


def create_reports(project_id: int):
    """Create the reports of the project's reporting periods that have begun (the beneficiary's members; the
    calendar job does the same every hour).
    ---
    post:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        201:
          description: "The reports created (none: every begun period has its report)."
          content: {application/json: {schema: {type: array, items: ReportListItemSchema}}}
        404: {description: Not a project of yours.}
        409: {description: The project is not active.}
    """
    project = project_for(g.api_user, project_id)
    if g.api_user.role != "applicant":
        abort(404)
    created = operations.create_due(project)
    today = operations.today()
    return jsonify([ReportListItemSchema().dump(report_item(r, today)) for r in created]), 201


def get_report(report_id: int):
    """One progress report: its narrative, each indicator's planned and achieved value and share, its receipts
    and reviews.
    ---
    get:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: report_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ReportSchema}}}
        404: {description: Not a report you may see.}
    """
    return jsonify(report_json(report_for(g.api_user, report_id)))


def save_report(report_id: int):
    """Save the narrative and the typed values (those not given stay as they are).
    ---
    put:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: report_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ReportWriteSchema}}}
      responses:
        200: {description: Saved., content: {application/json: {schema: ReportSchema}}}
        404: {description: Not a report of yours.}
        409: {description: "Submitted, changed since read, or the project is not active."}
        422: {description: "An identity number in the text, a breakdown above its parent, a value below the accepted."}
    """
    report = report_for_beneficiary(g.api_user, report_id)
    body = load_body(ReportWriteSchema())
    operations.save(report, body, user=g.api_user, read_version=body.pop("version", None))
    return jsonify(report_json(report))


def add_evidence(report_id: int, key: str):
    """Attach a document behind a typed value (multipart: ``file``).
    ---
    post:
      tags: [reports]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: report_id, required: true, schema: {type: integer}}
        - {in: path, name: key, required: true, schema: {type: string}}
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, required: [file], properties: {file: {type: string, format: binary}}}
      responses:
        201: {description: Attached., content: {application/json: {schema: ReportSchema}}}
        404: {description: Not a report of yours.}
        409: {description: The report has been submitted.}
        422: {description: "No file, an unrecognised file, or no value saved for the indicator."}
    """
    report = report_for_beneficiary(g.api_user, report_id)
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to upload.")]})
    operations.add_evidence(report, key, filename=upload.filename or "", data=upload.read(), user=g.api_user)
    return jsonify(report_json(report)), 201


def download_evidence(report_id: int, evidence_id: int):
    """A typed value's document, as a download.
    ---
    get:
      tags: [reports]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: report_id, required: true, schema: {type: integer}}
        - {in: path, name: evidence_id, required: true, schema: {type: integer}}
      responses:
        200: {description: The file.}
        404: {description: Not a document of a report you may see.}
    """
    return evidence_download(g.api_user, report_id, evidence_id)


def submit_report(report_id: int):
    """Submit the report: frozen with the register's counts of the moment, with a receipt. Exactly one of two
    simultaneous submits wins.
    ---
    post:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: report_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ReportSubmitSchema}}}
      responses:
        201: {description: Submitted., content: {application/json: {schema: ReportSchema}}}
        404: {description: Not a report of yours.}
        409: {description: "Already submitted, changed since read, or the project is not active."}
        422: {description: A part of the narrative or a value is missing or breaks a rule.}
    """
    report = report_for_beneficiary(g.api_user, report_id)
    body = load_body(ReportSubmitSchema())
    operations.submit(report, user=g.api_user, read_version=body.get("version"))
    return jsonify(report_json(report)), 201


def _review(report_id: int, outcome: str):
    report = report_for_staff(g.api_user, report_id)
    body = load_body(ReportReviewSchema())
    operations.review(report, outcome=outcome, comment=body["comment"], user=g.api_user)
    return jsonify(report_json(report))


def accept_report(report_id: int):
    """Accept a submitted report (MA staff), with an optional comment.
    ---
    post:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: report_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ReportReviewSchema}}}
      responses:
        200: {description: Accepted., content: {application/json: {schema: ReportSchema}}}
        404: {description: Not a report you may review.}
        409: {description: The report is not awaiting review.}
    """
    return _review(report_id, "accepted")


def return_report(report_id: int):
    """Return a submitted report to the beneficiary with comments (MA staff).
    ---
    post:
      tags: [reports]
      security: [{bearer: []}]
      parameters: [{in: path, name: report_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ReportReviewSchema}}}
      responses:
        200: {description: Returned., content: {application/json: {schema: ReportSchema}}}
        404: {description: Not a report you may review.}
        409: {description: The report is not awaiting review.}
        422: {description: No comment.}
    """
    return _review(report_id, "returned")


def overdue_reports():
    """The tenant's reports past their due day and not submitted (MA staff).
    ---
    get:
      tags: [reports]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: ReportListItemSchema}}}}
    """
    if g.api_user.role not in STAFF:
        abort(404)
    today = operations.today()
    return jsonify([ReportListItemSchema().dump(report_item(r, today)) for r in operations.overdue_reports(today)])
