"""API: the tenant's audit trail, newest first, filtered as the page is, and its download."""

from flask import g, jsonify, request

from service.api.bodies import positive_int_arg
from service.audit_trail import exports, presenters, util
from service.audit_trail.schemas import AuditEntrySchema, TrailExportSchema, TrailFilterSchema

MAX_LIMIT = 500


def audit_trail():
    """Audit entries of this tenant, newest first, each as recorded and as a person reads it; page with
    ?before=<the last id of the previous page>.
    ---
    get:
      tags: [audit]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 500, default: 100}}
        - {in: query, schema: TrailFilterSchema}
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: AuditEntrySchema}}}}
        403: {description: Only auditors and MA administrators read the audit trail.}
        422:
          description: "A filter that is not one of the choices, a date that is not a date, a period that ends
            before it starts."
    """
    filters = TrailFilterSchema().load(request.args.to_dict())
    limit = positive_int_arg("limit", default=100, maximum=MAX_LIMIT)
    rows, _next = util.page(filters, limit=limit)
    views = presenters.present(rows, g.api_user.role)
    return jsonify(AuditEntrySchema(many=True).dump([view.as_dict() for view in views]))


def audit_trail_export():
    """The filtered audit trail as a spreadsheet: one row per changed field, times in the tenant's time zone.
    ---
    get:
      tags: [audit]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: format, schema: {type: string, enum: [xlsx, csv], default: xlsx}}
        - {in: query, schema: TrailFilterSchema}
      responses:
        200:
          description: The workbook or the CSV file.
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
            text/csv: {schema: {type: string, format: binary}}
        403: {description: Only auditors and MA administrators read the audit trail.}
        422: {description: "An unknown format, or a filter refused as for the trail."}
    """
    query = TrailExportSchema().load(request.args.to_dict())
    query.pop("before", None)
    return exports.download(query, query.pop("format"), g.api_user.role)
