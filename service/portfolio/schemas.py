"""API shape of the portfolio. Amounts are decimal strings (service.money wire); shares and percentages are
strings with one decimal, rounded half up, null when there is nothing to divide by (the evaluation's "NA")."""

from __future__ import annotations

from marshmallow import Schema, fields

from service.money.fields import Amount


class PortfolioRateSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM: the month whose Commission rate was used."})
    rate = fields.String(metadata={"description": "Units of the currency per euro, as the Commission gives it."})
    rate_version = fields.Integer(allow_none=True)


class PortfolioMissingRateSchema(Schema):
    currency = fields.String()
    month = fields.String()
    message = fields.String()


class PortfolioFigureSchema(Schema):
    amount = Amount(metadata={"description": "In the tenant's currency."})
    currency = fields.String()
    euro = Amount(metadata={"description": "In euro: the converted parts only (see missing_rates)."})
    complete = fields.Boolean(metadata={"description": "False when a month's rate is missing."})
    rates = fields.List(fields.Nested(PortfolioRateSchema))
    missing_rates = fields.List(fields.Nested(PortfolioMissingRateSchema))


class FinancialSchema(Schema):
    operations = fields.Integer(metadata={"description": "Selected operations (projects with a grant in force)."})
    eligible_cost = fields.Nested(PortfolioFigureSchema, metadata={"description": "Total eligible cost decided."})
    eu_contribution = fields.Nested(PortfolioFigureSchema, metadata={"description": "The Fund's contribution decided."})
    declared = fields.Nested(PortfolioFigureSchema, metadata={"description": "Expenditure declared to the MA."})
    paid = fields.Nested(PortfolioFigureSchema, metadata={"description": "EU money paid to the beneficiaries."})


class InterventionRowSchema(FinancialSchema):
    objective = fields.String(metadata={"description": "SO1–SO4, TA or 'unclassified'."})
    intervention_field = fields.String(metadata={"description": "AMIF Annex VI Table 1 code; '' when none."})
    project_ids = fields.List(fields.Integer())


class ObjectiveRowSchema(FinancialSchema):
    objective = fields.String(metadata={"description": "SO1–SO4, TA, 'unclassified' or 'total'."})
    budget = Amount(allow_none=True, metadata={"description": "The programme's allocation, EU + national, EUR."})
    committed_share = fields.String(allow_none=True, metadata={"description": "Decided (eligible cost) ÷ budget, %."})
    declared_share = fields.String(allow_none=True, metadata={"description": "Declared ÷ budget, %."})
    paid_share = fields.String(allow_none=True, metadata={"description": "Paid ÷ budget, %."})


class IndicatorRowSchema(Schema):
    code = fields.String()
    objective = fields.String(allow_none=True)
    kind = fields.String(allow_none=True, metadata={"description": "output or result; null if programme-specific."})
    common = fields.Boolean()
    name = fields.String()
    unit = fields.String()
    milestone_2024 = fields.Integer()
    target_2029 = fields.Integer()
    planned = fields.Integer(metadata={"description": "Sum of the selected operations' planned values."})
    achieved = fields.Integer(metadata={"description": "Sum of the latest submitted or accepted reports' values."})
    participant = fields.Boolean(metadata={"description": "Counted by the participant register."})
    planned_share = fields.String(allow_none=True, metadata={"description": "Planned ÷ target 2029, %."})
    achieved_share = fields.String(allow_none=True, metadata={"description": "Achieved ÷ target 2029, %."})
    milestone_share = fields.String(
        allow_none=True, metadata={"description": "Achieved ÷ milestone 2024, % (outputs only)."}
    )


class PortfolioSchema(Schema):
    as_of = fields.Date()
    currency = fields.String(metadata={"description": "The tenant's currency; euro figures are beside it."})
    complete = fields.Boolean(metadata={"description": "False when a month's exchange rate is missing."})
    missing_rates = fields.List(fields.Nested(PortfolioMissingRateSchema))
    by_objective = fields.List(fields.Nested(ObjectiveRowSchema))
    total = fields.Nested(ObjectiveRowSchema)
    by_intervention = fields.List(fields.Nested(InterventionRowSchema))
    indicators = fields.List(fields.Nested(IndicatorRowSchema))
