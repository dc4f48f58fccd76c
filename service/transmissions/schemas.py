"""API shapes of the Commission's data transmissions (CPR Art. 42)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.transmissions.rules import VERSION_PATTERN


class TransmissionStartSchema(Schema):
    version = fields.String(
        required=True,
        validate=validate.Length(max=40),  # the operation tells what a cut-off looks like
        metadata={
            "description": "The cut-off, year and month (SFC2021's version name): 202512. A cut-off not passed yet "
            "is refused (422).",
            "example": "202512",
            "pattern": VERSION_PATTERN,
        },
    )


class TransmissionProblemSchema(Schema):
    code = fields.String(metadata={"description": "unclassified | rate_missing | schema"})
    path = fields.String()
    message = fields.String(metadata={"description": "In the caller's language."})


class TransmissionDifferenceSchema(Schema):
    table = fields.String(metadata={"description": "financial (Table 1) | indicators (Tables 2–3)"})
    line = fields.String(metadata={"description": "SO1/001 for Table 1, the indicator's code for Tables 2–3."})
    field = fields.String()
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class TransmissionVersionSchema(Schema):
    id = fields.Integer()
    version = fields.String()
    sequence = fields.Integer(metadata={"description": "1 for the transmission, 2.. for its corrections."})
    name = fields.String()
    cut_off = fields.Date()
    due_on = fields.Date()
    content_sha256 = fields.String()
    frozen_at = fields.DateTime()


class TransmissionDraftSchema(Schema):
    id = fields.Integer()
    version = fields.String()
    cut_off = fields.Date()
    due_on = fields.Date()
    with_indicators = fields.Boolean()
    status = fields.String(metadata={"description": "queued | building | ready | invalid | failed | frozen"})
    status_label = fields.String()
    progress = fields.Dict(metadata={"description": "{done, total}: the job's steps."})
    problems = fields.List(fields.Nested(TransmissionProblemSchema))
    content = fields.Dict(allow_none=True)
    previous = fields.Nested(TransmissionVersionSchema, allow_none=True)
    differences = fields.List(fields.Nested(TransmissionDifferenceSchema))
    frozen = fields.Nested(TransmissionVersionSchema, allow_none=True)
    created_at = fields.DateTime()
    built_at = fields.DateTime(allow_none=True)


class LumpSumYearSchema(Schema):
    category = fields.String(
        metadata={
            "description": "resettlement | humanitarian_admission | humanitarian_admission_vulnerable | transfer_in "
            "| transfer_out"
        }
    )
    persons = fields.Integer()
    amount = fields.String(metadata={"description": "EUR, two decimals."})


class AnnualReportSchema(Schema):
    year = fields.Integer()
    due_on = fields.Date(metadata={"description": "15 February of the next year (AMIF Art. 35(1))."})
    as_at = fields.Date()
    financial = fields.List(fields.Dict(), metadata={"description": "As Table 1 of a data transmission, in EUR."})
    indicators = fields.List(fields.Dict())
    conversions = fields.List(fields.Dict())
    problems = fields.List(fields.Nested(TransmissionProblemSchema))
    lump_sums = fields.List(fields.Nested(LumpSumYearSchema))
    lump_sums_total = fields.Dict()


class PaymentApplicationWriteSchema(Schema):
    as_of = fields.Date(required=True, metadata={"description": "The day the application is made as at (not future)."})


class PaymentApplicationSchema(Schema):
    id = fields.Integer(allow_none=True, metadata={"description": "None for the next one, not made yet."})
    year_start = fields.Date(metadata={"description": "The accounting year's first day, 1 July."})
    sequence = fields.Integer(metadata={"description": "Its number in the accounting year (at most six)."})
    as_of = fields.Date()
    content = fields.Dict()
    content_sha256 = fields.String(allow_none=True)
    frozen_at = fields.DateTime(allow_none=True)
    problems = fields.List(fields.Nested(TransmissionProblemSchema))
