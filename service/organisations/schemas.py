"""API shapes of organisations, their members and invitations."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates

from service.accounts.schemas import _check_language, check_plain_text, language_metadata
from service.organisations import numbers
from service.organisations.labels import number_message
from service.organisations.types import MAX_CODE, type_codes
from service.tenancy.current import current_tenant

TYPE_DESCRIPTION = (
    "A code of the tenant's own types of organisation (tenant data, in the country's official terms): "
    "GET /api/v1/{tenant}/organisation-types lists them with their labels. Another tenant's code is refused (422)."
)


def _known_type(value: str) -> None:
    if value not in type_codes():
        raise ValidationError(_("Choose one of the types of organisation."))


class OrganisationTypeCode(fields.String):
    """A code of the current tenant's types of organisation (organisations.toml); any other is refused."""

    def __init__(self, **kwargs):
        metadata = {"description": TYPE_DESCRIPTION, "pattern": "^[a-z0-9_]+$", "maxLength": MAX_CODE}
        super().__init__(validate=_known_type, metadata={**metadata, **kwargs.pop("metadata", {})}, **kwargs)


class OrganisationTypeSchema(Schema):
    code = fields.String(metadata={"description": "Stored on organisations and named in calls' eligible types."})
    label = fields.String(metadata={"description": "In the caller's language (Accept-Language)."})
    labels = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "By language code: sv, fi, en."}
    )


class OrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    country = fields.String(metadata={"description": "Whose register the number is from (the tenant's country)."})
    number = fields.String(metadata={"description": "Normalised: NNNNNN-NNNN in Sweden, NNNNNNN-N in Finland."})
    organisation_type = fields.String(metadata={"description": TYPE_DESCRIPTION})
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
    organisation_type = OrganisationTypeCode(required=True)

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
        metadata=language_metadata("Language of the e-mail when the invitee has no account; default the caller's."),
    )

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class InvitationAcceptSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=128))
    name = fields.String(validate=[validate.Length(min=1, max=200), check_plain_text])
    password = fields.String(load_only=True, validate=validate.Length(max=1024))
    language = fields.String(allow_none=True, metadata=language_metadata())

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class AcceptedSchema(Schema):
    organisation = fields.Nested(OrganisationSchema)
    user_id = fields.Integer()
    role = fields.String()
