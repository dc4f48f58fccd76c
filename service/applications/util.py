"""Who may see which application, and lists of them."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.applications.models import Application
from service.extensions import db
from service.organisations.util import is_member, organisation_ids_of

# MA staff who read submitted applications (drafts stay the applicant's own work).
READERS = ("ma_admin", "case_officer", "auditor")  # auditors read, never act


def visible_to(user, application_id: int) -> Application:
    """The application if this person may see it; anything else answers 404, never 403."""
    application = db.session.get(Application, application_id)
    if application is None:
        abort(404)
    if user.role == "applicant":
        if not is_member(user.id, application.organisation_id):
            abort(404)
    elif user.role in READERS:
        if application.status == "draft":
            abort(404)
    else:
        abort(404)
    return application


def editable_by(user, application_id: int) -> Application:
    """The application if this person acts for its organisation (only applicants edit)."""
    application = visible_to(user, application_id)
    if user.role != "applicant":
        abort(404 if application.status == "draft" else 403)
    return application


def listed_for(user, *, call_id: int | None = None, with_parts: bool = False) -> list[Application]:
    """``with_parts`` loads every application's rows in one query per kind (the API answers them all)."""
    query = select(Application)
    if with_parts:
        query = query.options(
            *(
                selectinload(getattr(Application, part))
                for part in (
                    "budget_lines",
                    "partners",
                    "indicators",
                    "attachments",
                    "submissions",
                    "supplement_requests",
                )
            )
        )
    if user.role == "applicant":
        ids = organisation_ids_of(user.id)
        if not ids:
            return []
        query = query.where(Application.organisation_id.in_(ids))
    elif user.role in READERS:
        query = query.where(Application.status != "draft")
    else:
        return []
    if call_id is not None:
        query = query.where(Application.call_id == call_id)
    return list(db.session.scalars(query.order_by(Application.updated_at.desc(), Application.id.desc())))
