"""API shapes of applications. Amounts are strings with two decimals."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from service.api.fields import Percent, TenantInstant, Units
from service.applications.budget import CATEGORIES, HOURS_PER_YEAR
from service.applications.sections import (
    CLASSIFICATION_FIELDS,
    FIELDS,
    FINANCING_FIELDS,
    MAX_SECTION_LENGTH,
    TEXT_SECTIONS,
)
from service.money.fields import Amount, read_amount


class ApplicationCreateSchema(Schema):
    call_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    organisation_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    language = fields.String(required=True)
    title = fields.String(load_default="", validate=validate.Length(max=300))


class FieldsField(fields.Dict):
    """{field: value} of text sections, title, project dates, ``private_funding`` (an amount) and the proposed
    classification: ``proposed_objective`` (one of the call's, "SO2") and ``proposed_intervention`` (an AMIF
    Annex VI Table 1 code of that objective, "003"); empty or null clears them."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        errors, clean = {}, {}
        for name, item in raw.items():
            if name not in FIELDS:
                errors[name] = [_("Unknown field.")]
            elif name in FINANCING_FIELDS:
                try:
                    clean[name] = Decimal("0.00") if item in (None, "") else read_amount(item)
                except ValidationError as error:
                    errors[name] = error.messages
            elif name in ("project_start", "project_end"):
                try:
                    clean[name] = None if item in (None, "") else fields.Date().deserialize(item)
                except ValidationError as error:
                    errors[name] = error.messages
            elif name in CLASSIFICATION_FIELDS and item is None:
                clean[name] = None
            elif not isinstance(item, str):
                errors[name] = [_("Not a valid string.")]
            elif name in CLASSIFICATION_FIELDS:
                code = item.strip()
                if len(code) > 8:
                    errors[name] = [_("At most %(count)s characters.", count=8)]
                else:
                    clean[name] = code or None
            elif name == "title" and len(item) > 300:
                errors[name] = [_("At most %(count)s characters.", count=300)]
            elif name in TEXT_SECTIONS and len(item) > MAX_SECTION_LENGTH:
                errors[name] = [_("At most %(count)s characters.", count=MAX_SECTION_LENGTH)]
            else:
                clean[name] = item
        if errors:
            raise ValidationError(errors)
        return clean


class ApplicationSaveSchema(Schema):
    """Save fields of an application (a name of its own: the OpenAPI document names schemas by class, and
    service.autosave has a SaveSchema)."""

    version = fields.Integer(required=True, strict=True, metadata={"description": "The version you last read."})
    fields = FieldsField(required=True)


class SavedSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    version = fields.Integer()
    field_versions = fields.Dict(metadata={"description": "Per field: the version, who and when it last changed."})
    updated_at = fields.DateTime()


class BudgetLineWriteSchema(Schema):
    """A cost. Staff: ``staff_method`` percentage (monthly_gross, percentage, months) or hourly
    (annual_gross, hours ≤ 1 720: the rate is annual gross ÷ 1 720). Unit costs (CPR Art. 53(1)(b)):
    ``description`` names the unit, ``unit_amount`` × ``units``. Lump sums (Art. 53(1)(c)): ``description``
    names what is delivered, ``amount``. Other categories: ``amount``."""

    year = fields.Integer(required=True, strict=True, validate=validate.Range(min=2021, max=2035))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    description = fields.String(load_default="", validate=validate.Length(max=300))
    amount = Amount(load_default=None, allow_none=True)
    staff_method = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("percentage", "hourly")))
    monthly_gross = Amount(load_default=None, allow_none=True)
    percentage = Percent(load_default=None, allow_none=True)
    months = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=12))
    annual_gross = Amount(load_default=None, allow_none=True)
    hours = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1))
    unit_amount = Amount(load_default=None, allow_none=True)
    units = Units(load_default=None, allow_none=True)
    version = fields.Integer(strict=True, load_only=True)

    @validates_schema
    def _by_category(self, data, **kwargs):
        need = _("Required for this kind of cost.")
        if data["category"] in ("unit_costs", "lump_sums") and not data.get("description", "").strip():
            raise ValidationError(
                {
                    "description": [
                        _("Name the unit, such as “a participant who completes the course”.")
                        if data["category"] == "unit_costs"
                        else _("Name what the lump sum pays for, such as “a published guide”.")
                    ]
                }
            )
        if data["category"] == "unit_costs":
            missing = {name: [need] for name in ("unit_amount", "units") if data.get(name) is None}
            if missing:
                raise ValidationError(missing)
            if data["unit_amount"] <= 0:
                raise ValidationError({"unit_amount": [_("The amount must be more than zero.")]})
            return
        if data["category"] != "staff":
            if data.get("amount") is None:
                raise ValidationError({"amount": [need]})
            return
        method = data.get("staff_method")
        if method is None:
            raise ValidationError({"staff_method": [_("Choose a fixed percentage of salary or an hourly rate.")]})
        wanted = ("monthly_gross", "percentage", "months") if method == "percentage" else ("annual_gross", "hours")
        missing = {name: [need] for name in wanted if data.get(name) is None}
        if missing:
            raise ValidationError(missing)
        if method == "percentage" and data["percentage"] <= 0:
            raise ValidationError({"percentage": [_("Write a percentage between 0 and 100, such as 75 or 7,5.")]})
        if method == "hourly" and data["hours"] > HOURS_PER_YEAR:
            raise ValidationError(
                {
                    "hours": [
                        _(
                            "At most %(hours)s hours a year: the hourly rate is the annual cost divided by %(hours)s.",
                            hours=HOURS_PER_YEAR,
                        )
                    ]
                }
            )

    @post_load
    def _only_what_the_method_uses(self, data, **kwargs):
        used = {
            None: ("amount",),
            "units": ("unit_amount", "units"),
            "percentage": ("monthly_gross", "percentage", "months"),
            "hourly": ("annual_gross", "hours"),
        }[
            data.get("staff_method")
            if data["category"] == "staff"
            else "units"
            if data["category"] == "unit_costs"
            else None
        ]
        for name in (
            "amount",
            "staff_method",
            "monthly_gross",
            "percentage",
            "months",
            "annual_gross",
            "hours",
            "unit_amount",
            "units",
        ):
            if name not in used and not (name == "staff_method" and data["category"] == "staff"):
                data[name] = None
        return data


