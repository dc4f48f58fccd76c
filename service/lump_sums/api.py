"""API of the SO4 lump sums: the records, the totals per year and category, a record, a correction and evidence."""

from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.api.bodies import load_body, positive_int_arg
from service.applications.api_parts import download
from service.applications.attachments import MAX_BYTES, stored_content
from service.lump_sums import operations
from service.lump_sums.models import LumpSumRecord
from service.lump_sums.schemas import (
    CorrectionWriteSchema,
    EvidenceSchema,
    RecordSchema,
    RecordWriteSchema,
    YearTotalSchema,
)
from service.lump_sums.util import (
    YearTotals,
    all_records,
    corrected_by,
    evidence_or_404,
    record_or_404,
    records_in_force,
    totals_by_year,
)

RECORD = {"in": "path", "name": "record_id", "required": True, "schema": {"type": "integer"}}


def record_json(record: LumpSumRecord, *, corrected_by_id: int | None = None) -> dict:
    values = {column.key: getattr(record, column.key) for column in LumpSumRecord.__table__.columns}
    return RecordSchema().dump(
        {**values, "corrected_by_id": corrected_by_id, "in_force": corrected_by_id is None, "evidence": record.evidence}
    )


def totals_json(totals: YearTotals) -> dict:
    categories = [{"category": c, "persons": t.persons, "amount": t.amount} for c, t in totals.categories.items()]
    return YearTotalSchema().dump(
        {"year": totals.year, "persons": totals.persons, "amount": totals.amount, "categories": categories}
    )


def _year():
    return positive_int_arg("year", maximum=9999)


def list_records():
    """The lump-sum records by month, optionally of one year: those in force (the latest of each month and
    category), or every record with ``history=true`` (corrected ones say which record replaced them).
    ---
    get:
      tags: [lump sums]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: year, schema: {type: integer, minimum: 1, maximum: 9999}}
        - {in: query, name: history, schema: {type: boolean}}
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: RecordSchema}}}}
        422: {description: Not a year.}
    """
    year = _year()
    if request.args.get("history") in ("true", "1"):
        records = all_records(year)
        replaced = {r.corrects_id: r.id for r in records if r.corrects_id is not None}
        return jsonify([record_json(r, corrected_by_id=replaced.get(r.id)) for r in records])
    return jsonify([record_json(r) for r in records_in_force(year)])


def list_totals():
    """Persons and EUR per year and category over the records in force: the figures of the Commission's
    reports (AMIF Arts. 19-20 lump sums; the annual performance report, Art. 35).
    ---
    get:
      tags: [lump sums]
      security: [{bearer: []}]
      parameters: [{in: query, name: year, schema: {type: integer, minimum: 1, maximum: 9999}}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: YearTotalSchema}}}}
        422: {description: Not a year.}
    """
    return jsonify([totals_json(t) for t in totals_by_year(_year()).values()])


def get_record(record_id: int):
    """One record, with its evidence and whether it is in force.
    ---
    get:
      tags: [lump sums]
      security: [{bearer: []}]
      parameters: [{in: path, name: record_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: RecordSchema}}}
        404: {description: Not a record of this tenant.}
    """
    record = record_or_404(record_id)
    later = corrected_by(record)
    return jsonify(record_json(record, corrected_by_id=later.id if later else None))


def create_record():
    """Record the persons of a category in a month; the amount per person is the reference version in force
    for that month (AMIF Arts. 19-20), frozen on the record. Evidence is added afterwards (``/evidence``).
    ---
    post:
      tags: [lump sums]
      security: [{bearer: []}]
      requestBody: {content: {application/json: {schema: RecordWriteSchema}}}
      responses:
        201: {description: Recorded., content: {application/json: {schema: RecordSchema}}}
        409: {description: "The month and category are already recorded: correct that record."}
        422: {description: "Invalid month (format, before 2021-01, not begun), category or number of persons."}
    """
    created = operations.record(load_body(RecordWriteSchema()), user=g.api_user)
    return jsonify(record_json(created)), 201


def correct_record(record_id: int):
    """Correct a record: a new record of the same month and category with the new number of persons and why;
    the old one stays, no longer counted.
    ---
    post:
      tags: [lump sums]
      security: [{bearer: []}]
      parameters: [{in: path, name: record_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: CorrectionWriteSchema}}}
      responses:
        201: {description: Corrected., content: {application/json: {schema: RecordSchema}}}
        404: {description: Not a record of this tenant.}
        409: {description: The record is already corrected.}
        422: {description: "Invalid number of persons, or no reason."}
    """
    old = record_or_404(record_id)
    created = operations.correct(old, load_body(CorrectionWriteSchema()), user=g.api_user)
    return jsonify(record_json(created)), 201


def add_evidence(record_id: int):
    """Add a file proving a record (multipart field ``file``): PDF, office documents, images or text,
    checked by content as an application's attachments are.
    ---
    post:
      tags: [lump sums]
      security: [{bearer: []}]
      parameters: [{in: path, name: record_id, required: true, schema: {type: integer}}]
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}}, required: [file]}
      responses:
        201: {description: Added., content: {application/json: {schema: EvidenceSchema}}}
        404: {description: Not a record of this tenant.}
        422: {description: "No file, a hostile name, a wrong type, or too large."}
    """
    record = record_or_404(record_id)
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to upload.")]})
    data = upload.stream.read(MAX_BYTES + 1)
    evidence = operations.add_evidence(record, filename=upload.filename or "", data=data, user=g.api_user)
    return jsonify(EvidenceSchema().dump(evidence)), 201


def download_evidence(record_id: int, evidence_id: int):
    """Download a record's evidence (always as a file, never shown inline).
    ---
    get:
      tags: [lump sums]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: record_id, required: true, schema: {type: integer}}
        - {in: path, name: evidence_id, required: true, schema: {type: integer}}
      responses:
        200: {description: The file.}
        404: {description: Not found.}
    """
    evidence = evidence_or_404(record_or_404(record_id), evidence_id)
    return download(stored_content(evidence.sha256), evidence.content_type, evidence.filename)
