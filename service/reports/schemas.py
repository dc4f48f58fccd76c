"""API shapes of progress reports. Values are whole numbers, cumulative from the project's start; the share of
the plan achieved is a percentage with one decimal, as a string."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.reports.models import NARRATIVE

ID = {"strict": True, "validate": validate.Range(min=1, max=2**31 - 1)}


class ReportWriteSchema(Schema):
    """The parts of the report to save; those not given stay as they are. ``values``: {indicator key: whole
    number} for the indicators the register does not count."""

    version = fields.Integer(load_default=None, allow_none=True, **ID)
    activities = fields.Raw(metadata={"type": "string"})
    progress = fields.Raw(metadata={"type": "string"})
    horizontal_principles = fields.Raw(metadata={"type": "string"})
    problems = fields.Raw(metadata={"type": "string"})
    values = fields.Raw(metadata={"type": "object", "additionalProperties": {"type": "integer"}})


class ReportSubmitSchema(Schema):
    version = fields.Integer(load_default=None, allow_none=True, **ID)


class ReportReviewSchema(Schema):
    comment = fields.String(load_default="", validate=validate.Length(max=20_000))


class IndicatorProgressSchema(Schema):
    key = fields.String()
    code = fields.String(allow_none=True)
    name = fields.String()
    unit = fields.String()
    target = fields.Integer(allow_none=True)
    achieved = fields.Integer(allow_none=True)
    share = fields.String(allow_none=True, metadata={"description": "Achieved ÷ planned, in percent."})
    participant = fields.Boolean(metadata={"description": "Counted by the participant register, not typed."})
    parent = fields.String(allow_none=True)
    by_sex = fields.Dict(allow_none=True)
    by_age = fields.Dict(allow_none=True)
    evidence = fields.List(fields.Dict())


class ReportListItemSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    reference = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    final = fields.Boolean()
    due_on = fields.Date()
    status = fields.String()
    overdue = fields.Boolean()


class ReportSchema(ReportListItemSchema):
    version = fields.Integer()
    project_version = fields.Integer()
    activities = fields.String()
    progress = fields.String()
    horizontal_principles = fields.String()
    problems = fields.String()
    indicators = fields.List(fields.Nested(IndicatorProgressSchema))
    submissions = fields.List(fields.Dict())
    reviews = fields.List(fields.Dict())
    blocking = fields.Dict(metadata={"description": "What keeps the report from being submitted, by field."})


assert set(NARRATIVE) <= set(ReportSchema._declared_fields)
