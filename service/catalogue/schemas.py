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


class InterventionTypeSchema(Schema):
    dimension = fields.String(
        metadata={
            "description": "intervention_field, type_of_action, implementation or "
            "particular_theme (AMIF Annex VI, Tables 1–4)."
        }
    )
    objective = fields.String(metadata={"description": "SO1–SO4 or TA for an intervention field, else empty."})
    code = fields.String()
    labels = fields.Dict(keys=fields.String(), values=fields.String())
    unverified = fields.List(fields.String(), metadata={"description": "Not yet checked against the regulation."})
    note = fields.String()
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
