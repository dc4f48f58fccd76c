"""The Commission's API of the consolidated export (Commission and platform roles only): ask for it, follow its
job, download its files."""

from __future__ import annotations

from flask import g, jsonify

from service.api.bodies import load_body
from service.consolidated import operations, presenters
from service.consolidated.schemas import ConsolidatedExportRequestSchema, ConsolidatedExportSchema
from service.consolidated.util import export_or_404, send_export_file


def list_exports():
    """The consolidated exports asked for, newest first (the last 50).
    ---
    get:
      tags: [commission]
      security: [{bearer: []}]
      responses:
        200:
          description: Success.
          content:
            application/json:
              schema:
                type: object
                properties:
                  exports: {type: array, items: ConsolidatedExportSchema}
        401: {description: No valid token.}
        403: {description: Only Commission users and platform administrators.}
    """
    return jsonify(exports=ConsolidatedExportSchema(many=True).dump(presenters.exports_data(operations.exports())))


def request_export():
    """Ask for the consolidated export as of a day (today by default): every tenant's latest frozen transmission
    and its portfolio, in EUR. A background job builds it; follow it with GET /consolidated-exports/{export_id}.
    ---
    post:
      tags: [commission]
      security: [{bearer: []}]
      requestBody: {required: true, content: {application/json: {schema: ConsolidatedExportRequestSchema}}}
      responses:
        202: {description: Being built., content: {application/json: {schema: ConsolidatedExportSchema}}}
        403: {description: Only Commission users and platform administrators.}
        409: {description: The export of this day is being built already.}
        422: {description: "Not a day, or a day still to come."}
    """
    body = load_body(ConsolidatedExportRequestSchema())
    export = operations.request_export(body["as_of"], person=g.api_user)
    return jsonify(ConsolidatedExportSchema().dump(presenters.export_data(export))), 202


def get_export(export_id: int):
    """One export: its progress (tenants done) while built, then its files.
    ---
    get:
      tags: [commission]
      security: [{bearer: []}]
      parameters: [{in: path, name: export_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ConsolidatedExportSchema}}}
        404: {description: No such export.}
    """
    return jsonify(ConsolidatedExportSchema().dump(presenters.export_data(export_or_404(export_id))))


def download_file(export_id: int, format: str):
    """One file of a built export: XLSX, CSV or JSON.
    ---
    get:
      tags: [commission]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: export_id, required: true, schema: {type: integer}}
        - {in: path, name: format, required: true, schema: {type: string, enum: [xlsx, csv, json]}}
      responses:
        200: {description: The file.}
        404: {description: No such export or format.}
        409: {description: "Not built yet, or its build failed."}
    """
    return send_export_file(export_or_404(export_id), format)
