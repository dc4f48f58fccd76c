"""API shapes of a national programme. Amounts are decimal strings with their currency."""

from marshmallow import Schema, fields


class AllocationSchema(Schema):
    objective = fields.String(metadata={"description": "SO1–SO4, or TA for technical assistance"})
    objective_name = fields.String()
    eu_contribution = fields.Decimal(as_string=True, places=2)
    national_cofinancing = fields.Decimal(as_string=True, places=2)
    total = fields.Decimal(as_string=True, places=2)
    currency = fields.String()


class ProgrammeIndicatorSchema(Schema):
    code = fields.String()
    label = fields.String()
    parent = fields.String(allow_none=True)
    kind = fields.String()
    unit = fields.String()
    milestone_2024 = fields.Integer()
    target_2029 = fields.Integer()


class TotalsSchema(Schema):
    eu_contribution = fields.Decimal(as_string=True, places=2)
    national_cofinancing = fields.Decimal(as_string=True, places=2)
    total = fields.Decimal(as_string=True, places=2)
    currency = fields.String()


class ProgrammeSchema(Schema):
    cci = fields.String()
    title = fields.String()
    period_start = fields.Integer()
    period_end = fields.Integer()
    currency = fields.String()
    version = fields.Integer()
    demo_values = fields.Boolean(metadata={"description": "true when the figures are demonstration values"})
    allocations = fields.List(fields.Nested(AllocationSchema))
    totals = fields.Nested(TotalsSchema)
    indicators = fields.List(fields.Nested(ProgrammeIndicatorSchema))
