"""API shapes of decisions. Amounts are strings with two decimals in the call's currency; rates in %."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.api.fields import Percent, ProgrammeDate
from service.decisions.models import KINDS, REJECTION_REASONS
from service.money.fields import Amount

ID = {"strict": True, "validate": validate.Range(min=1, max=2**31 - 1)}
TEXT = {"load_default": "", "validate": validate.Length(max=10000)}


class DecisionWriteSchema(Schema):
    """A decision to prepare. A grant's amounts, rate, period and indicator targets default to what was
    applied for; less needs ``reduction_reason``, more than applied for or than the call's budget left needs
    ``override_reason``. A rejection gives its ``reasons``. A correction names the decision it corrects."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    eligible_cost = Amount(load_default=None, allow_none=True)
    eu_amount = Amount(load_default=None, allow_none=True)
    cofinancing_rate = Percent(load_default=None, allow_none=True)
    project_start = ProgrammeDate(load_default=None, allow_none=True)
    project_end = ProgrammeDate(load_default=None, allow_none=True)
    conditions = fields.String(**TEXT)
    indicator_targets = fields.Dict(
        keys=fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),  # JSON keys are text: "12"
        values=fields.Integer(strict=True, validate=validate.Range(min=0, max=10**12)),
        load_default=None,
        allow_none=True,
        metadata={"description": "Planned indicator id → accepted target; the others keep the planned value."},
    )
    reduction_reason = fields.String(**TEXT)
    override_reason = fields.String(**TEXT)
    reasons = fields.List(fields.String(validate=validate.OneOf(REJECTION_REASONS)), load_default=list)
    explanation = fields.String(**TEXT)
    corrects_id = fields.Integer(load_default=None, allow_none=True, **ID)
    correction_reason = fields.String(**TEXT)

    @validates_schema
    def _grant_or_rejection(self, data, **kwargs):
        if data["kind"] == "rejection" and any(
            data.get(key) is not None for key in ("eligible_cost", "eu_amount", "cofinancing_rate")
        ):
            raise ValidationError(_("A rejection has no amounts."), "kind")


class DecisionActionSchema(Schema):
    version = fields.Integer(load_default=None, allow_none=True, **ID)


