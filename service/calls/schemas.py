"""API shapes of calls. Amounts are strings with two decimals; instants are UTC (ISO 8601)."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates

from service.api.fields import Percent, TenantInstant
from service.calls.display import language_name
from service.calls.rules import COFINANCING_BASES, COFINANCING_RATES, MAX_INDIRECT_RATE, validate_assessment
from service.money.fields import Amount
from service.organisations.schemas import OrganisationTypeCode
from service.tenancy.current import current_tenant

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _check_languages(value: dict, *, default_required: bool = True):
    unknown = [language for language in value if language not in current_tenant().languages]
    if unknown:
        raise ValidationError(
            _(
                "Choose among this tenant's languages: %(languages)s.",
                languages=", ".join(language_name(code) for code in current_tenant().languages),
            )
        )
    if default_required and not value.get(current_tenant().default_language):
        raise ValidationError(
            _("The text in %(language)s is required.", language=language_name(current_tenant().default_language))
        )


class CallTextSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    summary = fields.String(load_default="", validate=validate.Length(max=3000))
    body = fields.String(load_default="", validate=validate.Length(max=50000))


class LabelField(fields.Dict):
    """{language: text} in the tenant's languages, the default one required."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(), values=fields.String(validate=validate.Length(max=500)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        labels = super()._deserialize(value, attr, data, **kwargs)
        _check_languages(labels)
        return labels


class CallObjectiveSchema(Schema):
    code = fields.String(required=True)
    budget = Amount(load_default=None, allow_none=True)


class MeasureSchema(Schema):
    objective = fields.String(required=True)
    label = LabelField(required=True)


class AttachmentRequirementSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(KEY))
    label = LabelField(required=True)


class AddressedOrganisationSchema(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=20))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CallWriteSchema(Schema):
    """Create or change a call. On a change, send ``version`` (the one you read) and only what changes."""

    reference = fields.String(required=True, validate=validate.Length(min=1, max=40))
    texts = fields.Dict(keys=fields.String(), values=fields.Nested(CallTextSchema), required=True)
    objectives = fields.List(fields.Nested(CallObjectiveSchema), required=True, validate=validate.Length(min=1, max=5))
    measures = fields.List(fields.Nested(MeasureSchema), load_default=list, validate=validate.Length(max=100))
    budget = Amount(required=True)
    cofinancing_rate = Percent(load_default=None)
    cofinancing_basis = fields.String(
        load_default="total",
        validate=validate.OneOf(COFINANCING_BASES),
        metadata={
            "description": "total: the rate applies to the total eligible cost; public: to the total less "
            "the applicant's private funding (AMIF Art. 15)."
        },
    )
    indirect_rate = Percent(load_default=None)
    competitive = fields.Boolean(load_default=True, truthy={True}, falsy={False})
    eligible_organisation_types = fields.List(OrganisationTypeCode(), load_default=list)
    addressed_organisations = fields.List(
        fields.Nested(AddressedOrganisationSchema), load_default=list, validate=validate.Length(max=50)
    )
    opens_at = TenantInstant(required=True)
    closes_at = TenantInstant(required=True)
    project_start_earliest = fields.Date(load_default=None, allow_none=True)
    project_end_latest = fields.Date(load_default=None, allow_none=True)
    max_duration_months = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=120)
    )
    min_grant = Amount(load_default=None, allow_none=True)
    max_grant = Amount(load_default=None, allow_none=True)
    assessment = fields.Dict(load_default=None, allow_none=True)
    required_attachments = fields.List(
        fields.Nested(AttachmentRequirementSchema), load_default=None, allow_none=True, validate=validate.Length(max=30)
    )
    indicator_codes = fields.List(fields.String(), load_default=list, validate=validate.Length(max=60))
    contact_email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    version = fields.Integer(strict=True, load_only=True, metadata={"description": "The version you read (changes)."})
    reason = fields.String(
        load_only=True,
        validate=validate.Length(max=2000),
        metadata={"description": "Why a published call changes; shown publicly with the change."},
    )

    @validates("texts")
    def _texts(self, value, **kwargs):
        _check_languages(value)

    @validates("cofinancing_rate")
    def _rate(self, value, **kwargs):
        if value is not None and value not in COFINANCING_RATES:
            raise ValidationError(_("The EU co-financing rate is 75, 90 or 100 % (AMIF Art. 15)."))

    @validates("indirect_rate")
    def _indirect(self, value, **kwargs):
        if value is not None and value > MAX_INDIRECT_RATE:
            raise ValidationError(_("Indirect costs are at most 7 % of direct costs (CPR Art. 54)."))

    @validates("assessment")
    def _assessment(self, value, **kwargs):
        if value is not None:
            validate_assessment(value)


class CallObjectiveOutSchema(Schema):
    code = fields.String(attribute="objective_code")
    budget = Amount(allow_none=True)


class CallChangeSchema(Schema):
    field = fields.String()
    before = fields.String(allow_none=True)
    after = fields.String(allow_none=True)
    reason = fields.String()
    changed_at = fields.DateTime()


class CallSchema(Schema):
    id = fields.Integer()
    reference = fields.String()
    status = fields.String()
    is_open = fields.Boolean()
    texts = fields.Dict()
    objectives = fields.List(fields.Nested(CallObjectiveOutSchema))
    measures = fields.List(fields.Dict())
    currency = fields.String()
    budget = Amount()
    cofinancing_rate = Percent()
    cofinancing_basis = fields.String()
    indirect_rate = Percent()
    competitive = fields.Boolean()
    eligible_organisation_types = fields.List(fields.String())
    addressed_organisations = fields.List(fields.Dict())
    opens_at = fields.DateTime()
    closes_at = fields.DateTime()
    timezone = fields.String(metadata={"description": "The tenant time zone the instants are shown in."})
    project_start_earliest = fields.Date(allow_none=True)
    project_end_latest = fields.Date(allow_none=True)
    max_duration_months = fields.Integer(allow_none=True)
    min_grant = Amount(allow_none=True)
    max_grant = Amount(allow_none=True)
    assessment = fields.Dict()
    required_attachments = fields.List(fields.Dict())
    indicator_codes = fields.List(fields.String())
    contact_email = fields.String(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    changes = fields.List(fields.Nested(CallChangeSchema))
    version = fields.Integer()


class CallActionSchema(Schema):
    version = fields.Integer(required=True, strict=True)
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
