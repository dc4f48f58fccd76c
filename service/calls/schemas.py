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
# The specific objectives a call may name (AMIF Regulation (EU) 2021/1147 Art. 3(2); technical assistance is no
# call's): the OpenAPI document's enum, the catalogue's codes checked by service.calls.rules.check_call_fields.
CALL_OBJECTIVES = ["SO1", "SO2", "SO3", "SO4"]
LANGUAGE_KEYS = (
    "By language code: the tenant's languages (its profile, GET /api/v1/{tenant}), its default one required."
)
# What service.calls.rules.validate_assessment reads, as the OpenAPI document states it; a criterion's key used once,
# a range's min below its max and the minimum total at most the highest possible total are said in words.
_POINTS = {"type": "integer", "minimum": 0, "maximum": 1000}
ASSESSMENT = {
    "type": "object",
    "required": ["criteria"],
    "additionalProperties": False,
    "properties": {
        "criteria": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
                "type": "object",
                "required": ["key", "label", "scale"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "minLength": 1, "maxLength": 40, "description": "Each key once."},
                    "label": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {"type": "string", "minLength": 1},
                        "description": "By language code: the criterion's name in the tenant's languages.",
                    },
                    "scale": {
                        "description": 'A list of points such as [0, 5, 10], or a range such as {"min": 0, "max": 30} '
                        "(min below max).",
                        "oneOf": [
                            {"type": "array", "minItems": 2, "maxItems": 20, "uniqueItems": True, "items": _POINTS},
                            {
                                "type": "object",
                                "required": ["min", "max"],
                                "additionalProperties": False,
                                "properties": {"min": _POINTS, "max": _POINTS},
                            },
                        ],
                    },
                },
            },
        },
        "reject_on_zero": {"type": "boolean"},
        "minimum_total": {
            "type": "integer",
            "minimum": 0,
            "description": "At most the highest possible total (the criteria's highest points added up).",
        },
    },
    "description": "The assessment criteria; unset, the tenant's defaults.",
}


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
        kwargs.setdefault("metadata", {"description": LANGUAGE_KEYS})
        super().__init__(keys=fields.String(), values=fields.String(validate=validate.Length(max=500)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        labels = super()._deserialize(value, attr, data, **kwargs)
        _check_languages(labels)
        return labels


class CallObjectiveSchema(Schema):
    code = fields.String(required=True, metadata={"enum": CALL_OBJECTIVES, "description": "Each objective once."})
    budget = Amount(load_default=None, allow_none=True)


class MeasureSchema(Schema):
    objective = fields.String(
        required=True, metadata={"enum": CALL_OBJECTIVES, "description": "One of the call's objectives."}
    )
    label = LabelField(required=True)


class AttachmentRequirementSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(KEY))
    label = LabelField(required=True)


class AddressedOrganisationSchema(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=20))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


def _known_rate(value) -> None:
    if value is not None and value not in COFINANCING_RATES:
        raise ValidationError(_("The EU co-financing rate is 75, 90 or 100 % (AMIF Art. 15)."))


def _within_indirect_rate(value) -> None:
    if value is not None and value > MAX_INDIRECT_RATE:
        raise ValidationError(_("Indirect costs are at most 7 % of direct costs (CPR Art. 54)."))


# How the OpenAPI document states them (service.api.openapi reads a validator's OPENAPI over the Percent's own).
_known_rate.OPENAPI = {
    "enum": [f"{rate:f}" for rate in COFINANCING_RATES],
    "example": "75",
    "description": "The EU co-financing rate in percent (AMIF Art. 15).",
}
_TOP = int(MAX_INDIRECT_RATE)  # a whole number of percent below 10
_within_indirect_rate.OPENAPI = {
    "pattern": f"^([0-{_TOP - 1}]([.,][0-9]{{1,2}})?|{_TOP}([.,]00?)?)$",
    "example": "7",
    "description": f"A percentage from 0 to {_TOP}, at most two decimals; requests may write a decimal comma.",
}


class CallWriteSchema(Schema):
    """Create or change a call. On a change, send ``version`` (the one you read) and only what changes."""

    reference = fields.String(required=True, validate=validate.Length(min=1, max=40))
    texts = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(CallTextSchema),
        required=True,
        metadata={"description": LANGUAGE_KEYS},
    )
    objectives = fields.List(fields.Nested(CallObjectiveSchema), required=True, validate=validate.Length(min=1, max=5))
    measures = fields.List(fields.Nested(MeasureSchema), load_default=list, validate=validate.Length(max=100))
    budget = Amount(required=True)
    cofinancing_rate = Percent(load_default=None, validate=_known_rate)
    cofinancing_basis = fields.String(
        load_default="total",
        validate=validate.OneOf(COFINANCING_BASES),
        metadata={
            "description": "total: the rate applies to the total eligible cost; public: to the total less "
            "the applicant's private funding (AMIF Art. 15)."
        },
    )
    indirect_rate = Percent(load_default=None, validate=_within_indirect_rate)
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
    assessment = fields.Dict(load_default=None, allow_none=True, metadata=ASSESSMENT)
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
