"""Request handlers of the decision pages: the decision page of an application (prepare, approve, return,
correct) for MA staff, the ranking of a call against its budget and its print view for the decision meeting,
and the letter for staff and the applicant's members.

Forms are read into the API's schema and handed to the same operations; a refusal shows the page again
with the messages and nothing changed; the framework commits once.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.applications.forms import integer
from service.applications.pages import indicator_labels
from service.assessment import operations as assessment
from service.assessment.controllers import _refused
from service.assessment.presenters import person_names
from service.assessment.util import application_for_reader, application_for_staff
from service.calls.models import Call
from service.calls.util import call_or_404
from service.decisions import operations, presenters
from service.decisions.api import letter_response
from service.decisions.budget import remaining_budget
from service.decisions.labels import FIGURES
from service.decisions.models import REJECTION_REASONS
from service.decisions.operations import applied_financing
from service.decisions.ranking import call_ranking
from service.decisions.schemas import DecisionActionSchema, DecisionWriteSchema, ReturnSchema
from service.decisions.util import STAFF, decision_for, decision_for_staff
from service.errors import Conflict
from service.extensions import db
from service.money.display import format_amount
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

AMOUNT_FIELDS = ("eligible_cost", "eu_amount", "cofinancing_rate")
TEXT_FIELDS = ("conditions", "reduction_reason", "override_reason", "explanation", "correction_reason")


def decision_page(application_id: int, *, status: int = 200, alert=None, errors=None, typed=None):
    application = application_for_reader(current_user, application_id)
    call = db.session.get(Call, application.call_id)
    decisions = operations.decisions_of(application)
    current = operations.current_decision(application)
    preparing = operations.in_preparation(application)
    stage = assessment.stage(application)
    defaults = {
        "eligible_cost": format_amount(application.total_cost),
        "eu_amount": format_amount(application.eu_amount),
        "cofinancing_rate": "",  # given instead of the EU amount; otherwise it follows from it
        "project_start": application.project_start.isoformat() if application.project_start else "",
        "project_end": application.project_end.isoformat() if application.project_end else "",
    }
    page = render_template(
        "decisions/decision.html",
        application=application,
        call=call,
        organisation=db.session.get(Organisation, application.organisation_id),
        stage=stage,
        consolidation=assessment.consolidation_of(application),
        decisions=list(reversed(decisions)),
        current=current,
        preparing=preparing,
        may_act=current_user.role in STAFF,  # an auditor reads the page without its forms
        may_prepare=current_user.role in STAFF
        and preparing is None
        and (current is not None or stage in ("ineligible", "assessed")),
        remaining=remaining_budget(call),
        applied_rate=applied_financing(application, call).rate,
        follows=lambda d: ", ".join(str(FIGURES[name]) for name in (d.reason_details or {}).get("follows", [])),
        names=person_names([d.prepared_by for d in decisions] + [d.approved_by for d in decisions if d.approved_by]),
        reason_texts=lambda d: operations.reason_texts(d, call),
        reasons=REJECTION_REASONS,
        indicator_names=indicator_labels(call),
        values={**defaults, **(typed or {})},
        letter_state=presenters.letter_state,
        alert=alert,
        errors=errors or {},
    )
    return page, status


def _payload(form) -> dict:
    payload: dict = {"kind": form.get("kind") or None}
    for name in (*AMOUNT_FIELDS, "project_start", "project_end"):
        value = (form.get(name) or "").strip()
        if value:
            payload[name] = value
    # The form shows the EU amount applied for: a rate typed with it left as shown sets the rate, and the EU
    # amount follows; both changed must agree (operations.prepare says so, naming both).
    if "cofinancing_rate" in payload and payload.get("eu_amount") == (form.get("eu_amount_shown") or "").strip():
        payload.pop("eu_amount")
    for name in TEXT_FIELDS:
        payload[name] = form.get(name, "")
    if form.get("corrects_id"):
        payload["corrects_id"] = integer(form["corrects_id"])
    if payload["kind"] == "rejection":
        payload["reasons"] = form.getlist("reasons")
        for name in AMOUNT_FIELDS + ("project_start", "project_end"):
            payload.pop(name, None)
    else:
        targets = {}
        for key, value in form.items():
            if key.startswith("target-") and value.strip():
                targets[key.removeprefix("target-")] = integer(value)
        if targets:
            payload["indicator_targets"] = targets
    return payload


def prepare(application_id: int):
    application = application_for_staff(current_user, application_id)
    typed = {**request.form.to_dict(), "reasons": request.form.getlist("reasons")}
    try:
        data = DecisionWriteSchema().load(_payload(request.form))
        operations.prepare(application, data, user=current_user)
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: decision_page(application_id, **kw), error, typed=typed)
    flash(_("The decision is prepared. Another person approves it."))
    return redirect(url_for("decisions.page", application_id=application_id, _anchor="decisions"), 303)


def approve(decision_id: int):
    decision = decision_for_staff(current_user, decision_id)
    try:
        data = DecisionActionSchema().load({"version": _version(request.form)})
        operations.approve(decision, user=current_user, version=data["version"])
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: decision_page(decision.application_id, **kw), error)
    flash(_("The decision is approved. The letter is being written and the applicant will be told."))
    return redirect(url_for("decisions.page", application_id=decision.application_id, _anchor="decisions"), 303)


def send_back(decision_id: int):
    decision = decision_for_staff(current_user, decision_id)
    try:
        data = ReturnSchema().load({"version": _version(request.form), "reason": request.form.get("reason", "")})
        operations.send_back(decision, user=current_user, reason=data["reason"], version=data["version"])
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: decision_page(decision.application_id, **kw), error)
    flash(_("The decision is returned."))
    return redirect(url_for("decisions.page", application_id=decision.application_id, _anchor="decisions"), 303)


def _version(form):
    return integer(form.get("version"))


def letter(decision_id: int):
    decision = decision_for(current_user, decision_id)
    if decision.letter_sha256 is None:
        flash(_("The decision letter is still being written. Try again in a moment."))
        return redirect(url_for("applications.show", application_id=decision.application_id), 303)
    return letter_response(decision)


def ranking(call_id: int):
    call = call_or_404(call_id, drafts=True)
    return render_template("decisions/ranking.html", call=call, result=call_ranking(call))


def ranking_print(call_id: int):
    """The ranking on paper for the decision meeting, dated in the tenant's time zone, with places to sign."""
    call = call_or_404(call_id, drafts=True)
    today = utcnow().astimezone(current_tenant().zone).date()
    return render_template("decisions/ranking_print.html", call=call, result=call_ranking(call), today=today)
