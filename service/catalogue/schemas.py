"""API shapes of the shared reference data."""

from marshmallow import Schema, fields


class IndicatorSchema(Schema):
    code = fields.String()
    parent = fields.String(allow_none=True, attribute="parent_code")
    specific_objective = fields.Integer()
    kind = fields.String()
    unit = fields.String()
    labels = fields.Dict(keys=fields.String(), values=fields.String())
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)


class SpecificObjectiveSchema(Schema):
    code = fields.String()
    number = fields.Integer()
    short = fields.Dict(keys=fields.String(), values=fields.String())
    wording = fields.Dict(keys=fields.String(), values=fields.String())
    valid_from = fields.Date()
