"""Decisions plug themselves in: their pages and API, the letter written in the background, the notification
of a decision, and ``letter.toml`` (the letter's legal texts) of a tenant's folder."""

from service.applications.pages import add_to_overview
from service.calls.models import Call
from service.decisions import api_routes, legal, models, notifications, operations, presenters, tasks
from service.decisions.blueprint import blueprint
from service.decisions.standing import standing_of
from service.domains import Domain
from service.extensions import db
from service.tenancy.sync import DefinitionPart


def _approved(application) -> dict:
    """The approved decisions; for a rejection in force, its reasons as the letter states them (with the score, the
    call's minimum and the rank when the ranking rejected it), so the applicant reads them on the page too."""
    approved = [d for d in operations.decisions_of(application) if d.status == "approved"]
    in_force = approved[-1] if approved else None
    reasons = []
    if in_force is not None and not in_force.granted:
        call = db.session.get(Call, in_force.call_id)
        reasons = operations.reason_texts(in_force, call, explained=True, standing=standing_of(application, call))
    states = {d.id: presenters.letter_state(d) for d in approved}
    return {"decisions": approved, "letter_states": states, "rejection_reasons": reasons}


def _setup(app) -> None:
    add_to_overview(app, _approved)  # the application's page lists its decisions and their letters


def _check_letter(letter: dict, tenant: dict) -> None:
    legal.validate(letter, tenant.get("managing_authority") or {}, tenant["languages"])


DOMAIN = Domain(
    name="decisions",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.write_letter,),
    notifications=notifications.KINDS,
    tenant_parts=(DefinitionPart("letter", "letter.toml", setting="letter", check=_check_letter),),
    setup=_setup,
)
