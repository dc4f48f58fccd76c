"""Applications as the API answers them."""

from __future__ import annotations

from service.applications.models import Application
from service.applications.schemas import ApplicationSchema
from service.calls.models import Call
from service.classification.util import classification_of
from service.extensions import db


def classification_view(application: Application) -> dict:
    """The proposal and the confirmation as stored, and what counts (confirmed, else proposed)."""
    counted = classification_of(application)
    names = (
        "proposed_objective",
        "proposed_intervention",
        "confirmed_objective",
        "confirmed_intervention",
        "confirmation_reason",
        "confirmed_by",
        "confirmed_at",
    )
    return {
        **{name: getattr(application, name) for name in names},
        "status": counted.status,
        "specific_objective": counted.objective,
        "intervention_field": counted.intervention_field,
    }


def application_json(application: Application, call: Call | None = None) -> dict:
    call = call or db.session.get(Call, application.call_id)
    view = {column.key: getattr(application, column.key) for column in Application.__table__.columns}
    view.update(
        currency=call.currency,
        totals=application,
        classification=classification_view(application),
        budget_lines=application.budget_lines,
        partners=application.partners,
        indicators=application.indicators,
        attachments=application.attachments,
        submissions=application.submissions,
        supplement_requests=application.supplement_requests,
    )
    return _APPLICATION.dump(view)


_APPLICATION = ApplicationSchema()  # made once: making it (and its nested schemas) cost more than a dump
