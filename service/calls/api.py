"""API of calls: public reads, and the managing authority's create / change / publish / close."""

from __future__ import annotations

from flask import g, jsonify

from service.api.auth import optional_caller
from service.api.bodies import load_body
from service.calls import operations
from service.calls.presenters import call_json, calls_json
from service.calls.schemas import CallActionSchema, CallWriteSchema
from service.calls.util import all_calls, call_or_404, listed_publicly
from service.errors import Conflict

MANAGERS = ("ma_admin",)


def _manager() -> bool:
    caller = optional_caller()
    return caller is not None and caller.tenant_id is not None and caller.role in MANAGERS


def list_calls():
    """Calls of the tenant. Without a token: published calls that are open or upcoming
    (``include_closed=true`` adds closed ones). With a managing authority token: every call, drafts too.
    ---
    get:
      tags: [calls]
      security: [{}, {bearer: []}]
      parameters:
        - {in: query, name: include_closed, schema: {type: boolean}}
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: CallSchema}}}}
        401: {description: A token was given but is not valid.}
    """
    from flask import request

    if _manager():
        return jsonify(calls_json(all_calls()))
    include_closed = request.args.get("include_closed", "").lower() in ("1", "true", "yes")
    return jsonify(calls_json(listed_publicly(include_closed=include_closed)))


def get_call(call_id: int):
    """One call: texts in every tenant language, budget, rates, instants in UTC, criteria, public changes.
    ---
    get:
      tags: [calls]
      security: [{}, {bearer: []}]
      parameters: [{in: path, name: call_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: CallSchema}}}
        404: {description: No such published call in this tenant.}
    """
    return jsonify(call_json(call_or_404(call_id, drafts=_manager())))


def create_call():
    """Create a draft call. Unset rates and criteria take the tenant's defaults. Instants without an
    offset are the tenant's local time.
    ---
    post:
      tags: [calls]
      security: [{bearer: []}]
      requestBody: {content: {application/json: {schema: CallWriteSchema}}}
      responses:
        201: {description: Created., content: {application/json: {schema: CallSchema}}}
        403: {description: Not a managing authority administrator.}
        422:
          description: >-
            Invalid data; messages per field in the caller's language. Beside what the schema states: texts and
            labels in the tenant's languages, its default one required; eligible types of the tenant's own (a
            competitive call names at least one, another call names the organisations addressed); each specific
            objective once, their budgets within the call's; each measure of one of the call's objectives and each
            indicator of the catalogue and of one of them; closing after opening, projects ending after they start,
            the minimum grant not above the maximum nor the maximum above the budget; a reference no other call
            has.
    """
    call = operations.create_call(load_body(CallWriteSchema()))
    return jsonify(call_json(call)), 201


def update_call(call_id: int):
    """Change a call. Send the version you read. After publication what applicants rely on is fixed;
    the opening, closing and budget may change with a ``reason`` that is shown publicly.
    ---
    patch:
      tags: [calls]
      security: [{bearer: []}]
      parameters: [{in: path, name: call_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: CallWriteSchema}}}
      responses:
        200: {description: Success., content: {application/json: {schema: CallSchema}}}
        404: {description: No such call in this tenant.}
        409: {description: "Changed since the version given, or closed."}
        422: {description: "Invalid data, or a change a published call does not allow."}
    """
    call = call_or_404(call_id, drafts=True)
    data = load_body(CallWriteSchema(), partial=True)
    _check_version(call, data.get("version"))
    operations.change_call(call, data, reason=data.get("reason", ""), actor=g.api_user.email)
    return jsonify(call_json(call))


def publish_call(call_id: int):
    """Publish a draft call: it appears on the public call pages.
    ---
    post:
      tags: [calls]
      security: [{bearer: []}]
      parameters: [{in: path, name: call_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: CallActionSchema}}}
      responses:
        200: {description: Published., content: {application/json: {schema: CallSchema}}}
        404: {description: No such call in this tenant.}
        409: {description: "Not a draft, already past its closing, or changed since the version given."}
    """
    call = call_or_404(call_id, drafts=True)
    data = load_body(CallActionSchema())
    _check_version(call, data["version"])
    operations.publish_call(call)
    return jsonify(call_json(call))


def close_call(call_id: int):
    """Close a published call now (before its closing instant only with a reason, shown publicly).
    ---
    post:
      tags: [calls]
      security: [{bearer: []}]
      parameters: [{in: path, name: call_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: CallActionSchema}}}
      responses:
        200: {description: Closed., content: {application/json: {schema: CallSchema}}}
        404: {description: No such call in this tenant.}
        409: {description: "Not published, or changed since the version given."}
        422: {description: A reason is needed.}
    """
    call = call_or_404(call_id, drafts=True)
    data = load_body(CallActionSchema())
    _check_version(call, data["version"])
    operations.close_call(call, reason=data["reason"], actor=g.api_user.email)
    return jsonify(call_json(call))


def _check_version(call, version) -> None:
    from flask_babel import gettext as _
    from marshmallow import ValidationError

    if version is None:
        raise ValidationError({"version": [_("Send the version you read.")]})
    if version != call.version:
        raise Conflict(_("Someone else changed this call in the meantime. Reload and try again."))
