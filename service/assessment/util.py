"""Who may see what of the assessment: MA staff the submitted applications, an assessor only the
assignments that are theirs. Anything else answers 404, never revealing that it exists."""

from __future__ import annotations

from flask import abort

from service.applications.models import Application
from service.assessment.models import Assignment
from service.extensions import db

STAFF = ("ma_admin", "case_officer")


def application_for_staff(user, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or user.role not in STAFF or application.status == "draft":
        abort(404)
    return application


def assignment_of(user, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.assessor_id != user.id:
        abort(404)
    return assignment
