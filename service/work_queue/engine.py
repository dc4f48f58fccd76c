"""Reading a staff list in the database: filtered, searched, counted per state, sorted and paged. A list is
a :class:`ListSpec` (its rows, its state rule in SQL, its filters, search columns and sort keys); every list
(applications, projects, claims, progress reports) is read by the same functions here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, event, func, or_, select
from sqlalchemy.engine import Engine

from service.extensions import db
from service.tenancy.current import current_tenant

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


def folded(column):
    if db.session.get_bind().dialect.name == "sqlite":
        return getattr(func, FOLD)(column)
    return func.lower(column)  # PostgreSQL folds every letter of a UTF-8 database


def day_start(day) -> datetime:
    """Midnight of a day in the tenant's zone (never skipped nor repeated in Europe), as a UTC instant."""
    return datetime.combine(day, time()).replace(tzinfo=current_tenant().zone).astimezone(UTC)


def period_filters(name: str, column, *, instants: bool) -> dict[str, Callable]:
    """The filters ``<name>_from`` and ``<name>_to`` (days, both included) on a column of days or of instants
    (then the days are the tenant's)."""
    if instants:
        return {
            f"{name}_from": lambda day: column >= day_start(day),
            f"{name}_to": lambda day: column < day_start(day + timedelta(days=1)),
        }
    return {f"{name}_from": lambda day: column >= day, f"{name}_to": lambda day: column <= day}


@dataclass(frozen=True)
class ListSpec:
    """One list. ``rows``: the statement of its rows (the model's object first, the tenant's only);
    ``state``: its state rule (a correlated SQL expression); ``states``: the states it shows, in lifecycle
    order; ``filters``: name -> a condition of the value (``state`` is the rule's); ``search``: the columns
    searched; ``sorts``: name -> key; ``tie``: the last key (the id), so that pages never overlap."""

    rows: Callable[[], Any]
    state: Callable[[], Any]
    states: tuple[str, ...]
    filters: dict[str, Callable[[Any], Any]]
    search: Callable[[], list]
    sorts: dict[str, Callable[[], Any]]
    tie: Any

    def state_order(self, state):
        """The position of a state (an expression) in :attr:`states`: sorting by state in lifecycle order."""
        return case({code: index for index, code in enumerate(self.states)}, value=state, else_=len(self.states))


def filtered(spec: ListSpec, query, *, by_state: bool = True):
    """The rows matching ``query`` (its ``filters``, ``q``), with their state labelled ``state``."""
    state = spec.state().label("state")
    statement = spec.rows().add_columns(state)
    for name, value in query.filters.items():
        if name != "state":
            statement = statement.where(spec.filters[name](value))
    if query.q:
        needle = query.q.casefold()
        conditions = [folded(func.coalesce(column, "")).contains(needle, autoescape=True) for column in spec.search()]
        statement = statement.where(or_(*conditions))
    if by_state and query.state is not None:
        statement = statement.where(spec.state() == query.state)
    return statement


def ordered(spec: ListSpec, query):
    """The filtered rows in the asked order (ties: the newest id first, so pages never overlap)."""
    key = spec.state_order(spec.state()) if query.sort == "state" else spec.sorts[query.sort]()
    ascending = query.order == "asc"
    tie = spec.tie.asc() if ascending else spec.tie.desc()
    return filtered(spec, query).order_by(key.asc() if ascending else key.desc(), tie)


@dataclass(frozen=True)
class QueuePage:
    rows: list[tuple[Any, str]]  # (object, state)
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


def total_of(spec: ListSpec, query) -> int:
    return db.session.scalar(select(func.count()).select_from(filtered(spec, query).subquery()))


def page_of(spec: ListSpec, query, *, clamp: bool = False) -> QueuePage:
    """One page. ``clamp``: a page past the last shows the last (the web page); otherwise it is empty (the
    API, whose client reads the total)."""
    total = total_of(spec, query)
    page = query.page
    if clamp:
        page = min(page, max(1, -(-total // query.per_page)))
    statement = ordered(spec, query).limit(query.per_page).offset((page - 1) * query.per_page)
    rows = [(row, state) for row, state in db.session.execute(statement)]
    return QueuePage(rows=rows, total=total, page=page, per_page=query.per_page)


def all_of(spec: ListSpec, query) -> list[tuple[Any, str]]:
    """Every row matching the query, in its order (the export)."""
    return [(row, state) for row, state in db.session.execute(ordered(spec, query))]


def counts_of(spec: ListSpec, query) -> dict[str, int]:
    """How many rows are in each state under the query's other filters (the state filter left out)."""
    inner = filtered(spec, query, by_state=False).subquery()
    found = dict(db.session.execute(select(inner.c.state, func.count()).group_by(inner.c.state)).all())
    return {code: found.get(code, 0) for code in spec.states}
