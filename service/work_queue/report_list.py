"""The MA staff's list of progress reports, with where each report really stands: one rule, in SQL.

A report's ``status`` says draft, submitted, returned or accepted; its due day says whether it is late.
:func:`state_expression` reads them in one CASE, **first match wins** (this order is the precedence):

1. ``accepted`` — the case officer accepted it (``status = 'accepted'``).
2. ``submitted`` — submitted and awaiting the case officer's review (``status = 'submitted'``).
3. ``overdue`` — not submitted (draft or returned), its due day passed (``due_on`` before today in the tenant's
   calendar) and its project active: service.reports.operations.overdue_reports's rule, read in SQL.
4. ``returned`` — returned for changes, not yet due again: the beneficiary's move.
5. ``draft`` — being written, not yet due.

The person filter ``reviewer_id`` is the person who accepted or returned any submission of the report
(service.reports.models.ReportReview.reviewed_by): nothing else records who reviews a report.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, exists, literal, select
from sqlalchemy.orm import aliased

from service.calls.display import call_text, format_day, format_instant, organisation_type
from service.calls.models import Call
from service.exports import Column
from service.organisations.models import Organisation
from service.projects.models import Project
from service.reports.api import report_item
from service.reports.models import ProgressReport, ReportReview
from service.reports.operations import today
from service.reports.schemas import ReportListItemSchema
from service.tenancy.current import current_tenant
from service.work_queue import engine
from service.work_queue.choices import people_among
from service.work_queue.engine import folded
from service.work_queue.lists import Cell, StaffList, by_id, call_cell
from service.work_queue.query import list_schema

STATES = ("draft", "returned", "overdue", "submitted", "accepted")
STATE_LABELS = {
    "draft": _l("Being written"),
    "returned": _l("Returned for changes"),
    "overdue": _l("Overdue"),
    "submitted": _l("Submitted, awaiting review"),
    "accepted": _l("Accepted"),
}
SORTS = ("reference", "title", "organisation", "state", "due", "saved")


def state_expression():
    """The state of ``ProgressReport`` (a correlated SQL expression): see the module's docstring."""
    project = aliased(Project)
    active = exists().where(
        project.tenant_id == ProgressReport.tenant_id,
        project.id == ProgressReport.project_id,
        project.status == "active",
    )
    late = ProgressReport.status.in_(("draft", "returned")) & (ProgressReport.due_on < today()) & active
    return case(
        (ProgressReport.status == "accepted", literal("accepted")),
        (ProgressReport.status == "submitted", literal("submitted")),
        (late, literal("overdue")),
        (ProgressReport.status == "returned", literal("returned")),
        else_=literal("draft"),
    )


def _reviewed_by(person_id: int):
    return exists().where(
        ReportReview.tenant_id == ProgressReport.tenant_id,
        ReportReview.report_id == ProgressReport.id,
        ReportReview.reviewed_by == person_id,
    )


def _rows():
    return (
        select(ProgressReport)
        .join(Project, (Project.tenant_id == ProgressReport.tenant_id) & (Project.id == ProgressReport.project_id))
        .join(
            Organisation,
            (Organisation.tenant_id == ProgressReport.tenant_id) & (Organisation.id == ProgressReport.organisation_id),
        )
        .where(ProgressReport.tenant_id == current_tenant().id)
    )


SPEC = engine.ListSpec(
    rows=_rows,
    state=state_expression,
    states=STATES,
    filters={
        "call_id": lambda call_id: Project.call_id == call_id,
        "objective": lambda code: Project.specific_objective == code,
        "organisation_type": lambda kind: Organisation.organisation_type == kind,
        "reviewer_id": _reviewed_by,
        **engine.period_filters("due", ProgressReport.due_on, instants=False),
    },
    search=lambda: [ProgressReport.reference, Project.title, Organisation.name],
    sorts={
        "reference": lambda: ProgressReport.reference,
        "title": lambda: folded(Project.title),
        "organisation": lambda: folded(Organisation.name),
        "due": lambda: ProgressReport.due_on,
        "saved": lambda: ProgressReport.updated_at,
    },
    tie=ProgressReport.id,
)


