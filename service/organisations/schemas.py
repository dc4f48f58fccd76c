"""API shapes of organisations, their members and invitations."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from service.accounts.schemas import _check_language, check_plain_text
from service.organisations import numbers
from service.organisations.labels import number_message
from service.organisations.models import ORGANISATION_TYPES
from service.tenancy.current import current_tenant


class OrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    country = fields.String(metadata={"description": "Whose register the number is from (the tenant's country)."})
    number = fields.String(metadata={"description": "Normalised: NNNNNN-NNNN in Sweden, NNNNNNN-N in Finland."})
    organisation_type = fields.String(metadata={"enum": list(ORGANISATION_TYPES)})
    created_at = fields.DateTime()


class OrganisationCreateSchema(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), check_plain_text])
    number = fields.String(
        required=True,
        validate=validate.Length(max=numbers.MAX_INPUT),
        metadata={
            "description": "Swedish organisationsnummer in the se tenant, Finnish Y-tunnus in the fi tenant; "
            "checked by its check digit."
        },
    )
    organisation_type = fields.String(required=True, validate=validate.OneOf(ORGANISATION_TYPES))

    @validates("number")
    def _number(self, value, **kwargs):
        try:
            numbers.normalise(current_tenant().country, value)
        except numbers.InvalidNumber as error:
            raise ValidationError(number_message(current_tenant().country, error.reason)) from error


class MemberSchema(Schema):
    user_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.String(metadata={"enum": ["owner", "member"]})
    joined_at = fields.DateTime()


class InvitationSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    status = fields.String(metadata={"enum": ["pending", "accepted", "expired", "revoked"]})
    invited_by = fields.Integer(metadata={"description": "User id of the member who invited."})
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    accepted_at = fields.DateTime(allow_none=True)


class InvitationCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    language = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "Language of the e-mail when the invitee has no account; default the caller's."},
    )

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class InvitationAcceptSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=128))
    name = fields.String(validate=[validate.Length(min=1, max=200), check_plain_text])
    password = fields.String(load_only=True, validate=validate.Length(max=1024))
    language = fields.String(allow_none=True)

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class AcceptedSchema(Schema):
    organisation = fields.Nested(OrganisationSchema)
    user_id = fields.Integer()
    role = fields.String()
