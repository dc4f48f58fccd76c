"""API shapes of a national programme. Amounts are decimal strings with their currency."""

from marshmallow import Schema, fields, validate

from service.money.fields import Amount


class AllocationSchema(Schema):
    objective = fields.String(metadata={"description": "SO1–SO4, or TA for technical assistance"})
    objective_name = fields.String()
    eu_contribution = Amount()
    national_cofinancing = Amount()
    total = Amount()
    currency = fields.String()


class ProgrammeIndicatorSchema(Schema):
    code = fields.String()
    label = fields.String()
    parent = fields.String(allow_none=True)
    kind = fields.String()
    unit = fields.String()
    milestone_2024 = fields.Integer()
    target_2029 = fields.Integer()


class SpecificIndicatorSchema(Schema):
    code = fields.String()
    name = fields.String(metadata={"description": "In the response language."})
    names = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "Per tenant language."})
    unit = fields.String()
    milestone_2024 = fields.Integer()
    target_2029 = fields.Integer()


class TotalsSchema(Schema):
    eu_contribution = Amount()
    national_cofinancing = Amount()
    total = Amount()
    currency = fields.String()


class CommittedGrantSchema(Schema):
    decision_id = fields.Integer()
    reference = fields.String(allow_none=True)
    objective = fields.String(
        allow_none=True, metadata={"description": "The specific objective as classified; null when not classified."}
    )
    amount = Amount(metadata={"description": "EU amount, decision currency"})
    currency = fields.String()
    month = fields.Function(lambda g: f"{g['month']:%Y-%m}", metadata={"description": "Month of approval, YYYY-MM"})
    rate = fields.Function(
        lambda g: None if g["rate"] is None else f"{g['rate'].normalize():f}",
        allow_none=True,
        metadata={"type": "string", "nullable": True, "description": "Units per 1 EUR; null when none is loaded"},
    )
    rate_version = fields.Integer(allow_none=True, metadata={"description": "null for EUR, which needs no rate"})
    euro = Amount(allow_none=True, metadata={"description": "null: no rate"})


class MissingRateSchema(Schema):
    currency = fields.String()
    month = fields.Function(lambda m: f"{m['month']:%Y-%m}")
    message = fields.String(metadata={"description": "In the caller's language."})


class CommittedSchema(Schema):
    currency = fields.String(metadata={"description": "EUR"})
    total = Amount(metadata={"description": "Of the grants converted"})
    complete = fields.Boolean(metadata={"description": "false when some grants have no rate for their month"})
    by_objective = fields.Dict(keys=fields.String(), values=Amount())
    missing_rates = fields.List(fields.Nested(MissingRateSchema))
    grants = fields.List(fields.Nested(CommittedGrantSchema))


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
    specific_indicators = fields.List(
        fields.Nested(SpecificIndicatorSchema), metadata={"description": "Not reported to the Commission."}
    )
    committed = fields.Nested(CommittedSchema, metadata={"description": "Only with currency=EUR."})


# --- editing -------------------------------------------------------------------------------------


_AMOUNT = 'EUR as text ("105 000 000,00", "1234.50") or a whole number; at most two decimals.'


class Count(fields.Integer):
    """A whole number; true/false and 1.0 are not numbers here."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class AllocationChangeSchema(Schema):
    objective = fields.String(required=True, validate=validate.Length(max=16))
    eu_contribution = Amount(metadata={"description": _AMOUNT, "example": "105 000 000,00"})
    national_cofinancing = Amount(metadata={"description": _AMOUNT, "example": "21822000.00"})


class IndicatorChangeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(max=16), metadata={"description": "e.g. O.1.1"})
    milestone_2024 = Count()
    target_2029 = Count()


class SpecificIndicatorChangeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(max=16))
    name = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "language -> name"})
    unit = fields.String()
    milestone_2024 = Count()
    target_2029 = Count()
    remove = fields.Boolean(truthy={True}, falsy={False}, metadata={"description": "true removes the indicator"})


class ProgrammeEditSchema(Schema):
    version = Count(required=True, metadata={"description": "The version you read; another current one answers 409."})
    reason = fields.String(
        required=True, metadata={"description": "Why the programme changes (kept with the version)."}
    )
    allocations = fields.List(
        fields.Nested(AllocationChangeSchema), metadata={"description": "Lines to change, by SO."}
    )
    indicators = fields.List(fields.Nested(IndicatorChangeSchema), metadata={"description": "Common indicators."})
    specific_indicators = fields.List(fields.Nested(SpecificIndicatorChangeSchema))


# --- versions -----------------------------------------------------------------------------------


class ProgrammeVersionSchema(Schema):
    number = fields.Integer()
    saved_at = fields.DateTime()
    saved_by = fields.Integer(allow_none=True, metadata={"description": "User id; null when loaded from the file."})
    saved_by_label = fields.String()
    origin = fields.String(metadata={"description": "app (edited) or file (tenants/<code>/programme.toml)"})
    reason = fields.String()


class SnapshotAllocationSchema(Schema):
    objective = fields.String()
    eu_contribution = fields.String(metadata={"description": "EUR, decimal string"})
    national_cofinancing = fields.String(metadata={"description": "EUR, decimal string"})


class SnapshotIndicatorSchema(Schema):
    code = fields.String()
    milestone_2024 = fields.Integer()
    target_2029 = fields.Integer()


class SnapshotSpecificIndicatorSchema(SnapshotIndicatorSchema):
    name = fields.Dict(keys=fields.String(), values=fields.String())
    unit = fields.String()


class ProgrammeSnapshotSchema(Schema):
    cci = fields.String()
    title = fields.Dict(keys=fields.String(), values=fields.String())
    period_start = fields.Integer()
    period_end = fields.Integer()
    currency = fields.String()
    allocations = fields.List(fields.Nested(SnapshotAllocationSchema))
    indicators = fields.List(fields.Nested(SnapshotIndicatorSchema))
    specific_indicators = fields.List(fields.Nested(SnapshotSpecificIndicatorSchema))


class ProgrammeVersionDetailSchema(ProgrammeVersionSchema):
    snapshot = fields.Nested(ProgrammeSnapshotSchema, metadata={"description": "What the programme held."})
