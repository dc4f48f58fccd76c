"""Applications as the API answers them."""

from __future__ import annotations

from service.applications.models import Application
from service.applications.schemas import ApplicationSchema
from service.calls.models import Call
from service.extensions import db


def application_json(application: Application, call: Call | None = None) -> dict:
    call = call or db.session.get(Call, application.call_id)
    view = {column.key: getattr(application, column.key) for column in Application.__table__.columns}
    view.update(
        currency=call.currency,
        totals=application,
        budget_lines=application.budget_lines,
        partners=application.partners,
        indicators=application.indicators,
        attachments=application.attachments,
        submissions=application.submissions,
        supplement_requests=application.supplement_requests,
    )
    return ApplicationSchema().dump(view)
