"""Changing the classification: checking an applicant's proposal (saved with the application's fields) and
the case officer's confirmation or correction. Plain functions that flush; the request commits once."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError

from service.calls.models import Call
from service.classification.rules import confirmation_errors, proposal_errors
from service.classification.util import intervention_fields
from service.errors import Conflict
from service.extensions import db
from service.tenancy.model_base import utcnow

# An application is classified by the case officer from its submission until the decision (then the project
# carries the classification).
CONFIRMABLE = ("submitted", "supplement_requested")


def check_proposal(application) -> None:
    """Refuse (422) a proposal outside the call's objectives or a type of intervention of another objective.
    Reads without flushing the application's pending change (one UPDATE, one new version)."""
    with db.session.no_autoflush:
        call = db.session.get(Call, application.call_id)
        errors = proposal_errors(
            application.proposed_objective,
            application.proposed_intervention,
            call_objectives=call.objective_codes,
            known=set(intervention_fields()),
        )
    if errors:
        raise ValidationError(
            {
                {"specific_objective": "proposed_objective", "intervention_field": "proposed_intervention"}[k]: v
                for k, v in errors.items()
            }
        )


def confirm(application, data: dict, *, user):
    """The case officer confirms the classification, or corrects it (with the reason); recorded with who and when."""
    if application.status not in CONFIRMABLE:
        raise Conflict(_("Only a submitted application that is not yet decided can be classified."))
    call = db.session.get(Call, application.call_id)
    proposed = (
        (application.proposed_objective, application.proposed_intervention)
        if application.proposed_objective and application.proposed_intervention
        else None
    )
    reason = (data.get("reason") or "").strip()
    errors = confirmation_errors(
        data["specific_objective"],
        data["intervention_field"],
        reason,
        proposed=proposed,
        call_objectives=call.objective_codes,
        known=set(intervention_fields()),
    )
    if errors:
        raise ValidationError(errors)
    application.confirmed_objective = data["specific_objective"]
    application.confirmed_intervention = data["intervention_field"]
    application.confirmation_reason = reason
    application.confirmed_by = user.id
    application.confirmed_at = utcnow()
    db.session.flush()
    return application
