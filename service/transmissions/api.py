"""API of the Commission's data transmissions (CPR Art. 42): ask for a cut-off's transmission (a job builds it),
follow it, read its content and its difference from the version before, freeze it, download it."""

from __future__ import annotations

from datetime import date

from flask import g, jsonify, request

from service.api.bodies import load_body
from service.transmissions import (
    annual,
    exports,
    labels,
    operations,
    payment_application,
    payment_exports,
    presenters,
)
from service.transmissions.schemas import (
    AnnualReportSchema,
    PaymentApplicationSchema,
    PaymentApplicationWriteSchema,
    TransmissionDraftSchema,
    TransmissionStartSchema,
    TransmissionVersionSchema,
)
from service.transmissions.util import application_or_404, draft_or_404, version_or_404

VERSION = "/transmissions/versions/<int:version_id>"
APPLICATION = "/payment-applications/<int:application_id>"


def list_transmissions():
    """The tenant's transmissions: the drafts (newest first, without their content) and the frozen versions.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      responses:
        200:
          description: Success.
          content:
            application/json:
              schema:
                type: object
                properties:
                  drafts: {type: array, items: TransmissionDraftSchema}
                  versions: {type: array, items: TransmissionVersionSchema}
    """
    return jsonify(
        drafts=[
            TransmissionDraftSchema().dump(presenters.draft_data(d, with_content=False)) for d in operations.drafts()
        ],
        versions=[TransmissionVersionSchema().dump(presenters.version_data(v)) for v in operations.all_versions()],
    )


def start_transmission():
    """Ask for the transmission of a cut-off whose day has passed; a background job builds it (follow it with
    GET /transmissions/{draft_id}).
    ---
    post:
      tags: [transmissions]
      security: [{bearer: []}]
      requestBody: {required: true, content: {application/json: {schema: TransmissionStartSchema}}}
      responses:
        202: {description: Being built., content: {application/json: {schema: TransmissionDraftSchema}}}
        409: {description: This cut-off's transmission is being built already.}
        422: {description: "Not a cut-off (December, March, June, August or October), or one not passed yet."}
    """
    body = load_body(TransmissionStartSchema())
    draft = operations.start(body["version"], user=g.api_user)
    return jsonify(TransmissionDraftSchema().dump(presenters.draft_data(draft))), 202


def get_transmission(draft_id: int):
    """One transmission: its progress while built, then its content, problems and difference from the version
    before.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      parameters: [{in: path, name: draft_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: TransmissionDraftSchema}}}
        404: {description: Not a transmission of this tenant.}
    """
    return jsonify(TransmissionDraftSchema().dump(presenters.draft_data(draft_or_404(draft_id))))


def freeze_transmission(draft_id: int):
    """Freeze a built transmission without problems as the next version of its cut-off (never changed after).
    ---
    post:
      tags: [transmissions]
      security: [{bearer: []}]
      parameters: [{in: path, name: draft_id, required: true, schema: {type: integer}}]
      responses:
        201: {description: Frozen., content: {application/json: {schema: TransmissionVersionSchema}}}
        404: {description: Not a transmission of this tenant.}
        409: {description: "Frozen already, not built, or with problems."}
    """
    frozen = operations.freeze(draft_or_404(draft_id), user=g.api_user)
    return jsonify(TransmissionVersionSchema().dump(presenters.version_data(frozen))), 201


def download_version(version_id: int):
    """A frozen version as the Commission reads it: JSON (default), CSV with the declared columns, or XLSX.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: version_id, required: true, schema: {type: integer}}
        - {in: query, name: format, schema: {type: string, enum: [json, csv, xlsx], default: json}}
      responses:
        200: {description: The file.}
        404: {description: Not a version of this tenant or not a format.}
    """
    return exports.version_download(version_or_404(version_id), request.args)


def annual_report(year: str):
    """The figures of the annual performance report on a year that has ended (AMIF Art. 35, due 15 February):
    the financial data and indicator values as at 31 December, and the persons and amounts of the SO4 lump sums
    (resettled, admitted, transferred) of the year.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: year, required: true, description: "A year of the programme (from 2021) that has ended.",
           schema: {type: string, pattern: "^(202[1-9]|20[3-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})$"}}
      responses:
        200: {description: Success., content: {application/json: {schema: AnnualReportSchema}}}
        422: {description: "Not a year of the programme, or one not ended yet."}
    """
    figures = annual.annual_figures(annual.report_year(year, operations.today()))
    figures["problems"] = [{**p, "message": labels.problem_message(p)} for p in figures["problems"]]
    return jsonify(AnnualReportSchema().dump(figures))


def _application_data(application) -> dict:
    return {
        "id": application.id,
        "year_start": application.year_start,
        "sequence": application.sequence,
        "as_of": application.as_of,
        "content": application.content,
        "content_sha256": application.content_sha256,
        "frozen_at": application.frozen_at,
        "problems": [],
    }


def list_payment_applications():
    """The payment applications made (CPR Art. 91), by accounting year and sequence.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      responses:
        200:
          description: Success.
          content: {application/json: {schema: {type: array, items: PaymentApplicationSchema}}}
    """
    return jsonify([PaymentApplicationSchema().dump(_application_data(a)) for a in payment_application.applications()])


def next_payment_application():
    """What the next payment application as at a day would hold, and what keeps it from being made.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      parameters: [{in: query, name: as_of, required: true, schema: {type: string, format: date}}]
      responses:
        200: {description: Success., content: {application/json: {schema: PaymentApplicationSchema}}}
        422: {description: "No day, a future day, or one before the last application's."}
    """
    body = PaymentApplicationWriteSchema().load({"as_of": request.args.get("as_of", "")})
    as_of = payment_application.check_day(body["as_of"], operations.today())
    content, problems = payment_application.content_of(as_of)
    data = {
        "id": None,
        "year_start": date.fromisoformat(content["accounting_year"]["start"]),
        "sequence": content["sequence"],
        "as_of": as_of,
        "content": content,
        "content_sha256": None,
        "frozen_at": None,
        "problems": [{**p, "message": labels.problem_message(p)} for p in problems],
    }
    return jsonify(PaymentApplicationSchema().dump(data))


def make_payment_application():
    """Make the next payment application as at a day: frozen (append-only, with its SHA-256), never changed.
    ---
    post:
      tags: [transmissions]
      security: [{bearer: []}]
      requestBody: {required: true, content: {application/json: {schema: PaymentApplicationWriteSchema}}}
      responses:
        201: {description: Made., content: {application/json: {schema: PaymentApplicationSchema}}}
        409: {description: "A missing rate, an unclassified project, or six made in the accounting year already."}
        422: {description: "No day, a future day, or one before the last application's."}
    """
    body = load_body(PaymentApplicationWriteSchema())
    made = payment_application.freeze(body["as_of"], user=g.api_user, today=operations.today())
    return jsonify(PaymentApplicationSchema().dump(_application_data(made))), 201


def download_payment_application(application_id: int):
    """A payment application made, as a file: JSON (the content as frozen, default), CSV with the declared columns,
    or XLSX.
    ---
    get:
      tags: [transmissions]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: application_id, required: true, schema: {type: integer}}
        - {in: query, name: format, schema: {type: string, enum: [json, csv, xlsx], default: json}}
      responses:
        200: {description: The file.}
        404: {description: Not an application of this tenant or not a format.}
    """
    return payment_exports.application_download(application_or_404(application_id), request.args)
