"""Progress reports as spreadsheets: each report of a project with each indicator's planned and achieved value,
the share achieved and, for participants, the breakdown by sex and age band. The table is built here once, for the
API's download and the pages'; the files are written by service.exports (text a spreadsheet would run as a
formula neutralised). Who sees what follows the API (service.reports.util)."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.exports import Column, requested_format, send_table
from service.projects.models import Project
from service.reports import operations
from service.reports.labels import AGE_LABELS, SEX_LABELS, STATUS_LABELS
from service.reports.util import project_for, reports_for

COLUMNS = [
    Column("report", _l("Report")),
    Column("period_start", _l("Period start"), "date"),
    Column("period_end", _l("Period end"), "date"),
    Column("due_on", _l("Due on"), "date"),
    Column("status", _l("Status")),
    Column("receipt", _l("Receipt")),
    Column("indicator", _l("Indicator")),
    Column("name", _l("Name")),
    Column("target", _l("Planned"), "integer"),
    Column("achieved", _l("Achieved"), "integer"),
    Column("share", _l("Share achieved"), "rate"),
    *[Column(f"sex_{key}", label, "integer") for key, label in SEX_LABELS.items()],
    *[Column(f"age_{key}", label, "integer") for key, label in AGE_LABELS.items()],
]


def reports_table(project: Project, user) -> list[dict]:
    """Each report of the project with each of its indicators (``user`` may already see the project)."""
    rows = []
    language = operations.language()
    for report in reports_for(user, project_id=project.id):
        for row in operations.indicator_rows(report, language):
            breakdown = row.breakdown
            rows.append(
                {
                    "report": report.reference,
                    "period_start": report.period_start,
                    "period_end": report.period_end,
                    "due_on": report.due_on,
                    "status": str(STATUS_LABELS.get(report.status, report.status)),
                    "receipt": report.submissions[-1].receipt if report.submissions else None,
                    "indicator": row.code or "",
                    "name": row.name,
                    "target": row.target,
                    "achieved": row.achieved,
                    "share": row.share,
                    **{f"sex_{k}": breakdown.by_sex[k] if breakdown else None for k in SEX_LABELS},
                    **{f"age_{k}": breakdown.by_age[k] if breakdown else None for k in AGE_LABELS},
                }
            )
    return rows


def download(project: Project, user, format: str):
    title = _("Progress reports of project %(reference)s", reference=project.reference)
    return send_table(format, title, title, COLUMNS, reports_table(project, user), sheet_name=_("Indicators"))


def export_reports(project_id: int):
    """The project's progress reports as a spreadsheet: each indicator's planned and achieved value, the share
    achieved and the participants' breakdowns.
    ---
    get:
      tags: [reports]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
        - {in: query, name: format, schema: {type: string, enum: [csv, xlsx], default: xlsx}}
      responses:
        200:
          description: "The file: XLSX, or CSV separated as the tenant's country's spreadsheets expect."
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
            text/csv: {schema: {type: string}}
        404: {description: Not a project you may see.}
        422: {description: An unknown format.}
    """
    project = project_for(g.api_user, project_id)
    return download(project, g.api_user, requested_format(request.args))
