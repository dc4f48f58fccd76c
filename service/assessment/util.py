"""Who may see what of the assessment: MA staff the submitted applications, an assessor only the
assignments that are theirs. Anything else answers 404, never revealing that it exists."""

from __future__ import annotations

from flask import abort

from service.applications.models import Application
from service.assessment.models import Assignment
from service.extensions import db

STAFF = ("ma_admin", "case_officer")
# Auditors read the assessment of every submitted application of their tenant, and change nothing.
READERS = (*STAFF, "auditor")


def application_for_staff(user, application_id: int) -> Application:
    """A submitted application for MA staff to act on; an auditor who could read it is refused (403)."""
    application = application_for_reader(user, application_id)
    if user.role not in STAFF:
        abort(403)
    return application


def application_for_reader(user, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or user.role not in READERS or application.status == "draft":
        abort(404)
    return application


def assignment_of(user, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.assessor_id != user.id:
        abort(404)
    return assignment