class ReturnSchema(DecisionActionSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class IndicatorTargetSchema(Schema):
    indicator_id = fields.Integer()
    code = fields.String(allow_none=True)
    name = fields.String()
    unit = fields.String()
    planned = fields.Integer()
    accepted = fields.Integer()


class DecisionSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    call_id = fields.Integer()
    reference = fields.String(allow_none=True)
    kind = fields.String()
    status = fields.String()
    currency = fields.String()
    eligible_cost = Amount(allow_none=True)
    eu_amount = Amount(allow_none=True)
    own_contribution = Amount(allow_none=True)
    cofinanced_cost = Amount(
        allow_none=True, metadata={"description": "The cost the rate applies to on the call's basis (total or public)."}
    )
    cofinancing_rate = Percent(
        allow_none=True, metadata={"description": "The EU share actually granted: EU amount ÷ cofinanced cost, %."}
    )
    cofinancing_rate_maximum = Percent(allow_none=True, metadata={"description": "The call's maximum rate, %."})
    follows = fields.List(
        fields.String(),
        metadata={"description": "Which figures followed from the ones given (eu_amount, cofinancing_rate, …)."},
    )
    project_start = fields.Date(allow_none=True)
    project_end = fields.Date(allow_none=True)
    conditions = fields.String()
    indicator_targets = fields.List(fields.Nested(IndicatorTargetSchema))
    reduction_reason = fields.String()
    override_reason = fields.String()
    reasons = fields.List(fields.String())
    reason_texts = fields.List(fields.String())
    explanation = fields.String()
    corrects_id = fields.Integer(allow_none=True)
    correction_reason = fields.String()
    prepared_by = fields.Integer()
    prepared_at = fields.DateTime()
    approved_by = fields.Integer(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    returned_at = fields.DateTime(allow_none=True)
    return_reason = fields.String()
    letter = fields.Dict(allow_none=True, metadata={"description": "sha256, language and written_at, once written."})
    version = fields.Integer()


class ApplicantDecisionSchema(DecisionSchema):
    """What the applicant sees of an approved decision: not the internal override reason or who prepared it."""

    class Meta:
        exclude = (
            "application_id",
            "call_id",
            "status",
            "override_reason",
            "reasons",
            "correction_reason",
            "prepared_by",
            "prepared_at",
            "approved_by",
            "returned_at",
            "return_reason",
            "version",
        )


class DecisionsSchema(Schema):
    decisions = fields.List(fields.Nested(DecisionSchema))
    current_id = fields.Integer(allow_none=True)
    remaining_budget = Amount()
    currency = fields.String()


class RankingCriterionSchema(Schema):
    key = fields.String()
    label = fields.String()


class RankingRowSchema(Schema):
    position = fields.Integer(allow_none=True, metadata={"description": "The place in the ranking; null outside it."})
    application_id = fields.Integer()
    reference = fields.String(allow_none=True)
    title = fields.String()
    applicant = fields.String()
    state = fields.String(
        metadata={
            "description": "The application's status and the decision in force: submitted, supplement_requested, "
            "eligible (being assessed), ineligible, assessed, granted or rejected."
        }
    )
    total = fields.Decimal(as_string=True, places=2, allow_none=True)
    points = fields.Dict(
        keys=fields.String(),
        values=fields.Decimal(as_string=True, places=2),
        metadata={"description": "The consolidated points per criterion."},
    )
    passes = fields.Boolean()
    reasons = fields.List(fields.String(), metadata={"description": "The call's rules the score fails, in words."})
    requested = Amount()
    considered = Amount(metadata={"description": "The requested EU amount, or the partial amount decided."})
    granted = Amount(allow_none=True, metadata={"description": "The EU amount of the grant in force."})
    counted = Amount(
        allow_none=True,
        metadata={"description": "What it counts for in the running total: its grant in force, else considered."},
    )
    cumulative = Amount(allow_none=True, metadata={"description": "The running total; null outside the ranking."})
    funding = fields.String(
        metadata={
            "description": "granted, funded (above the funding line, not decided yet), partial (cut by the line), "
            "unfunded (below it); outside the ranking: rejected (by a decision or the call's rules) or ineligible."
        }
    )
    tied = fields.Boolean(metadata={"description": "Same total as another one and no order decided yet."})
    objective = fields.String(allow_none=True)


class NotAssessedSchema(Schema):
    application_id = fields.Integer()
    reference = fields.String(allow_none=True)
    title = fields.String()
    applicant = fields.String()
    state = fields.String(metadata={"description": "submitted, supplement_requested or eligible (being assessed)."})


class ObjectiveBudgetSchema(Schema):
    budget = Amount()
    granted = Amount(metadata={"description": "The grants in force of ranked applications of the objective."})
    funded = Amount(metadata={"description": "Granted and above the funding line."})
    requested = Amount(metadata={"description": "What the ranked applications of the objective count for."})


class RankingSchema(Schema):
    """The ranking of a call against its budget: the ranked applications (by score) with the running total and
    the funding line, then those outside the ranking; the applications not assessed yet apart."""

    call_id = fields.Integer()
    reference = fields.String()
    currency = fields.String()
    budget = Amount()
    granted = Amount(metadata={"description": "The EU amounts of the grants in force."})
    remaining = Amount(
        metadata={"description": "What is left of the call's budget: its budget less the grants in force."}
    )
    proposed = Amount(metadata={"description": "The EU amounts above the funding line not decided yet."})
    funding_line_after = fields.Integer(
        metadata={"description": "The place of the last application above the funding line; 0: none."}
    )
    objective_budgets = fields.Dict(
        keys=fields.String(), values=fields.Nested(ObjectiveBudgetSchema), metadata={"description": "Per objective."}
    )
    criteria = fields.List(fields.Nested(RankingCriterionSchema))
    rows = fields.List(fields.Nested(RankingRowSchema))
    not_assessed = fields.List(fields.Nested(NotAssessedSchema))
    undecided_ties = fields.Boolean()
