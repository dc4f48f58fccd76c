"""The work queue's page (served at ``/<tenant>/applications`` for MA staff through
service.applications.staff_list) and its download. Thin: the schema reads the query, util reads the database."""

from __future__ import annotations

from flask import render_template, request
from marshmallow import ValidationError
from sqlalchemy import select

from service.api.messages import translate_messages
from service.calls.models import Call
from service.extensions import db
from service.organisations.models import Organisation
from service.work_queue import exports, lists, paging, presenters, util
from service.work_queue.claim_list import CLAIMS
from service.work_queue.labels import COLUMN_LABELS, state_label
from service.work_queue.project_list import PROJECTS
from service.work_queue.report_list import REPORTS
from service.work_queue.schemas import PAGE_SIZE, QueueQuery, read_query


def _refused(error: ValidationError):
    """The form again with what was typed and why it cannot be read; no list (nothing was looked up)."""
    page = render_template(
        "work_queue/list.html",
        query=QueueQuery(),
        typed=request.args.to_dict(),
        errors=translate_messages(error.messages),
        choices=presenters.choices(),
        page=None,
    )
    return page, 422


def queue_page():
    try:
        query = read_query(request.args, per_page=PAGE_SIZE)
    except ValidationError as error:
        return _refused(error)
    page = util.page_of(query, clamp=True)
    rows = [application for application, _state in page.rows]
    call_ids, owner_ids = {a.call_id for a in rows}, {a.organisation_id for a in rows}
    calls = {c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_(call_ids)))} if rows else {}
    owners = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(owner_ids)))}
    return render_template(
        "work_queue/list.html",
        query=query,
        typed=query.args(),
        errors={},
        choices=presenters.choices(),
        page=page,
        calls=calls,
        owners=owners,
        counts=util.counts_of(query),
        numbers=paging.page_numbers(page),
        sort_args=paging.sort_args,
        column_label=lambda column: str(COLUMN_LABELS[column]),
        state_label=state_label,
    )


def download():
    """The filtered list, every row, as XLSX or CSV (``format``), sorted as asked."""
    try:
        query = read_query(request.args)
    except ValidationError as error:
        return _refused(error)
    return exports.download(query)


# The other staff lists (service.work_queue.lists): projects, claims and progress reports.


def projects_page():
    return lists.page(PROJECTS)


def claims_page():
    return lists.page(CLAIMS)


def reports_page():
    return lists.page(REPORTS)


def download_projects():
    return lists.download(PROJECTS, page_refusal=True)


def download_claims():
    return lists.download(CLAIMS, page_refusal=True)


def download_reports():
    return lists.download(REPORTS, page_refusal=True)
