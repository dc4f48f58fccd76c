"""API of the assessment: the formal check, assessors, declarations, scores and consolidation (the ranking of
a call against its budget is in service.decisions.api)."""

from __future__ import annotations

from flask import g, jsonify

from service.api.bodies import load_body
from service.assessment import operations
from service.assessment.presenters import assessment_json, assessor_json
from service.assessment.schemas import (
    AssignmentWriteSchema,
    ConsolidationWriteSchema,
    DeclarationSchema,
    EligibilityWriteSchema,
    ScoresWriteSchema,
)
from service.assessment.util import application_for_reader, application_for_staff, assignment_of


def get_assessment(application_id: int):
    """The assessment of a submitted application: its stage, formal checks, assessors and consolidated score.
    ---
    get:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: AssessmentSchema}}}
        404: {description: No submitted application of this tenant.}
    """
    return jsonify(assessment_json(application_for_reader(g.api_user, application_id)))


def record_eligibility(application_id: int):
    """Record the formal check of the latest submitted version. A point not met needs its reason; the outcome
    is eligible (every point met), ineligible, or supplement_requested (with a message and a deadline).
    ---
    post:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: EligibilityWriteSchema}}}
      responses:
        201: {description: Recorded., content: {application/json: {schema: AssessmentSchema}}}
        404: {description: No submitted application of this tenant.}
        409: {description: The application is waiting for a supplement or already assessed.}
        422: {description: Invalid data.}
    """
    application = application_for_staff(g.api_user, application_id)
    data = load_body(EligibilityWriteSchema())
    operations.record_eligibility(
        application,
        data["points"],
        data["outcome"],
        user=g.api_user,
        message=data["message"],
        deadline=data["deadline"],
    )
    return jsonify(assessment_json(application)), 201


def assign_assessor(application_id: int):
    """Assign an assessor (an external expert or a member of staff) to an eligible application.
    ---
    post:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: AssignmentWriteSchema}}}
      responses:
        201: {description: Assigned., content: {application/json: {schema: AssessmentSchema}}}
        404: {description: No submitted application of this tenant.}
        409: {description: "Not eligible (yet), already assessed, or the person is already assigned."}
        422: {description: Not an active assessor of this tenant.}
    """
    application = application_for_staff(g.api_user, application_id)
    data = load_body(AssignmentWriteSchema())
    operations.assign(application, data["assessor_id"], user=g.api_user)
    return jsonify(assessment_json(application)), 201


def consolidate(application_id: int):
    """Consolidate the submitted scores (their mean, or a consensus score with its justification) and apply
    the call's rules; recorded once.
    ---
    post:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ConsolidationWriteSchema}}}
      responses:
        201: {description: Consolidated., content: {application/json: {schema: AssessmentSchema}}}
        404: {description: No submitted application of this tenant.}
        409: {description: "Scores missing, not eligible, or already consolidated."}
        422: {description: Invalid data.}
    """
    application = application_for_staff(g.api_user, application_id)
    data = load_body(ConsolidationWriteSchema())
    operations.consolidate(
        application,
        method=data["method"],
        points=data["points"],
        justification=data["justification"],
        user=g.api_user,
    )
    return jsonify(assessment_json(application)), 201


def my_assignments():
    """The applications assigned to you to assess.
    ---
    get:
      tags: [assessment]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: AssessorViewSchema}}}}
    """
    return jsonify([assessor_json(a) for a in operations.assignments_for(g.api_user)])


def get_assignment(assignment_id: int):
    """One of your assignments: who applies and its partners; after declaring no conflict of interest, the
    application as submitted and the criteria.
    ---
    get:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: assignment_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: AssessorViewSchema}}}
        404: {description: Not an assignment of yours.}
    """
    return jsonify(assessor_json(assignment_of(g.api_user, assignment_id)))


def declare(assignment_id: int):
    """Declare, once, that you have no conflict of interest with the applicant and its partners, or that you
    have one (you are then recused).
    ---
    post:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: assignment_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: DeclarationSchema}}}
      responses:
        200: {description: Declared., content: {application/json: {schema: AssessorViewSchema}}}
        404: {description: Not an assignment of yours.}
        409: {description: Already declared.}
        422: {description: A conflict without its description.}
    """
    assignment = assignment_of(g.api_user, assignment_id)
    data = load_body(DeclarationSchema())
    operations.declare(assignment, conflict=data["conflict"], statement=data["statement"])
    return jsonify(assessor_json(assignment))


def save_scores(assignment_id: int):
    """Save scores: points on each criterion's scale with a written justification (some or all criteria).
    ---
    put:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: assignment_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ScoresWriteSchema}}}
      responses:
        200: {description: Saved., content: {application/json: {schema: AssessorViewSchema}}}
        404: {description: Not an assignment of yours.}
        409: {description: "Not declared, recused, or the scores are already submitted."}
        422: {description: "Points off the scale, a missing justification or an unknown criterion."}
    """
    assignment = assignment_of(g.api_user, assignment_id)
    data = load_body(ScoresWriteSchema())
    operations.save_scores(assignment, data["scores"], language=operations.justification_language(data["language"]))
    return jsonify(assessor_json(assignment))


def submit_scores(assignment_id: int):
    """Submit your scores: every criterion scored; they can no longer be changed.
    ---
    post:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: assignment_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Submitted., content: {application/json: {schema: AssessorViewSchema}}}
        404: {description: Not an assignment of yours.}
        409: {description: "A criterion is not scored, or not allowed to score."}
    """
    assignment = assignment_of(g.api_user, assignment_id)
    operations.submit_scores(assignment)
    return jsonify(assessor_json(assignment))