def _label(code: str) -> str:
    return str(STATE_LABELS.get(code, code))


def _related(rows) -> tuple[dict, dict, dict]:
    reports = [report for report, _state in rows]
    projects = by_id(Project, (r.project_id for r in reports))
    return (
        projects,
        by_id(Call, (p.call_id for p in projects.values())),
        by_id(Organisation, (r.organisation_id for r in reports)),
    )


def _cells(rows) -> list[list[Cell]]:
    projects, calls, owners = _related(rows)
    return [
        [
            Cell(report.reference, href=url_for("reports.report", report_id=report.id), header=True),
            Cell(projects[report.project_id].title),
            Cell(owners[report.organisation_id].name),
            call_cell(calls[projects[report.project_id].call_id]),
            Cell(f"{format_day(report.period_start)} – {format_day(report.period_end)}"),
            Cell(_label(state), state=state),
            Cell(format_day(report.due_on)),
            Cell(format_instant(report.updated_at)),
        ]
        for report, state in rows
    ]


def _json(rows) -> list[dict]:
    projects, _calls, _owners = _related(rows)
    schema, on = ReportListItemSchema(), today()
    return [
        {
            **schema.dump(report_item(report, on)),
            "organisation_id": report.organisation_id,
            "call_id": projects[report.project_id].call_id,
            "state": state,
        }
        for report, state in rows
    ]


def _export_rows(rows) -> list[dict]:
    projects, calls, owners = _related(rows)
    found = []
    for report, state in rows:
        project, owner = projects[report.project_id], owners[report.organisation_id]
        call = calls[project.call_id]
        found.append(
            {
                "reference": report.reference,
                "title": project.title,
                "state": _label(state),
                "call": f"{call.reference} {call_text(call)}".strip(),
                "organisation": owner.name,
                "organisation_type": organisation_type(owner.organisation_type),
                "objective": project.specific_objective or "",
                "period_start": report.period_start,
                "period_end": report.period_end,
                "due_on": report.due_on,
                "saved": report.updated_at,
            }
        )
    return found


REPORTS = StaffList(
    name="reports",
    spec=SPEC,
    schema=list_schema("ReportListQuerySchema", states=STATES, sorts=SORTS, person="reviewer_id", period="due"),
    sort="due",
    order="asc",
    state_labels=STATE_LABELS,
    titles={
        "title": _l("Progress reports"),
        "intro": _l("Every progress report of the tenant's projects: the overdue ones and those awaiting review."),
        "search": _l("Words in the report's reference, the project's title or the organisation's name."),
        "show": _l("Show reports"),
        "per_state": _l("Reports per state"),
        "caption": _l("Progress reports"),
        "none": _l("There are no progress reports yet."),
        "no_match": _l("No report matches these filters."),
    },
    page_endpoint="work_queue.reports",
    export_endpoint="work_queue.export_reports",
    columns=[
        ("reference", _l("Reference"), True),
        ("title", _l("Project"), True),
        ("organisation", _l("Organisation"), True),
        ("call", _l("Call"), False),
        ("period", _l("Reporting period"), False),
        ("state", _l("Status"), True),
        ("due", _l("Due on"), True),
        ("saved", _l("Last saved"), True),
    ],
    cells=_cells,
    json=_json,
    export_columns=[
        Column("reference", _l("Reference")),
        Column("title", _l("Project")),
        Column("state", _l("Status")),
        Column("call", _l("Call")),
        Column("organisation", _l("Organisation")),
        Column("organisation_type", _l("Type of organisation")),
        Column("objective", _l("Specific objective")),
        Column("period_start", _l("Period start"), "date"),
        Column("period_end", _l("Period end"), "date"),
        Column("due_on", _l("Due on"), "date"),
        Column("saved", _l("Last saved"), "datetime"),
    ],
    export_rows=_export_rows,
    person=("reviewer_id", _l("Reviewed by")),
    people=lambda: people_among(select(ReportReview.reviewed_by)),
    period=("due", _l("Due")),
)
