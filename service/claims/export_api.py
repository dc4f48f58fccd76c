"""API downloads of claims and payments as spreadsheets (XLSX or CSV), under each tenant. The tables are
service.claims.exports', which the pages' download links use too."""

from __future__ import annotations

from flask import g, request

from service.api.auth import api_auth
from service.claims import exports, ledger
from service.claims.util import READERS, project_for
from service.exports import requested_format


def export_claims(project_id: int):
    """The project's claim lines as a spreadsheet: each line with its claim, outcome, verified and deducted
    amounts (the beneficiary sees outcomes once a claim is verified; the verifier's comment is for MA staff and
    auditors).
    ---
    get:
      tags: [claims]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
        - {in: query, name: format, schema: {type: string, enum: [csv, xlsx], default: xlsx}}
      responses:
        200:
          description: "The file: XLSX, or CSV separated as the tenant's country's spreadsheets expect."
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
            text/csv: {schema: {type: string}}
        404: {description: Not a project you may see.}
        422: {description: An unknown format.}
    """
    project = project_for(g.api_user, project_id)
    return exports.claims_download(project, g.api_user, requested_format(request.args))


def export_payments():
    """Every payment of the tenant (and, in the XLSX workbook, a second sheet of recoveries): MA staff and
    auditors.
    ---
    get:
      tags: [payments]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: format, schema: {type: string, enum: [csv, xlsx], default: xlsx}}
      responses:
        200:
          description: "The file: XLSX with payments and recoveries, or CSV with the payments."
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
            text/csv: {schema: {type: string}}
        403: {description: Not MA staff or an auditor.}
        422: {description: An unknown format.}
    """
    return exports.payments_download(requested_format(request.args), today=ledger.today())


def add_routes(api) -> None:
    tenant = api.tenant
    readers = api_auth("applicant", *READERS)
    tenant.add_url_rule(
        "/projects/<int:project_id>/claims/export", "export_claims", readers(export_claims), methods=["GET"]
    )
    tenant.add_url_rule("/payments/export", "export_payments", api_auth(*READERS)(export_payments), methods=["GET"])
