"""Reading the applications' work queue: the MA staff's applications filtered, searched, counted per state,
sorted and paged in the database by service.work_queue.engine (service.work_queue.states gives each
application's state as SQL)."""

from __future__ import annotations

from sqlalchemy import exists, func, select

from service.applications.models import Application
from service.assessment.models import Assignment
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant
from service.work_queue import engine
from service.work_queue.engine import QueuePage, day_start, folded, install_search  # noqa: F401 - the queue's
from service.work_queue.schemas import QueueQuery
from service.work_queue.states import STAFF_STATES, state_expression


def _rows():
    """The staff's applications (drafts are the applicant's own)."""
    return (
        select(Application)
        .join(
            Organisation,
            (Organisation.tenant_id == Application.tenant_id) & (Organisation.id == Application.organisation_id),
        )
        .where(Application.tenant_id == current_tenant().id, Application.status != "draft")
    )


def _assessed_by(person_id: int):
    return exists().where(
        Assignment.tenant_id == Application.tenant_id,
        Assignment.application_id == Application.id,
        Assignment.assessor_id == person_id,
    )


SPEC = engine.ListSpec(
    rows=_rows,
    state=state_expression,
    states=STAFF_STATES,
    filters={
        "call_id": lambda call_id: Application.call_id == call_id,
        "objective": lambda code: (
            func.coalesce(Application.confirmed_objective, Application.proposed_objective) == code
        ),
        "organisation_type": lambda kind: Organisation.organisation_type == kind,
        "assessor_id": _assessed_by,
        **engine.period_filters("submitted", Application.submitted_at, instants=True),
    },
    search=lambda: [Application.reference, Application.title, Organisation.name],
    sorts={
        "reference": lambda: func.coalesce(Application.reference, ""),
        "title": lambda: folded(Application.title),
        "organisation": lambda: folded(Organisation.name),
        "submitted": lambda: Application.submitted_at,
        "saved": lambda: Application.updated_at,
    },
    tie=Application.id,
)


def ordered(query: QueueQuery):
    """The filtered applications in the asked order (ties: the newest id first, so pages never overlap)."""
    return engine.ordered(SPEC, query)


def total_of(query: QueueQuery) -> int:
    return engine.total_of(SPEC, query)


def page_of(query: QueueQuery, *, clamp: bool = False) -> QueuePage:
    """One page of the queue (``clamp``: a page past the last shows the last, as on the web page)."""
    return engine.page_of(SPEC, query, clamp=clamp)


def all_of(query: QueueQuery) -> list[tuple[Application, str]]:
    """Every application matching the query, in its order (the export)."""
    return engine.all_of(SPEC, query)


def counts_of(query: QueueQuery) -> dict[str, int]:
    """How many applications are in each state under the query's other filters (the state filter left out)."""
    return engine.counts_of(SPEC, query)
