"""API of an application's parts: budget lines, partners, indicators and attachments.

Each row carries its own version: a change to a row someone else changed since you read it is 409.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, g, jsonify, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.api.bodies import load_body
from service.applications import attachments, operations
from service.applications.models import Attachment, BudgetLine, Partner, PlannedIndicator
from service.applications.schemas import (
    AttachmentSchema,
    BudgetLineSchema,
    BudgetLineWriteSchema,
    PartnerSchema,
    PartnerWriteSchema,
    PlannedIndicatorSchema,
    PlannedIndicatorWriteSchema,
)
from service.applications.util import editable_by, read_with_token, visible_to
from service.errors import Conflict
from service.extensions import db

# Made once (see service.applications.api): the schemas of the parts an applicant adds.
_LINE_SENT, _LINE = BudgetLineWriteSchema(), BudgetLineSchema()
_INDICATOR_SENT, _INDICATOR = PlannedIndicatorWriteSchema(), PlannedIndicatorSchema()
_ATTACHMENT = AttachmentSchema()

_PATH = """
      parameters:
        - {in: path, name: application_id, required: true, schema: {type: integer}}
        - {in: path, name: row_id, required: true, schema: {type: integer}}"""


def _row(model, application_id: int, row_id: int, *, edit: bool = True):
    application = (editable_by if edit else visible_to)(g.api_user, application_id)
    row = db.session.get(model, row_id)
    if row is None or row.application_id != application.id:
        abort(404)
    return row


def _same_version(row, data: dict) -> None:
    version = data.pop("version", None)
    if version is None:
        raise ValidationError({"version": [_("Send the version you read.")]})
    if version != row.version:
        raise Conflict(_("Someone else changed this row in the meantime."), details={"current": _dump(row)})


def _dump(row) -> dict:
    schema = {BudgetLine: BudgetLineSchema, Partner: PartnerSchema, PlannedIndicator: PlannedIndicatorSchema}[type(row)]
    return schema().dump(row)


@read_with_token(with_call=True)
def add_budget_line(application_id: int):
    """Add a cost; staff costs are computed (percentage of salary, or hours at annual cost ÷ 1 720).
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: BudgetLineWriteSchema}}}
      responses:
        201: {description: Added., content: {application/json: {schema: BudgetLineSchema}}}
        404: {description: Not an application of yours.}
        409: {description: Submitted.}
        422: {description: Invalid data.}
    """
    application = editable_by(g.api_user, application_id, with_call=True)  # the totals use the call's rates
    line = operations.add_budget_line(application, load_body(_LINE_SENT))
    return jsonify(_LINE.dump(line)), 201


@read_with_token()
def change_budget_line(application_id: int, row_id: int):
    """Replace a cost (send every field and the version you read).
    ---
    put:
      tags: [applications]
      security: [{{bearer: []}}]{path}
      requestBody: {{content: {{application/json: {{schema: BudgetLineWriteSchema}}}}}}
      responses:
        200: {{description: Saved., content: {{application/json: {{schema: BudgetLineSchema}}}}}}
        404: {{description: Not found.}}
        409: {{description: "Changed by someone else, or submitted."}}
        422: {{description: Invalid data.}}
    """
    line = _row(BudgetLine, application_id, row_id)
    data = load_body(_LINE_SENT)
    _same_version(line, data)
    operations.change_budget_line(line, data)
    return jsonify(BudgetLineSchema().dump(line))


_DELETE_DOC = """Remove a {what} from a draft.
    ---
    delete:
      tags: [applications]
      security: [{{bearer: []}}]{path}
      responses:
        204: {{description: Removed.}}
        404: {{description: Not found.}}
        409: {{description: Submitted.}}
    """


@read_with_token()
def delete_budget_line(application_id: int, row_id: int):
    operations.remove(_row(BudgetLine, application_id, row_id))
    return "", 204


@read_with_token()
def delete_partner(application_id: int, row_id: int):
    operations.remove(_row(Partner, application_id, row_id))
    return "", 204


@read_with_token()
def delete_indicator(application_id: int, row_id: int):
    operations.remove(_row(PlannedIndicator, application_id, row_id))
    return "", 204


@read_with_token()
def add_partner(application_id: int):
    """Add a partner: organisation, role and its share of the budget.
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: PartnerWriteSchema}}}
      responses:
        201: {description: Added., content: {application/json: {schema: PartnerSchema}}}
        404: {description: Not an application of yours.}
        422: {description: Invalid data.}
    """
    application = editable_by(g.api_user, application_id)
    data = load_body(PartnerWriteSchema())
    data.pop("version", None)
    if data["budget_share"] is None:
        data.pop("budget_share")
    return jsonify(PartnerSchema().dump(operations.add_partner(application, data))), 201


@read_with_token()
def change_partner(application_id: int, row_id: int):
    """Change a partner (send the version you read).
    ---
    patch:
      tags: [applications]
      security: [{{bearer: []}}]{path}
      requestBody: {{content: {{application/json: {{schema: PartnerWriteSchema}}}}}}
      responses:
        200: {{description: Saved., content: {{application/json: {{schema: PartnerSchema}}}}}}
        404: {{description: Not found.}}
        409: {{description: "Changed by someone else, or submitted."}}
        422: {{description: Invalid data.}}
    """
    partner = _row(Partner, application_id, row_id)
    data = load_body(PartnerWriteSchema(), partial=True)
    _same_version(partner, data)
    if data.get("budget_share", 0) is None:
        data.pop("budget_share")
    return jsonify(PartnerSchema().dump(operations.change_row(partner, data)))


@read_with_token(with_call=True)
def add_indicator(application_id: int):
    """Add one of the call's common indicators with a planned value, or an own indicator with a unit.
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: PlannedIndicatorWriteSchema}}}
      responses:
        201: {description: Added., content: {application/json: {schema: PlannedIndicatorSchema}}}
        404: {description: Not an application of yours.}
        422: {description: Invalid data.}
    """
    application = editable_by(g.api_user, application_id, with_call=True)  # the call's indicators
    data = load_body(_INDICATOR_SENT)
    data.pop("version", None)
    return jsonify(_INDICATOR.dump(operations.add_indicator(application, data))), 201


@read_with_token()
def change_indicator(application_id: int, row_id: int):
    """Change a planned value (send the version you read).
    ---
    patch:
      tags: [applications]
      security: [{{bearer: []}}]{path}
      requestBody: {{content: {{application/json: {{schema: PlannedIndicatorWriteSchema}}}}}}
      responses:
        200: {{description: Saved., content: {{application/json: {{schema: PlannedIndicatorSchema}}}}}}
        404: {{description: Not found.}}
        409: {{description: "Changed by someone else, or submitted."}}
        422: {{description: Invalid data.}}
    """
    indicator = _row(PlannedIndicator, application_id, row_id)
    data = load_body(PlannedIndicatorWriteSchema(), partial=True)
    _same_version(indicator, data)
    data = {k: v for k, v in data.items() if k in ("planned_value", "name", "unit")}
    return jsonify(PlannedIndicatorSchema().dump(operations.change_row(indicator, data)))


@read_with_token(with_call=True)
def upload_attachment(application_id: int):
    """Upload an attachment (multipart/form-data: ``file`` and ``kind``, a required attachment key of the call
    or ``other``). PDF, docx, xlsx, odt, ods, PNG, JPEG or text; at most 10 MB; checked by content.
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}, kind: {type: string}}}
      responses:
        201: {description: Stored., content: {application/json: {schema: AttachmentSchema}}}
        404: {description: Not an application of yours.}
        413: {description: Too large.}
        422: {description: "Wrong type, hostile name, or unknown kind."}
    """
    application = editable_by(g.api_user, application_id, with_call=True)  # the call's kinds of attachment
    operations.ensure_editable(application)
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to upload.")]})
    kind = request.form.get("kind", "other")
    data = upload.stream.read(attachments.MAX_BYTES + 1)
    stored = attachments.add(application, kind=kind, filename=upload.filename or "", data=data, user=g.api_user)
    return jsonify(_ATTACHMENT.dump(stored)), 201


@read_with_token()
def download_attachment(application_id: int, row_id: int):
    """Download an attachment (always as a file, never shown inline).
    ---
    get:
      tags: [applications]
      security: [{{bearer: []}}]{path}
      responses:
        200: {{description: The file.}}
        404: {{description: Not found.}}
    """
    attachment = _row(Attachment, application_id, row_id, edit=False)
    return file_response(attachment)


def file_response(attachment: Attachment) -> Response:
    return download(attachments.content_of(attachment), attachment.content_type, attachment.filename)


def download(data: bytes, content_type: str, filename: str) -> Response:
    """A file to save, never to show inline: nosniff, a sandbox CSP, not cached."""
    response = Response(data, mimetype=content_type)
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@read_with_token()
def delete_attachment(application_id: int, row_id: int):
    """Remove an attachment from a draft.
    ---
    delete:
      tags: [applications]
      security: [{{bearer: []}}]{path}
      responses:
        204: {{description: Removed.}}
        404: {{description: Not found.}}
        409: {{description: Submitted.}}
    """
    operations.remove(_row(Attachment, application_id, row_id))  # as the page does
    return "", 204


for _view in (change_budget_line, change_partner, change_indicator, download_attachment, delete_attachment):
    _view.__doc__ = _view.__doc__.format(path=_PATH)
for _view, _what in ((delete_budget_line, "cost"), (delete_partner, "partner"), (delete_indicator, "indicator")):
    _view.__doc__ = _DELETE_DOC.format(what=_what, path=_PATH)
