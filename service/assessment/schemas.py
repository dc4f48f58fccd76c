"""API shapes of the assessment. Points of a consolidated score and amounts are strings with two decimals."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.fields import TenantInstant
from service.assessment.rules import ELIGIBILITY_POINTS
from service.money.fields import Amount

ID = {"strict": True, "validate": validate.Range(min=1, max=2**31 - 1)}


class EligibilityPointSchema(Schema):
    met = fields.Boolean(required=True, truthy={True}, falsy={False})
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class EligibilityWriteSchema(Schema):
    """Every point met or not (a reason for each one not met); the outcome; for a supplement, the message
    to the applicant and optionally the deadline (default: the end of the 5th working day)."""

    points = fields.Dict(
        keys=fields.String(validate=validate.OneOf(tuple(ELIGIBILITY_POINTS))),
        values=fields.Nested(EligibilityPointSchema),
        required=True,
        metadata={"description": "Points: " + ", ".join(ELIGIBILITY_POINTS)},
    )
    outcome = fields.String(required=True, validate=validate.OneOf(("eligible", "ineligible", "supplement_requested")))
    message = fields.String(load_default="", validate=validate.Length(max=10000))
    deadline = TenantInstant(load_default=None, allow_none=True)


class AssignmentWriteSchema(Schema):
    assessor_id = fields.Integer(required=True, **ID)


class DeclarationSchema(Schema):
    """No conflict of interest with the applicant and its partners, or a conflict (you are then recused)."""

    conflict = fields.Boolean(required=True, truthy={True}, falsy={False})
    statement = fields.String(load_default="", validate=validate.Length(max=5000))


class ScoreWriteSchema(Schema):
    criterion = fields.String(required=True, validate=validate.Length(min=1, max=40))
    points = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=1000))
    justification = fields.String(required=True, validate=validate.Length(max=10000))


class ScoresWriteSchema(Schema):
    scores = fields.List(fields.Nested(ScoreWriteSchema), required=True, validate=validate.Length(min=1, max=20))
    language = fields.String(
        load_default=None, allow_none=True, metadata={"description": "The justification's language; default yours."}
    )


class ConsolidationWriteSchema(Schema):
    """``mean``: the mean of the submitted scores per criterion. ``consensus``: points per criterion set by
    the case officer, with a justification."""

    method = fields.String(required=True, validate=validate.OneOf(("mean", "consensus")))
    points = fields.Dict(keys=fields.String(), values=fields.Integer(strict=True), load_default=None, allow_none=True)
    justification = fields.String(load_default="", validate=validate.Length(max=10000))


class RankingDecisionWriteSchema(Schema):
    """``tie_order``: the place (1 = first) among applications with the same score. ``partial``: the EU amount
    offered to an application the funding line cuts."""

    application_id = fields.Integer(required=True, **ID)
    kind = fields.String(required=True, validate=validate.OneOf(("tie_order", "partial")))
    position = fields.Integer(load_default=None, allow_none=True, **ID)
    amount = Amount(load_default=None, allow_none=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class ScoreSchema(Schema):
    criterion = fields.String()
    points = fields.Integer()
    justification = fields.String()
    language = fields.String()
    updated_at = fields.DateTime()


class AssignmentSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    assessor_id = fields.Integer()
    assessor = fields.String()
    assigned_at = fields.DateTime()
    declaration = fields.String(allow_none=True)
    declaration_text = fields.String()
    declared_at = fields.DateTime(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    scores = fields.List(fields.Nested(ScoreSchema))


class EligibilityCheckSchema(Schema):
    id = fields.Integer()
    submission_sequence = fields.Integer()
    points = fields.Dict()
    outcome = fields.String()
    checked_by = fields.Integer()
    checked_at = fields.DateTime()


class ConsolidationSchema(Schema):
    method = fields.String()
    points = fields.Dict(metadata={"description": "Per criterion, with two decimals."})
    total = fields.Decimal(as_string=True, places=2)
    justification = fields.String()
    failed_rules = fields.List(fields.Dict())
    reasons = fields.List(fields.String(), metadata={"description": "The failed rules in the reader's language."})
    passes = fields.Boolean()
    consolidated_by = fields.Integer()
    consolidated_at = fields.DateTime()


class AssessmentSchema(Schema):
    application_id = fields.Integer()
    reference = fields.String(allow_none=True)
    call_id = fields.Integer()
    stage = fields.String(
        metadata={"description": "submitted, supplement_requested, eligible, ineligible or assessed."}
    )
    suggested_points = fields.Dict(metadata={"description": "What the system finds per point; null: judge it."})
    checks = fields.List(fields.Nested(EligibilityCheckSchema))
    assignments = fields.List(fields.Nested(AssignmentSchema))
    consolidation = fields.Nested(ConsolidationSchema, allow_none=True)


class CriterionSchema(Schema):
    key = fields.String()
    label = fields.String()
    scale = fields.Raw()


class AssessorViewSchema(Schema):
    """An assignment as its assessor sees it: before the declaration only who applies (and its partners);
    after declaring no conflict, the application as submitted and the criteria."""

    assignment = fields.Nested(AssignmentSchema)
    applicant = fields.String()
    partners = fields.List(fields.String())
    call_reference = fields.String()
    criteria = fields.List(fields.Nested(CriterionSchema))
    content = fields.Dict(allow_none=True)
