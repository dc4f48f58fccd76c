"""API: the tenant's audit trail, newest first."""

from flask import jsonify, request

from service.api.bodies import positive_int_arg
from service.audit.util import entries
from service.audit_trail.schemas import AuditEntrySchema


def audit_trail():
    """Audit entries of this tenant, newest first; page with ?before=<id>.
    ---
    get:
      tags: [audit]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: before, schema: {type: integer}}
        - {in: query, name: limit, schema: {type: integer, maximum: 500}}
        - {in: query, name: entity, schema: {type: string}, description: "Table name, e.g. users"}
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: AuditEntrySchema}}}}
        403: {description: Only auditors and MA administrators read the audit trail.}
    """
    rows = entries(
        before_id=positive_int_arg("before"),
        entity=request.args.get("entity") or None,
        limit=positive_int_arg("limit", default=100, maximum=500),
    )
    return jsonify(AuditEntrySchema(many=True).dump(rows))
