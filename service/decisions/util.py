"""Who may see which decision: MA staff and auditors every one; the applicant's members the approved decisions on
their applications. Anything else answers 404, never revealing that it exists."""

from __future__ import annotations

from flask import abort

from service.applications.models import Application
from service.decisions.models import Decision
from service.extensions import db
from service.organisations.util import is_member

STAFF = ("ma_admin", "case_officer")
# Auditors read every decision of their tenant, its letter too, and change nothing.
READERS = (*STAFF, "auditor")


def decision_for_staff(user, decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None or user.role not in READERS:
        abort(404)
    if user.role not in STAFF:
        abort(403)
    return decision


def decision_for(user, decision_id: int) -> Decision:
    """A decision as this person may read it: staff any, an applicant's member an approved one."""
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        abort(404)
    if user.role in READERS:
        return decision
    if user.role == "applicant" and decision.status == "approved":
        application = db.session.get(Application, decision.application_id)
        if is_member(user.id, application.organisation_id):
            return decision
    abort(404)
