"""API of decisions: prepare, approve (another person), return; the decisions on an application; the letter;
the ranking of a call against its budget and a person's decisions on it (the order of ties, partial amounts)."""

from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext as _

from service.api.bodies import load_body
from service.applications.api_parts import download
from service.applications.util import visible_to
from service.assessment import ranking as assessment_ranking
from service.assessment.schemas import RankingDecisionWriteSchema
from service.assessment.util import application_for_staff
from service.calls.util import call_or_404
from service.decisions import operations
from service.decisions.presenters import applicant_decision_json, decision_json, decisions_json, ranking_json
from service.decisions.ranking import call_ranking as ranking_of
from service.decisions.schemas import DecisionActionSchema, DecisionWriteSchema, ReturnSchema
from service.decisions.tasks import letter_of
from service.decisions.util import READERS, decision_for, decision_for_staff
from service.errors import Conflict


def list_decisions(application_id: int):
    """The decisions on an application. MA staff see every one (prepared, returned, approved) and the call's
    budget left; the applicant's members see the approved ones.
    ---
    get:
      tags: [decisions]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: DecisionsSchema}}}
        404: {description: Not an application you may see.}
    """
    application = visible_to(g.api_user, application_id)
    if g.api_user.role in READERS:
        return jsonify(decisions_json(application))
    approved = [d for d in operations.decisions_of(application) if d.status == "approved"]
    return jsonify({"decisions": [applicant_decision_json(d) for d in approved]})


def prepare_decision(application_id: int):
    """Prepare a grant or a rejection; another person approves it. To correct the decision in force, name it in
    ``corrects_id`` with ``correction_reason``.
    ---
    post:
      tags: [decisions]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: DecisionWriteSchema}}}
      responses:
        201: {description: Prepared., content: {application/json: {schema: DecisionSchema}}}
        404: {description: No submitted application of this tenant.}
        409: {description: "Already decided, already in preparation, not assessed, or ineligible for a grant."}
        422: {description: "Invalid data: amounts, a reduction or an override without its reason, reasons."}
    """
    application = application_for_staff(g.api_user, application_id)
    decision = operations.prepare(application, load_body(DecisionWriteSchema()), user=g.api_user)
    return jsonify(decision_json(decision)), 201


def get_decision(decision_id: int):
    """One decision: all of it for MA staff; an approved decision on your application for its members.
    ---
    get:
      tags: [decisions]
      security: [{bearer: []}]
      parameters: [{in: path, name: decision_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: DecisionSchema}}}
        404: {description: Not a decision you may see.}
    """
    decision = decision_for(g.api_user, decision_id)
    if g.api_user.role in READERS:
        return jsonify(decision_json(decision))
    return jsonify(applicant_decision_json(decision))


def approve_decision(decision_id: int):
    """Approve a prepared decision. The person who prepared it cannot; the decision is in force from now, the
    letter is written by a job and the applicant is told.
    ---
    post:
      tags: [decisions]
      security: [{bearer: []}]
      parameters: [{in: path, name: decision_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: DecisionActionSchema}}}
      responses:
        200: {description: Approved., content: {application/json: {schema: DecisionSchema}}}
        404: {description: No decision of this tenant.}
        409: {description: "Your own decision, no longer prepared, changed since you read it, or the budget left fell."}
    """
    decision = decision_for_staff(g.api_user, decision_id)
    data = load_body(DecisionActionSchema())
    return jsonify(decision_json(operations.approve(decision, user=g.api_user, version=data["version"])))


def return_decision(decision_id: int):
    """Return a prepared decision with the reason (it is not approved; a new one may be prepared).
    ---
    post:
      tags: [decisions]
      security: [{bearer: []}]
      parameters: [{in: path, name: decision_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ReturnSchema}}}
      responses:
        200: {description: Returned., content: {application/json: {schema: DecisionSchema}}}
        404: {description: No decision of this tenant.}
        409: {description: No longer in preparation.}
        422: {description: No reason.}
    """
    decision = decision_for_staff(g.api_user, decision_id)
    data = load_body(ReturnSchema())
    operations.send_back(decision, user=g.api_user, reason=data["reason"], version=data["version"])
    return jsonify(decision_json(decision))


def download_letter(decision_id: int):
    """The decision letter (PDF) in the application's language.
    ---
    get:
      tags: [decisions]
      security: [{bearer: []}]
      parameters: [{in: path, name: decision_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: The letter., content: {application/pdf: {}}}
        404: {description: Not a decision you may see.}
        409: {description: The letter is still being written.}
    """
    decision = decision_for(g.api_user, decision_id)
    return letter_response(decision)


def letter_response(decision):
    data = letter_of(decision)
    if data is None:
        raise Conflict(_("The decision letter is still being written. Try again in a moment."))
    return download(data, "application/pdf", f"{decision.reference}.pdf")


def call_ranking(call_id: int):
    """The ranking of a call: each application with its state (its status and the decision in force) and its
    points per criterion; the ranked ones by score with the running total (a grant in force counts by its
    granted EU amount) and the funding line, then those outside the ranking (rejected, ineligible); the
    call's budget, the grants in force and what is left (the same figure as the decisions' remaining_budget).
    ---
    get:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: call_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: RankingSchema}}}
        404: {description: No such call in this tenant.}
    """
    return jsonify(ranking_json(ranking_of(call_or_404(call_id, drafts=True))))


def decide_ranking(call_id: int):
    """Record a person's decision on the ranking: the order of equal scores or a partial amount.
    ---
    post:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: call_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: RankingDecisionWriteSchema}}}
      responses:
        201: {description: Recorded., content: {application/json: {schema: RankingSchema}}}
        404: {description: No such call in this tenant.}
        409: {description: "Not a ranked application of this call, no tie to decide, or a partial amount for a grant."}
        422: {description: Invalid data.}
    """
    call = call_or_404(call_id, drafts=True)
    data = load_body(RankingDecisionWriteSchema())
    assessment_ranking.decide(call, data, user=g.api_user)
    return jsonify(ranking_json(ranking_of(call))), 201
