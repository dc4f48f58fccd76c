"""API shape of the statistics. Amounts are strings with two decimals in the tenant's currency; rates and
shares are percentages with one decimal (null before there is anything to divide)."""

from __future__ import annotations

from marshmallow import Schema, fields

from service.money.fields import Amount


class TallySchema(Schema):
    received = fields.Integer()
    granted = fields.Integer()
    rejected = fields.Integer()
    undecided = fields.Integer()
    grant_rate = fields.Decimal(as_string=True, allow_none=True)
    granted_eu = Amount()
    share_of_granted_eu = fields.Decimal(as_string=True, allow_none=True)
    average_score_granted = fields.Decimal(as_string=True, allow_none=True)


class CallTallySchema(TallySchema):
    call_id = fields.Integer()
    reference = fields.String()
    title = fields.String(metadata={"description": "The call's title in the reader's language."})
    competitive = fields.Boolean(
        metadata={
            "description": "Open to the organisation types named (table 1: konkurrensutsatt), or not: "
            "addressed to named organisations (icke-konkurrensutsatt)."
        }
    )
    status = fields.String(metadata={"description": "published or closed (a call with no application is 0/0/0)."})


class ObjectiveTallySchema(TallySchema):
    objective = fields.String(
        metadata={"description": "SO1–SO4 or TA from the classification (confirmed, else proposed), or 'unclassified'."}
    )


class InterventionTallySchema(TallySchema):
    objective = fields.String(metadata={"description": "SO1–SO4, TA or 'unclassified'."})
    intervention_field = fields.String(
        metadata={"description": "The AMIF Annex VI Table 1 code of the objective, '' when none is chosen."}
    )


class BeneficiaryTallySchema(TallySchema):
    organisation_id = fields.Integer()
    name = fields.String()
    number = fields.String()
    organisation_type = fields.String()


class OrganisationTypeTallySchema(TallySchema):
    organisation_type = fields.String()


class StatisticsSchema(Schema):
    currency = fields.String()
    total = fields.Nested(TallySchema)
    by_call = fields.List(fields.Nested(CallTallySchema))
    by_objective = fields.List(fields.Nested(ObjectiveTallySchema))
    by_intervention = fields.List(fields.Nested(InterventionTallySchema))
    by_beneficiary = fields.List(fields.Nested(BeneficiaryTallySchema))
    by_organisation_type = fields.List(fields.Nested(OrganisationTypeTallySchema))
