"""What the applications' work queue's page and the API need beyond the query: the form's choices and the API's
JSON with each application's state (the links that keep the filters are service.work_queue.paging's)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.applications.models import Application
from service.applications.presenters import application_json
from service.assessment.models import Assignment
from service.calls.models import Call
from service.extensions import db
from service.work_queue.choices import common_choices, people_among
from service.work_queue.engine import QueuePage
from service.work_queue.labels import state_label
from service.work_queue.states import STAFF_STATES

PARTS = ("budget_lines", "partners", "indicators", "attachments", "submissions", "supplement_requests")


def choices() -> dict:
    """The form's options: the tenant's calls, the states, objectives, organisation types and assessors."""
    return {
        **common_choices(STAFF_STATES, state_label),
        "assessors": people_among(select(Assignment.assessor_id)),
    }


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
