"""API: the tenant's national programme with budgets and indicator targets; editing it; its versions."""

from __future__ import annotations

from flask import abort, g, jsonify, request
from marshmallow import ValidationError

from service.api.bodies import load_body
from service.errors import error_response
from service.programmes import operations
from service.programmes.committed import READERS, committed_data, committed_in_euro, requested_in_euro
from service.programmes.presenters import programme_data
from service.programmes.schemas import (
    ProgrammeEditSchema,
    ProgrammeSchema,
    ProgrammeVersionDetailSchema,
    ProgrammeVersionSchema,
)
from service.programmes.util import current_programme, find_version, versions
from service.tenancy.current import current_tenant


def _programme_or_404():
    item = current_programme()
    if item is None:
        abort(404)
    return item


def programme():
    """The national programme: budget per specific objective and TA (EUR), indicator milestones and targets.
    ---
    get:
      tags: [programme]
      security: [{bearer: []}]
      parameters:
        - in: query
          name: currency
          schema: {type: string, enum: [EUR]}
          description: >-
            EUR adds "committed": the EU amounts of the grants in force, each converted to euro at the
            Commission's rate of its approval month, with the rate and month used, and the months without
            a rate. For managing authority staff and the monitoring committee.
      responses:
        200: {description: Success., content: {application/json: {schema: ProgrammeSchema}}}
        401: {description: No valid token.}
        403: {description: "currency=EUR asked by someone who may not see what decisions commit."}
        404: {description: "No such tenant, or a token of another tenant."}
        422: {description: "A currency other than EUR."}
    """
    item = _programme_or_404()
    data = programme_data(item, default_language=current_tenant().default_language)
    if requested_in_euro(request.args):
        if g.api_user.role not in READERS or g.api_user.tenant_id is None:
            abort(403)
        data["committed"] = committed_data(committed_in_euro(current_tenant().zone))
    return jsonify(ProgrammeSchema().dump(data))


def edit_programme():
    """Change budgets, indicator milestones and targets or programme-specific indicators; saved as a new version.
    ---
    patch:
      tags: [programme]
      security: [{bearer: []}]
      description: >-
        Only the lines given change; a line for an objective or common indicator the programme
        does not have yet is added. Amounts are text in euro ("126 822 000,00" or "126822000.00").
        Error fields are paths such as allocations.0.eu_contribution (the index in your lists).
      requestBody: {content: {application/json: {schema: ProgrammeEditSchema}}}
      responses:
        200: {description: Saved; the programme as it is now., content: {application/json: {schema: ProgrammeSchema}}}
        401: {description: No valid token.}
        403: {description: Not a managing authority administrator.}
        404: {description: "No such tenant, or a token of another tenant."}
        409: {description: The programme was saved in another version since the one given.}
        422: {description: Invalid data (nothing was saved); messages per field in the caller's language.}
    """
    item = _programme_or_404()
    try:
        data = load_body(ProgrammeEditSchema())
    except ValidationError as error:
        raise ValidationError(flatten(error.messages)) from error
    version, reason = data.pop("version"), data.pop("reason")
    try:
        operations.edit_programme(item, changes=data, reason=reason, actor=g.api_user, expected_version=version)
    except operations.ProgrammeConflict as conflict:
        return error_response(409, conflict.message())
    except operations.ProgrammeInvalid as invalid:
        raise ValidationError(invalid.errors) from invalid
    return jsonify(ProgrammeSchema().dump(programme_data(item, default_language=current_tenant().default_language)))


def list_versions():
    """The programme's saved versions, newest first: number, who, when and why.
    ---
    get:
      tags: [programme]
      security: [{bearer: []}]
      responses:
        200:
          description: Success.
          content: {application/json: {schema: {type: array, items: ProgrammeVersionSchema}}}
        401: {description: No valid token.}
        404: {description: "No such tenant, or a token of another tenant."}
    """
    return jsonify(ProgrammeVersionSchema(many=True).dump(versions(_programme_or_404())))


def get_version(number: int):
    """One saved version of the programme, with what it held (amounts as decimal strings in EUR).
    ---
    get:
      tags: [programme]
      security: [{bearer: []}]
      parameters: [{in: path, name: number, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ProgrammeVersionDetailSchema}}}
        401: {description: No valid token.}
        404: {description: "No such version of this tenant's programme."}
    """
    version = find_version(_programme_or_404(), number)
    if version is None:
        abort(404)
    return jsonify(ProgrammeVersionDetailSchema().dump(version))


def flatten(messages, prefix: str = "") -> dict:
    """marshmallow's nested errors as flat paths: {"allocations": {0: {"x": [..]}}} -> {"allocations.0.x": [..]}."""
    if not isinstance(messages, dict):
        return {prefix or "_body": messages if isinstance(messages, list) else [messages]}
    flat = {}
    for key, value in messages.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        flat.update(flatten(value, path) if isinstance(value, dict) else {path: value})
    return flat