class BudgetLineSchema(Schema):
    id = fields.Integer()
    year = fields.Integer()
    category = fields.String()
    description = fields.String()
    staff_method = fields.String(allow_none=True)
    monthly_gross = Amount(allow_none=True)
    percentage = Percent(allow_none=True)
    months = fields.Integer(allow_none=True)
    annual_gross = Amount(allow_none=True)
    hours = fields.Integer(allow_none=True)
    unit_amount = Amount(allow_none=True)
    units = Units(allow_none=True)
    amount = Amount()
    version = fields.Integer()


class PartnerWriteSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    number = fields.String(load_default="", validate=validate.Length(max=20))
    role = fields.String(load_default="", validate=validate.Length(max=5000))
    budget_share = Amount(load_default=None)
    version = fields.Integer(strict=True, load_only=True)


class PartnerSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    number = fields.String()
    role = fields.String()
    budget_share = Amount()
    version = fields.Integer()


class PlannedIndicatorWriteSchema(Schema):
    """A call's common indicator (``indicator_code``) or an own project indicator (``name`` and ``unit``)."""

    indicator_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=16))
    name = fields.String(load_default="", validate=validate.Length(max=300))
    unit = fields.String(load_default="", validate=validate.Length(max=60))
    planned_value = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10**9))
    version = fields.Integer(strict=True, load_only=True)


class PlannedIndicatorSchema(Schema):
    id = fields.Integer()
    indicator_code = fields.String(allow_none=True)
    name = fields.String()
    unit = fields.String()
    planned_value = fields.Integer()
    version = fields.Integer()


class AttachmentSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()


class SubmissionSchema(Schema):
    sequence = fields.Integer()
    kind = fields.String()
    receipt = fields.String()
    submitted_at = fields.DateTime()
    content_sha256 = fields.String()


class SubmissionContentSchema(SubmissionSchema):
    content = fields.Dict()


class SupplementRequestSchema(Schema):
    id = fields.Integer()
    message = fields.String()
    deadline = fields.DateTime()
    requested_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    answer_sequence = fields.Integer(allow_none=True)


class SupplementRequestWriteSchema(Schema):
    message = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    deadline = TenantInstant(
        load_default=None,
        allow_none=True,
        metadata={"description": "Default: the end of the 5th working day. No offset: the tenant's local time."},
    )


class ApplicationTotalsSchema(Schema):
    direct_costs = Amount()
    indirect_costs = Amount()
    total_cost = Amount()
    eu_amount = Amount()
    own_contribution = Amount()
    private_funding = Amount(metadata={"description": "Part of the own contribution; save it as a field."})


class ClassificationSchema(Schema):
    """The application's classification: the applicant's proposal and the case officer's confirmation."""

    proposed_objective = fields.String(allow_none=True)
    proposed_intervention = fields.String(allow_none=True)
    confirmed_objective = fields.String(allow_none=True)
    confirmed_intervention = fields.String(allow_none=True)
    confirmation_reason = fields.String()
    confirmed_by = fields.Integer(allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)
    status = fields.String(metadata={"description": "confirmed, proposed or unclassified: what statistics use."})
    specific_objective = fields.String(allow_none=True, metadata={"description": "Confirmed, else proposed."})
    intervention_field = fields.String(allow_none=True, metadata={"description": "Confirmed, else proposed."})


class ApplicationSchema(Schema):
    id = fields.Integer()
    reference = fields.String(allow_none=True)
    call_id = fields.Integer()
    organisation_id = fields.Integer()
    language = fields.String()
    status = fields.String()
    title = fields.String()
    sections = fields.Dict()
    project_start = fields.Date(allow_none=True)
    project_end = fields.Date(allow_none=True)
    currency = fields.String()
    totals = fields.Nested(ApplicationTotalsSchema)
    classification = fields.Nested(ClassificationSchema)
    budget_lines = fields.List(fields.Nested(BudgetLineSchema))
    partners = fields.List(fields.Nested(PartnerSchema))
    indicators = fields.List(fields.Nested(PlannedIndicatorSchema))
    attachments = fields.List(fields.Nested(AttachmentSchema))
    submissions = fields.List(fields.Nested(SubmissionSchema))
    supplement_requests = fields.List(fields.Nested(SupplementRequestSchema))
    field_versions = fields.Dict(metadata={"description": "Per field: the version, who and when it last changed."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    version = fields.Integer()


class ListedApplicationSchema(ApplicationSchema):
    """An application in the list: MA staff's list (the work queue) adds its state."""

    state = fields.String(
        metadata={"description": "MA staff only: the application's state in the work queue (service.work_queue)."}
    )


class ProblemSchema(Schema):
    place = fields.String()
    message = fields.String()


class CheckSchema(Schema):
    complete = fields.Boolean()
    problems = fields.List(fields.Nested(ProblemSchema))


class SubmitSchema(Schema):
    version = fields.Integer(required=True, strict=True)
