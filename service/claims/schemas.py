"""API shapes of claims, their verification and payments. Amounts are strings with two decimals in the claim's
currency (service.money.fields.Amount); hours may have two decimals."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.api.fields import Percent, ProgrammeDate, Units
from service.claims.models.claim import LINE_CATEGORIES, STAFF_METHODS
from service.claims.models.verification import ANSWERS, OUTCOMES
from service.money.display import wire
from service.money.fields import Amount, read_amount

ID = {"strict": True, "validate": validate.Range(min=1, max=2**31 - 1)}
VERSION = {"load_default": None, "allow_none": True, **ID}


class Hours(fields.Field):
    """Hours with at most two decimals, written like an amount ("37,5", "120")."""

    OPENAPI = {
        "type": "string",
        "pattern": r"^(8784([.,]00?)?|0[.,](0[1-9]|[1-9][0-9]?)"
        r"|([1-9][0-9]{0,2}|[1-7][0-9]{3}|8[0-6][0-9]{2}|87[0-7][0-9]|878[0-3])([.,][0-9]{1,2})?)$",
        "example": "37.50",
        "description": "More than 0 and at most 8 784 (a leap year's hours), at most two decimals.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            hours = read_amount(value)
        except ValidationError:
            raise ValidationError(_("Write the hours as a number with at most two decimals, such as 37,5.")) from None
        if hours <= 0 or hours > 8784:  # the hours of a leap year
            raise ValidationError(_("Write the hours worked: more than 0, at most a year's."))
        return hours

    def _serialize(self, value, attr, obj, **kwargs):
        return wire(value)


class ClaimLineWriteSchema(Schema):
    """A cost. Staff costs give their basis and the amount is computed: ``percentage`` (monthly gross, fixed
    percentage, months) or ``hourly`` (annual gross, the hours it was computed on — 1 720 for full time —, hours
    worked); other costs give ``amount``."""

    category = fields.String(required=True, validate=validate.OneOf(LINE_CATEGORIES))
    description = fields.String(required=True, validate=validate.Length(min=1, max=300))
    supplier = fields.String(load_default="", validate=validate.Length(max=200))
    document_number = fields.String(load_default="", validate=validate.Length(max=60))
    expense_date = ProgrammeDate(required=True)
    amount = Amount(load_default=None, allow_none=True)
    staff_method = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STAFF_METHODS))
    monthly_gross = Amount(load_default=None, allow_none=True)
    percentage = Percent(load_default=None, allow_none=True)
    months = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=12))
    annual_gross = Amount(load_default=None, allow_none=True)
    basis_hours = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=1720)
    )
    hours = Hours(load_default=None, allow_none=True)
    option = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=16),
        metadata={"description": "Unit costs and lump sums: the key of the budget's option (GET the claim's options)."},
    )
    units = Units(load_default=None, allow_none=True, metadata={"description": "Unit costs: the units delivered."})

    @validates_schema
    def _amount_or_basis(self, data, **kwargs):
        if data["category"] != "staff" and data.get("staff_method"):
            raise ValidationError(_("Only staff costs are calculated from a basis."), "staff_method")


class ClaimSubmitSchema(Schema):
    version = fields.Integer(**VERSION)


class ReturnClaimSchema(Schema):
    message = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    deadline = ProgrammeDate(load_default=None, allow_none=True)


class LineCheckSchema(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    verified = Amount(load_default=None, allow_none=True, metadata={"description": "What a reduced line keeps."})
    error_type = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))
    in_depth = fields.Boolean(load_default=False)


class ChecklistAnswerSchema(Schema):
    answer = fields.String(required=True, validate=validate.OneOf(ANSWERS))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))


class ChecklistSchema(Schema):
    answers = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=40)),
        values=fields.Nested(ChecklistAnswerSchema),
        required=True,
        validate=validate.Length(min=1, max=100),
    )


class OnTheSpotCheckSchema(Schema):
    visited_on = ProgrammeDate(required=True)
    place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    findings = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    satisfactory = fields.Boolean(required=True)


class PaymentPrepareSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class AdvanceSchema(PaymentPrepareSchema):
    amount = Amount(required=True)


class PaymentActionSchema(Schema):
    version = fields.Integer(**VERSION)


class PaymentReturnSchema(PaymentActionSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class PaymentConfirmSchema(PaymentActionSchema):
    paid_on = ProgrammeDate(required=True)


class RecoverySchema(Schema):
    expenditure = Amount(required=True)
    irregularity = fields.String(required=True, validate=validate.Length(min=1, max=40))
    suspected_fraud = fields.Boolean(load_default=False)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    claim_id = fields.Integer(load_default=None, allow_none=True, **ID)


class RepaymentSchema(Schema):
    amount = Amount(required=True)
    repaid_on = ProgrammeDate(required=True)
    recovery_id = fields.Integer(load_default=None, allow_none=True, **ID)


# -- Answers ------------------------------------------------------------------------------------------------


class ClaimEvidenceSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class ClaimLineSchema(Schema):
    id = fields.Integer()
    category = fields.String()
    description = fields.String()
    supplier = fields.String()
    document_number = fields.String()
    expense_date = fields.Date()
    year = fields.Integer()
    staff_method = fields.String(allow_none=True)
    monthly_gross = Amount(allow_none=True)
    percentage = Percent(allow_none=True)
    months = fields.Integer(allow_none=True)
    annual_gross = Amount(allow_none=True)
    basis_hours = fields.Integer(allow_none=True)
    hours = Hours(allow_none=True)
    option = fields.String(allow_none=True)
    units = Units(allow_none=True)
    unit_amount = Amount(allow_none=True)
    amount = Amount()
    carried_from_id = fields.Integer(allow_none=True)
    evidence = fields.List(fields.Nested(ClaimEvidenceSchema))
    outcome = fields.Dict(allow_none=True, metadata={"description": "The MA's outcome, once verified (or to staff)."})


class ClaimSubmissionSchema(Schema):
    sequence = fields.Integer()
    receipt = fields.String()
    submitted_at = fields.DateTime()
    content_sha256 = fields.String()


class CategoryLimitSchema(Schema):
    category = fields.String()
    budget = Amount()
    allowed = Amount()
    before = Amount()
    this = Amount()
    left = Amount()
    over = fields.Boolean()


class LimitsSchema(Schema):
    categories = fields.List(fields.Nested(CategoryLimitSchema))
    indirect_this = Amount()
    grant = Amount()
    before = Amount()
    this = Amount()
    left = Amount()
    over_grant = fields.Boolean()


class SimplifiedOptionSchema(Schema):
    key = fields.String(metadata={"description": "Name it as a line's option."})
    category = fields.String(metadata={"description": "unit_costs or lump_sums"})
    description = fields.String(metadata={"description": "The unit, or what the lump sum pays for."})
    unit_amount = Amount(allow_none=True, metadata={"description": "Unit costs: the amount per unit."})
    planned = fields.Decimal(as_string=True, metadata={"description": "Units budgeted, or how many of the lump sum."})
    amount = Amount(metadata={"description": "A lump sum's amount; a unit cost's budget."})


class ClaimSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    reference = fields.String()
    sequence = fields.Integer()
    period_start = fields.Date()
    period_end = fields.Date()
    final = fields.Boolean()
    status = fields.String()
    currency = fields.String()
    indirect_rate = Percent()
    supplement_message = fields.String()
    supplement_deadline = fields.Date(allow_none=True)
    verified_at = fields.DateTime(allow_none=True)
    version = fields.Integer()
    lines = fields.List(fields.Nested(ClaimLineSchema))
    limits = fields.Nested(LimitsSchema)
    problems = fields.Dict()
    submissions = fields.List(fields.Nested(ClaimSubmissionSchema))
    figures = fields.Dict(metadata={"description": "claimed, deducted, parked, verified (wire-format amounts)"})
    payment_due = fields.Date(allow_none=True, metadata={"description": "Paid by this day (CPR Art. 74(1)(b))."})
    options = fields.List(
        fields.Nested(SimplifiedOptionSchema),
        metadata={"description": "The unit costs and lump sums of the approved budget a line may claim."},
    )


class ClaimListItemSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    reference = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    status = fields.String()
    currency = fields.String()
    version = fields.Integer()


class PaymentSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    claim_id = fields.Integer(allow_none=True)
    reference = fields.String()
    kind = fields.String()
    status = fields.String()
    currency = fields.String()
    entitlement = Amount()
    cleared = Amount()
    offset = Amount()
    amount = Amount()
    advance_owed = Amount(
        metadata={"description": "Final balance: the advance this payment does not clear, owed back once paid."}
    )
    note = fields.String()
    prepared_by = fields.Integer()
    approved_by = fields.Integer(allow_none=True)
    paid_by = fields.Integer(allow_none=True)
    paid_on = fields.Date(allow_none=True)
    return_reason = fields.String()
    version = fields.Integer()


class RecoveryAnswerSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    claim_id = fields.Integer(allow_none=True)
    reference = fields.String()
    irregularity = fields.String()
    suspected_fraud = fields.Boolean()
    reason = fields.String()
    currency = fields.String()
    expenditure = Amount()
    eu_amount = Amount()
    recorded_at = fields.DateTime()
