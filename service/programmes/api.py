"""API: the tenant's national programme with budgets and indicator targets."""

from flask import abort, g, jsonify

from service.programmes.presenters import programme_data
from service.programmes.schemas import ProgrammeSchema
from service.programmes.util import current_programme


def programme():
    """The national programme: budget per specific objective and TA (EUR), indicator milestones and targets.
    ---
    get:
      tags: [programme]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: ProgrammeSchema}}}
        401: {description: No valid token.}
        404: {description: "No such tenant, or a token of another tenant."}
    """
    item = current_programme()
    if item is None:
        abort(404)
    return jsonify(ProgrammeSchema().dump(programme_data(item, default_language=g.tenant.default_language)))
