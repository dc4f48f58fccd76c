"""API of the classification: the case officer confirms or corrects an application's specific objective and
type of intervention (the applicant proposes them with the application's fields)."""

from __future__ import annotations

from flask import g, jsonify

from service.api.bodies import load_body
from service.applications.presenters import classification_view
from service.applications.schemas import ClassificationSchema
from service.assessment.util import application_for_reader, application_for_staff
from service.classification import operations
from service.classification.schemas import ConfirmationWriteSchema


def get_classification(application_id: int):
    """The application's classification: the proposal, the confirmation (who, when, why) and what counts.
    ---
    get:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ClassificationSchema}}}
        404: {description: No submitted application of this tenant.}
    """
    application = application_for_reader(g.api_user, application_id)
    return jsonify(ClassificationSchema().dump(classification_view(application)))


def confirm_classification(application_id: int):
    """Confirm the applicant's specific objective and type of intervention, or correct them (with the reason;
    also outside the call's objectives when the formal check finds the project out of its scope).
    ---
    put:
      tags: [assessment]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ConfirmationWriteSchema}}}
      responses:
        200: {description: Recorded., content: {application/json: {schema: ClassificationSchema}}}
        404: {description: No submitted application of this tenant.}
        409: {description: The application is decided (its project carries the classification).}
        422: {description: "Not a code of AMIF Annex VI, a code of another objective, or a correction without reason."}
    """
    application = application_for_staff(g.api_user, application_id)
    operations.confirm(application, load_body(ConfirmationWriteSchema()), user=g.api_user)
    return jsonify(ClassificationSchema().dump(classification_view(application)))
