"""What the work queue's page and the API need beyond the query: the form's choices, links that keep the
filters, page numbers, and the API's JSON with each application's state."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.accounts.models import User
from service.applications.models import Application
from service.applications.presenters import application_json
from service.assessment.models import Assignment
from service.calls.display import call_text
from service.calls.models import Call
from service.classification.presenters import objective_name
from service.classification.util import objectives
from service.extensions import db
from service.organisations.types import type_labels
from service.work_queue.labels import state_label
from service.work_queue.schemas import API_PAGE_SIZE, QueueQuery
from service.work_queue.states import STAFF_STATES
from service.work_queue.util import QueuePage

# Sorting by a new column starts with what a case officer looks for first: A–Z, the newest first.
FIRST_ORDER = {"reference": "asc", "title": "asc", "organisation": "asc", "state": "asc"}
PARTS = ("budget_lines", "partners", "indicators", "attachments", "submissions", "supplement_requests")


def choices() -> dict:
    """The form's options: the tenant's calls, the states, objectives, organisation types and assessors."""
    calls = db.session.scalars(select(Call).where(Call.status != "draft").order_by(Call.reference))
    assessors = db.session.scalars(
        select(User).where(User.id.in_(select(Assignment.assessor_id).distinct())).order_by(User.name, User.id)
    )
    return {
        "calls": [(str(call.id), f"{call.reference} {call_text(call)}".strip()) for call in calls],
        "states": [(code, state_label(code)) for code in STAFF_STATES],
        "objectives": [(code, objective_name(code)) for code in objectives()],
        "organisation_types": list(type_labels().items()),
        "assessors": [(str(user.id), user.name) for user in assessors],
    }


def sort_args(query: QueueQuery, column: str) -> dict:
    """The query string that sorts by ``column``: the other direction if it is the sorted one, page 1."""
    if query.sort == column:
        order = "asc" if query.order == "desc" else "desc"
    else:
        order = FIRST_ORDER.get(column, "desc")
    return query.args(sort=column, order=order, page=None)


def page_numbers(page: QueuePage) -> list[int | None]:
    """The page links to show: the first, the last and two around the current one (None: a gap)."""
    wanted = {1, page.pages, *range(page.page - 2, page.page + 3)}
    shown = sorted(n for n in wanted if 1 <= n <= page.pages)
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def queue_json(page: QueuePage) -> list[dict]:
    """The page's applications as the API answers one (with all their parts), each with its ``state``."""
    ids = [application.id for application, _state in page.rows]
    if ids:  # every part in one query per kind, for the page's applications only
        list(db.session.scalars(select(Application).where(Application.id.in_(ids)).options(*_parts())))
        calls = {
            c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_({a.call_id for a, _ in page.rows})))
        }
    return [{**application_json(a, calls[a.call_id]), "state": state} for a, state in page.rows]


def _parts():
    return [selectinload(getattr(Application, part)) for part in PARTS]


def paging_headers(page: QueuePage, query: QueueQuery, base_url: str) -> dict:
    """``X-Total-Count``, ``X-Page``, ``X-Per-Page`` and an RFC 8288 ``Link`` to the first, previous, next and
    last pages, keeping the filters."""

    def url(number: int) -> str:
        args = query.args(page=number)
        if query.per_page != API_PAGE_SIZE:
            args["per_page"] = query.per_page
        return f"{base_url}?{urlencode(args)}"

    links = [(url(1), "first")]
    if page.page > 1:
        links.append((url(min(page.page - 1, page.pages)), "prev"))
    if page.page < page.pages:
        links.append((url(page.page + 1), "next"))
    links.append((url(page.pages), "last"))
    return {
        "X-Total-Count": str(page.total),
        "X-Page": str(page.page),
        "X-Per-Page": str(page.per_page),
        "Link": ", ".join(f'<{target}>; rel="{rel}"' for target, rel in links),
    }
