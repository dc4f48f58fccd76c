"""The MA staff's list of projects, with where each project really stands: one rule, in SQL.

A project's ``status`` only says active or cancelled; its period and its payments say the rest.
:func:`state_expression` reads them in one CASE, **first match wins** (this order is the precedence):

1. ``cancelled`` — the project is cancelled (``status = 'cancelled'``).
2. ``closed`` — its final balance is paid (a payment of kind ``final`` with ``status = 'paid'``,
   service.claims.payments.confirm_paid): nothing more is claimed or paid.
3. ``not_started`` — its period has not begun (``project_start`` after today in the tenant's calendar).
4. ``ended`` — its period is over (``project_end`` before today) and the final balance is not paid yet.
5. ``running`` — anything else: today is inside its period.

Nothing the product records names a project's case officer, so the list has no person filter.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, exists, literal, select
from sqlalchemy.orm import selectinload

from service.calls.display import call_text, format_day, organisation_type
from service.claims.models import Payment
from service.exports import Column
from service.extensions import db
from service.organisations.models import Organisation
from service.projects.models import Project
from service.projects.schemas import ProjectListItemSchema
from service.tenancy.current import current_tenant, tenant_today
from service.work_queue import engine
from service.work_queue.engine import folded
from service.work_queue.lists import Cell, StaffList, call_cell, calls_and_owners
from service.work_queue.query import list_schema

STATES = ("not_started", "running", "ended", "closed", "cancelled")
STATE_LABELS = {
    "not_started": _l("Not started"),
    "running": _l("Running"),
    "ended": _l("Ended, final balance not paid"),
    "closed": _l("Closed, final balance paid"),
    "cancelled": _l("Cancelled"),
}
SORTS = ("reference", "title", "organisation", "state", "start", "end", "created")


def state_expression():
    """The state of ``Project`` (a correlated SQL expression): see the module's docstring."""
    today = tenant_today()
    closed = exists().where(
        Payment.tenant_id == Project.tenant_id,
        Payment.project_id == Project.id,
        Payment.kind == "final",
        Payment.status == "paid",
    )
    return case(
        (Project.status == "cancelled", literal("cancelled")),
        (closed, literal("closed")),
        (Project.project_start > today, literal("not_started")),
        (Project.project_end < today, literal("ended")),
        else_=literal("running"),
    )


def _rows():
    return (
        select(Project)
        .join(
            Organisation,
            (Organisation.tenant_id == Project.tenant_id) & (Organisation.id == Project.organisation_id),
        )
        .where(Project.tenant_id == current_tenant().id)
    )


SPEC = engine.ListSpec(
    rows=_rows,
    state=state_expression,
    states=STATES,
    filters={
        "call_id": lambda call_id: Project.call_id == call_id,
        "objective": lambda code: Project.specific_objective == code,
        "organisation_type": lambda kind: Organisation.organisation_type == kind,
        **engine.period_filters("start", Project.project_start, instants=False),
    },
    search=lambda: [Project.reference, Project.title, Organisation.name],
    sorts={
        "reference": lambda: Project.reference,
        "title": lambda: folded(Project.title),
        "organisation": lambda: folded(Organisation.name),
        "start": lambda: Project.project_start,
        "end": lambda: Project.project_end,
        "created": lambda: Project.created_at,
    },
    tie=Project.id,
)


def _label(code: str) -> str:
    return str(STATE_LABELS.get(code, code))


def _cells(rows) -> list[list[Cell]]:
    calls, owners = calls_and_owners([project for project, _state in rows])
    return [
        [
            Cell(project.reference),
            Cell(project.title, href=url_for("projects.project", project_id=project.id), header=True),
            Cell(owners[project.organisation_id].name),
            call_cell(calls[project.call_id]),
            Cell(_label(state), state=state),
            Cell(format_day(project.project_start)),
            Cell(format_day(project.project_end)),
        ]
        for project, state in rows
    ]


def _json(rows) -> list[dict]:
    ids = [project.id for project, _state in rows]
    if ids:  # every project's versions in one query: the current version is the latest
        list(db.session.scalars(select(Project).where(Project.id.in_(ids)).options(selectinload(Project.versions))))
    schema = ProjectListItemSchema()
    return [
        schema.dump(
            {
                **{c.key: getattr(p, c.key) for c in Project.__table__.columns},
                "current_version": p.current.sequence,
                "state": state,
            }
        )
        for p, state in rows
    ]


def _export_rows(rows) -> list[dict]:
    calls, owners = calls_and_owners([project for project, _state in rows])
    found = []
    for project, state in rows:
        call, owner = calls[project.call_id], owners[project.organisation_id]
        found.append(
            {
                "reference": project.reference,
                "title": project.title,
                "state": _label(state),
                "call": f"{call.reference} {call_text(call)}".strip(),
                "organisation": owner.name,
                "organisation_type": organisation_type(owner.organisation_type),
                "objective": project.specific_objective or "",
                "start": project.project_start,
                "end": project.project_end,
                "saved": project.created_at,
            }
        )
    return found


PROJECTS = StaffList(
    name="projects",
    spec=SPEC,
    schema=list_schema("ProjectListQuerySchema", states=STATES, sorts=SORTS, period="start"),
    sort="created",  # the newest grant first
    order="desc",
    state_labels=STATE_LABELS,
    titles={
        "title": _l("Projects"),
        "intro": _l("Every project granted by a decision, with where it stands today."),
        "search": _l("Words in the reference, the project's title or the organisation's name."),
        "show": _l("Show projects"),
        "per_state": _l("Projects per state"),
        "caption": _l("Projects"),
        "none": _l("There are no projects yet."),
        "no_match": _l("No project matches these filters."),
    },
    page_endpoint="projects.list",
    export_endpoint="work_queue.export_projects",
    columns=[
        ("reference", _l("Reference"), True),
        ("title", _l("Project"), True),
        ("organisation", _l("Organisation"), True),
        ("call", _l("Call"), False),
        ("state", _l("Status"), True),
        ("start", _l("Start"), True),
        ("end", _l("End"), True),
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
        Column("start", _l("Start"), "date"),
        Column("end", _l("End"), "date"),
    ],
    export_rows=_export_rows,
    period=("start", _l("Project start")),
)
