"""Reading the work queue: the MA staff's applications filtered, searched, counted per state, sorted and paged,
all in the database (service.work_queue.states gives each application's state as SQL)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from service.applications.models import Application
from service.assessment.models import Assignment
from service.extensions import db
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant
from service.work_queue.schemas import QueueQuery
from service.work_queue.states import STAFF_STATES, state_expression, state_order

FOLD = "amif_casefold"  # SQLite's lower() folds ASCII only: "Å" stays "Å"; Python's casefold() does not


def _fold_function(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function(
            FOLD, 1, lambda text: text.casefold() if isinstance(text, str) else text, deterministic=True
        )


def install_search() -> None:
    """Case-insensitive search on SQLite too (every new connection learns :data:`FOLD`)."""
    if not event.contains(Engine, "connect", _fold_function):
        event.listen(Engine, "connect", _fold_function)


def _folded(column):
    if db.session.get_bind().dialect.name == "sqlite":
        return getattr(func, FOLD)(column)
    return func.lower(column)  # PostgreSQL folds every letter of a UTF-8 database


def day_start(day) -> datetime:
    """Midnight of a day in the tenant's zone (never skipped nor repeated in Europe), as a UTC instant."""
    return datetime.combine(day, time()).replace(tzinfo=current_tenant().zone).astimezone(UTC)


def _filtered(query: QueueQuery, *, by_state: bool = True):
    """The staff's applications (drafts are the applicant's own) matching ``query``, with their state."""
    state = state_expression().label("state")
    statement = (
        select(Application, state)
        .join(
            Organisation,
            (Organisation.tenant_id == Application.tenant_id) & (Organisation.id == Application.organisation_id),
        )
        .where(Application.tenant_id == current_tenant().id, Application.status != "draft")
    )
    if query.call_id is not None:
        statement = statement.where(Application.call_id == query.call_id)
    if query.objective is not None:
        statement = statement.where(
            func.coalesce(Application.confirmed_objective, Application.proposed_objective) == query.objective
        )
    if query.organisation_type is not None:
        statement = statement.where(Organisation.organisation_type == query.organisation_type)
    if query.assessor_id is not None:
        statement = statement.where(
            select(Assignment.id)
            .where(
                Assignment.tenant_id == Application.tenant_id,
                Assignment.application_id == Application.id,
                Assignment.assessor_id == query.assessor_id,
            )
            .exists()
        )
    if query.submitted_from is not None:
        statement = statement.where(Application.submitted_at >= day_start(query.submitted_from))
    if query.submitted_to is not None:
        statement = statement.where(Application.submitted_at < day_start(query.submitted_to + timedelta(days=1)))
    if query.q:
        needle = query.q.casefold()
        statement = statement.where(
            _folded(func.coalesce(Application.reference, "")).contains(needle, autoescape=True)
            | _folded(Application.title).contains(needle, autoescape=True)
            | _folded(Organisation.name).contains(needle, autoescape=True)
        )
    if by_state and query.state is not None:
        statement = statement.where(state_expression() == query.state)
    return statement, state


def _sort_key(query: QueueQuery, state):
    return {
        "reference": func.coalesce(Application.reference, ""),
        "title": _folded(Application.title),
        "organisation": _folded(Organisation.name),
        "state": state_order(state_expression()),
        "submitted": Application.submitted_at,
        "saved": Application.updated_at,
    }[query.sort]


@dataclass(frozen=True)
class QueuePage:
    rows: list[tuple[Application, str]]  # (application, state)
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The position of the first row shown (1-based; 0 when none)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def ordered(query: QueueQuery):
    """The filtered applications in the asked order (ties: the newest id first, so pages never overlap)."""
    statement, state = _filtered(query)
    key = _sort_key(query, state)
    direction = key.asc() if query.order == "asc" else key.desc()
    tie = Application.id.asc() if query.order == "asc" else Application.id.desc()
    return statement.order_by(direction, tie)


def total_of(query: QueueQuery) -> int:
    statement, _state = _filtered(query)
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def page_of(query: QueueQuery, *, clamp: bool = False) -> QueuePage:
    """One page of the queue. ``clamp``: a page past the last shows the last (the web page); otherwise it is
    empty (the API, whose client reads the total)."""
    total = total_of(query)
    page = query.page
    if clamp:
        page = min(page, max(1, -(-total // query.per_page)))
    statement = ordered(query).limit(query.per_page).offset((page - 1) * query.per_page)
    rows = [(application, state) for application, state in db.session.execute(statement)]
    return QueuePage(rows=rows, total=total, page=page, per_page=query.per_page)


def all_of(query: QueueQuery) -> list[tuple[Application, str]]:
    """Every application matching the query, in its order (the export)."""
    return [(application, state) for application, state in db.session.execute(ordered(query))]


def counts_of(query: QueueQuery) -> dict[str, int]:
    """How many applications are in each state under the query's other filters (the state filter left out)."""
    statement, state = _filtered(query, by_state=False)
    inner = statement.with_only_columns(state).subquery()
    found = dict(db.session.execute(select(inner.c.state, func.count()).group_by(inner.c.state)).all())
    return {code: found.get(code, 0) for code in STAFF_STATES}
