"""The MA staff's lists beside the applications' queue: projects, claims and progress reports. Each is a
:class:`StaffList` (its SQL in a service.work_queue.engine.ListSpec, its query schema, columns and labels); one
page, one API list and one download here serve them all, as the applications' queue is served."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import jsonify, render_template, request
from marshmallow import Schema, ValidationError
from sqlalchemy import select

from service.api.messages import translate_messages
from service.calls.display import call_text
from service.calls.models import Call
from service.exports import Column
from service.extensions import db
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant, tenant_today
from service.work_queue import engine, paging
from service.work_queue.choices import common_choices
from service.work_queue.exports import send_rows
from service.work_queue.query import PAGE_SIZE, ListQuery, read_list_query


@dataclass(frozen=True)
class Cell:
    """One cell of a list's table: its text, a link, the language of the text, and whether it names the row."""

    text: str
    href: str | None = None
    lang: str | None = None
    header: bool = False
    state: str | None = None


@dataclass(frozen=True)
class StaffList:
    """``person``/``period``: the name of the list's person filter (an id) and period (``<period>_from``/``_to``),
    with their labels; ``people``: the persons to choose from; ``cells``/``json``/``export_rows``: the page's rows
    of cells, the API's objects and the download's rows for a page or list of (object, state)."""

    name: str
    spec: engine.ListSpec
    schema: type[Schema]
    sort: str
    order: str
    state_labels: dict
    titles: dict  # title, intro, caption, none, no_match, show
    page_endpoint: str
    export_endpoint: str
    columns: list[tuple[str, Any, bool]]  # (key, label, sortable)
    cells: Callable[[list], list[list[Cell]]]
    json: Callable[[list], list[dict]]
    export_columns: list[Column]
    export_rows: Callable[[list], list[dict]]
    person: tuple[str, Any] | None = None
    people: Callable[[], list] | None = None
    period: tuple[str, Any] | None = None

    def state_label(self, code: str) -> str:
        label = self.state_labels.get(code)
        return str(label) if label is not None else code

    def read(self, args, *, per_page: int | None = None) -> ListQuery:
        return read_list_query(self.schema, args, sort=self.sort, order=self.order, per_page=per_page)


def by_id(model, ids) -> dict:
    ids = set(ids)
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def calls_and_owners(objects) -> tuple[dict, dict]:
    """The calls and organisations of rows that have ``call_id`` and ``organisation_id``: one query each."""
    return by_id(Call, (o.call_id for o in objects)), by_id(Organisation, (o.organisation_id for o in objects))


def call_cell(call: Call) -> Cell:
    title = call_text(call)
    return Cell(f"{title} ({call.reference})" if str(title) else call.reference, lang=getattr(title, "lang", None))


def _choices(staff: StaffList) -> dict:
    choices = common_choices(staff.spec.states, staff.state_label)
    choices["people"] = staff.people() if staff.people else []
    return choices


def _render(staff: StaffList, status: int = 200, **values):
    page = render_template(
        "work_queue/staff_list.html",
        staff=staff,
        titles=staff.titles,
        state_label=staff.state_label,
        choices=_choices(staff),
        column_label=lambda key: next(str(label) for k, label, _s in staff.columns if k == key),
        **values,
    )
    return page, status


def _refused(staff: StaffList, error: ValidationError):
    """The form again with what was typed and why it cannot be read; no list (nothing was looked up)."""
    query = ListQuery(default_sort=staff.sort, sort=staff.sort, default_order=staff.order, order=staff.order)
    errors = translate_messages(error.messages)
    return _render(staff, 422, query=query, typed=request.args.to_dict(), errors=errors, page=None)


def page(staff: StaffList):
    """The list's page: the form, the counts per state, a page of rows, the links to download it."""
    try:
        query = staff.read(request.args, per_page=PAGE_SIZE)
    except ValidationError as error:
        return _refused(staff, error)
    found = engine.page_of(staff.spec, query, clamp=True)
    return _render(
        staff,
        query=query,
        typed=query.args(),
        errors={},
        page=found,
        cells=staff.cells(found.rows),
        counts=engine.counts_of(staff.spec, query),
        numbers=paging.page_numbers(found),
        sort_args=paging.sort_args,
    )


def api_list(staff: StaffList):
    """The API's list: a JSON array of the page, the paging in the headers."""
    query = staff.read(request.args)
    found = engine.page_of(staff.spec, query)
    response = jsonify(staff.json(found.rows))
    response.headers.update(paging.paging_headers(found, query, request.base_url))
    return response


def download(staff: StaffList, *, page_refusal: bool = False):
    """The filtered list, every row, as XLSX or CSV (``format``), sorted as asked (service.work_queue.exports)."""
    try:
        query = staff.read(request.args)
    except ValidationError as error:
        if page_refusal:
            return _refused(staff, error)
        raise
    rows = staff.export_rows(engine.all_of(staff.spec, query))
    title = f"{staff.titles['title']} {current_tenant().code.upper()} {tenant_today().isoformat()}"
    filename = f"{staff.name}-{current_tenant().code}-{tenant_today().isoformat()}"
    return send_rows(query.format, filename, title, staff.export_columns, rows)
