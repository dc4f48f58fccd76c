"""API shapes of projects: the project, its versions (1 is the baseline) and amendments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.fields import Percent, ProgrammeDate
from service.money.fields import Amount


class AmendmentWriteSchema(Schema):
    """A new version: the changed period and/or indicator targets (by indicator key), with the reason.
    ``based_on`` is the version you changed; another amendment since then answers 409."""

    based_on = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10**6))
    reason = fields.String(required=True, validate=validate.Length(max=5000))
    project_start = ProgrammeDate(load_default=None, allow_none=True)
    project_end = ProgrammeDate(load_default=None, allow_none=True)
    indicators = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=40)),
        values=fields.Integer(strict=True, validate=validate.Range(min=0, max=10**12)),
        load_default=None,
        allow_none=True,
    )


class ProjectVersionSchema(Schema):
    sequence = fields.Integer()
    kind = fields.String()
    decision_id = fields.Integer(allow_none=True)
    content = fields.Dict()
    content_sha256 = fields.String()
    reason = fields.String()
    created_by = fields.Integer()
    created_at = fields.DateTime()


class FinancingSchema(Schema):
    """The financing in force (the latest version's): its figures always agree; the rate is EU ÷ cofinanced."""

    currency = fields.String()
    eligible_cost = Amount()
    cofinanced_cost = Amount()
    eu_amount = Amount()
    own_contribution = Amount()
    cofinancing_rate = Percent()


class ProjectSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    call_id = fields.Integer()
    organisation_id = fields.Integer()
    reference = fields.String()
    title = fields.String()
    status = fields.String()
    project_start = fields.Date()
    project_end = fields.Date()
    specific_objective = fields.String(allow_none=True, metadata={"description": "SO1–SO4 or TA."})
    intervention_field = fields.String(allow_none=True, metadata={"description": "AMIF Annex VI Table 1 code."})
    current_version = fields.Integer()
    financing = fields.Nested(FinancingSchema, allow_none=True)
    versions = fields.List(fields.Nested(ProjectVersionSchema))


class ProjectListItemSchema(Schema):
    id = fields.Integer()
    reference = fields.String()
    title = fields.String()
    status = fields.String()
    organisation_id = fields.Integer()
    call_id = fields.Integer()
    project_start = fields.Date()
    project_end = fields.Date()
    specific_objective = fields.String(allow_none=True)
    intervention_field = fields.String(allow_none=True)
    current_version = fields.Integer()
    state = fields.String(
        metadata={"description": "MA staff only: the project's state in the staff list (service.work_queue)."}
    )
