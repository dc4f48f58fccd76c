"""API of the participant register, under each tenant: register a participant, list the rows, read the counts,
import a file as a background job and follow it, download counts and rows. Who may do what:
service.participants.util (else 404)."""

from __future__ import annotations

from flask import abort, g, jsonify, request
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from service.api.bodies import load_body, positive_int_arg
from service.exports import ExportQuerySchema
from service.participants import exports, operations, presenters
from service.participants.schemas import ParticipantRegistrationSchema
from service.participants.util import (
    STAFF,
    import_for,
    participant_for,
    project_for,
    project_for_beneficiary,
    project_for_rows,
)
from service.security import upload_limit

MAX_IMPORT_BYTES = 128 * 1024 * 1024  # a million rows of names, dates and codes fit


class RegisterExportSchema(ExportQuerySchema):
    """The register's download: the counts (default) or, for those who may read them, the rows."""

    table = fields.String(load_default="counts", validate=validate.OneOf(("counts", "rows")))


def register_participant(project_id: int):
    """Register a participant of the project (the beneficiary's members). The name parts and the date of birth
    are hashed with the tenant's key and never stored; the same person again adds the indicators to the first
    registration.
    ---
    post:
      tags: [participants]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ParticipantRegistrationSchema}}}
      responses:
        201: {description: A new participant., content: {application/json: {schema: ParticipantSchema}}}
        200:
          description: "Registered already: the indicators were added."
          content: {application/json: {schema: ParticipantSchema}}
        404: {description: Not a project of yours.}
        409: {description: The project is not active.}
        422: {description: "Impossible dates, an identity number, an unknown sex or indicator."}
    """
    project = project_for_beneficiary(g.api_user, project_id)
    body = load_body(ParticipantRegistrationSchema())
    registration = operations.register(
        project,
        first_name=body["first_name"],
        last_name=body["last_name"],
        born=body["date_of_birth"],
        sex=body["sex"],
        first_participation=body["first_participation"],
        indicators=body["indicators"],
        user=g.api_user,
    )
    participant = registration.participant
    data = presenters.participant_json(participant, [i.indicator_code for i in participant.indicators])
    return jsonify({**data, "created": registration.created}), 201 if registration.created else 200


def list_participants(project_id: int):
    """The project's participants, a page at a time (never a name; children's rows only for MA staff and the
    beneficiary's members).
    ---
    get:
      tags: [participants]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
        - {in: query, name: page, schema: {type: integer, minimum: 1, default: 1}}
      responses:
        200: {description: "The page, the number of rows visible and of children's rows withheld."}
        404: {description: Not a project whose rows you may read.}
    """
    project = project_for_rows(g.api_user, project_id)
    page = positive_int_arg("page", default=1)
    rows, total, hidden = presenters.rows(project, g.api_user, page=page)
    return jsonify({"participants": rows, "total": total, "children_withheld": hidden, "page": page})


def get_participant(project_id: int, participant_id: int):
    """One participant of the project.
    ---
    get:
      tags: [participants]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
        - {in: path, name: participant_id, required: true, schema: {type: integer}}
      responses:
        200: {description: Success., content: {application/json: {schema: ParticipantSchema}}}
        404: {description: Not a participant you may see.}
    """
    project = project_for_rows(g.api_user, project_id)
    participant = participant_for(g.api_user, project, participant_id)
    return jsonify(presenters.participant_json(participant, [i.indicator_code for i in participant.indicators]))


def participant_counts(project_id: int):
    """The project's participants per indicator, by sex and by age band (the register's rows and the counts kept
    after retention ended).
    ---
    get:
      tags: [participants]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        200:
          description: "Indicator code: its breakdown (total, by_sex, by_age)."
          content: {application/json: {schema: {type: object, additionalProperties: {type: object}}}}
        404: {description: Not a project you may see.}
    """
    return jsonify(presenters.counts_json(project_for(g.api_user, project_id)))


@upload_limit(MAX_IMPORT_BYTES)
def start_import(project_id: int):
    """Import participants from a CSV (UTF-8, ``;`` or ``,``) or XLSX file (multipart ``file``), as a background
    job: follow it at the import's URL. Nothing is registered unless every row is valid.
    ---
    post:
      tags: [participants]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, required: [file], properties: {file: {type: string, format: binary}}}
      responses:
        202: {description: Queued., content: {application/json: {schema: ParticipantImportSchema}}}
        404: {description: Not a project of yours.}
        409: {description: The project is not active.}
        413: {description: The file is larger than 128 MB.}
        422: {description: "Not UTF-8 or XLSX, a column missing, no rows, or more than 1 000 000 rows."}
    """
    project = project_for_beneficiary(g.api_user, project_id)
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Choose a CSV or XLSX file to import.")]})
    record = operations.start_import(project, filename=upload.filename or "", content=upload.read(), user=g.api_user)
    return jsonify(presenters.import_json(record)), 202


def get_import(project_id: int, import_id: int):
    """An import's progress and, when refused, its problems by line and column in the reader's language.
    ---
    get:
      tags: [participants]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
        - {in: path, name: import_id, required: true, schema: {type: integer}}
      responses:
        200: {description: Success., content: {application/json: {schema: ParticipantImportSchema}}}
        404: {description: Not an import you may see.}
    """
    project = project_for(g.api_user, project_id)
    return jsonify(presenters.import_json(import_for(g.api_user, project, import_id)))


def export_participants(project_id: int):
    """The project's counts (``table=counts``, everyone who reads them) or rows (``table=rows``, MA staff) as a
    spreadsheet.
    ---
    get:
      tags: [participants]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
        - {in: query, name: format, schema: {type: string, enum: [csv, xlsx], default: xlsx}}
        - {in: query, name: table, schema: {type: string, enum: [counts, rows], default: counts}}
      responses:
        200:
          description: The file.
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
            text/csv: {schema: {type: string}}
        404: {description: "Not a project you may see, or rows you may not download."}
        422: {description: An unknown format or table.}
    """
    project = project_for(g.api_user, project_id)
    query = RegisterExportSchema().load(request.args.to_dict())
    if query["table"] == "rows":
        if g.api_user.role not in STAFF:
            abort(404)
        return exports.rows_download(project, g.api_user, query["format"])
    return exports.counts_download(project, query["format"])
