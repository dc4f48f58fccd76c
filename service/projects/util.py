"""Who may see which project: MA staff and the monitoring committee every project of the tenant; the
beneficiary's members their own. Anything else answers 404."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from service.extensions import db
from service.organisations.util import is_member, organisation_ids_of
from service.projects.models import Project

READERS = ("ma_admin", "case_officer", "committee", "auditor")  # the committee and auditors only read
AMENDERS = ("ma_admin", "case_officer")


def project_for(user, project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    if user.role in READERS or (user.role == "applicant" and is_member(user.id, project.organisation_id)):
        return project
    abort(404)


def projects_for(user) -> list[Project]:
    query = select(Project).order_by(Project.id)
    if user.role == "applicant":
        query = query.where(Project.organisation_id.in_(organisation_ids_of(user.id)))
    elif user.role not in READERS:
        return []
    return list(db.session.scalars(query))
