"""API shapes of the participant register: a registration (the name parts and the date of birth come in and are
hashed, never stored or returned), a participant as listed, the counts and an import's progress."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.participants.rules import SEXES

NAME = {"required": True, "validate": validate.Length(min=1, max=200)}


class ParticipantRegistrationSchema(Schema):
    first_name = fields.String(**NAME, metadata={"description": "The first name, or the part of it the project uses."})
    last_name = fields.String(**NAME, metadata={"description": "The last name, or the part of it the project uses."})
    date_of_birth = fields.Date(required=True)
    sex = fields.String(required=True, validate=validate.OneOf(SEXES))
    first_participation = fields.Date(required=True)
    indicators = fields.List(
        fields.String(validate=validate.Length(min=1, max=16)),
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Codes among the project's participant indicators (GET .../participants/counts)."},
    )


class ParticipantSchema(Schema):
    id = fields.Integer()
    person = fields.String(metadata={"description": "The start of the person key: tells rows apart, nothing more."})
    sex = fields.String()
    age_band = fields.String()
    child = fields.Boolean()
    first_participation = fields.Date()
    indicators = fields.List(fields.String())
    registered_at = fields.DateTime()


class ParticipantBreakdownSchema(Schema):
    total = fields.Integer()
    by_sex = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_age = fields.Dict(keys=fields.String(), values=fields.Integer())


class ParticipantImportErrorSchema(Schema):
    line = fields.Integer(allow_none=True)
    column = fields.String(allow_none=True)
    reason = fields.String(metadata={"description": "In the reader's language."})


class ParticipantImportSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    filename = fields.String()
    status = fields.String(metadata={"description": "queued, validating, writing, done or refused."})
    rows_total = fields.Integer(allow_none=True)
    rows_read = fields.Integer()
    rows_done = fields.Integer()
    created = fields.Integer()
    merged = fields.Integer()
    errors = fields.List(fields.Nested(ParticipantImportErrorSchema))
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
