"""API shapes of people."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates

from service.accounts.passwords import MIN_LENGTH
from service.accounts.roles import TENANT_ROLES
from service.config import LANGUAGES
from service.tenancy.current import current_tenant


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String()
    name = fields.String()
    role = fields.String()
    language = fields.String(allow_none=True)
    organisation_name = fields.String(allow_none=True)
    active = fields.Boolean()
    two_factor_enabled = fields.Boolean(dump_only=True)
    email_verified_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    version = fields.Integer(dump_only=True)


def language_metadata(description: str = "") -> dict:
    """The OpenAPI of a language a request names (checked by :func:`_check_language`): the platform's languages as
    the enum, and the words for what no schema of every tenant can say, that a tenant offers only some of them."""
    words = "One of the tenant's languages (its profile, GET /api/v1/{tenant}); another is 422."
    return {"enum": list(LANGUAGES), "description": f"{description} {words}".strip()}


def _check_language(value):
    if value is not None and value not in current_tenant().languages:
        raise ValidationError(
            _("Choose one of this tenant's languages: %(languages)s.", languages=", ".join(current_tenant().languages))
        )


def _check_role(value):
    if value not in TENANT_ROLES:
        raise ValidationError(_("Unknown role. Choose one of: %(roles)s.", roles=", ".join(TENANT_ROLES)))


class UserCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(required=True, metadata={"enum": list(TENANT_ROLES)})
    name = fields.String(load_default="", validate=validate.Length(max=200))
    language = fields.String(load_default=None, allow_none=True, metadata=language_metadata())
    organisation_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))

    @validates("role")
    def _role(self, value, **kwargs):
        _check_role(value)

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class UserUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(max=200))
    role = fields.String(metadata={"enum": list(TENANT_ROLES)})
    language = fields.String(allow_none=True, metadata=language_metadata())
    active = fields.Boolean(truthy={True}, falsy={False})
    version = fields.Integer(strict=True, metadata={"description": "The version you read; a newer one answers 409."})

    @validates("role")
    def _role(self, value, **kwargs):
        _check_role(value)

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class MeUpdateSchema(Schema):
    language = fields.String(required=True, allow_none=True, metadata=language_metadata())

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class CreatedUserSchema(Schema):
    user = fields.Nested(UserSchema)
    welcome_job = fields.String(metadata={"description": "Id of the welcome e-mail job: GET jobs/{id}."})


def check_plain_text(value: str) -> None:
    """Names are one line of printable text: no control characters (NUL, line breaks, ...)."""
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise ValidationError(_("Use letters, digits and punctuation only, on one line."))


# How the OpenAPI document states it (service.api.openapi reads a validator's OPENAPI); no lone surrogate either,
# which the document says in words (service.api.openapi.SURROGATES: no regular expression of code points can).
check_plain_text.OPENAPI = {"pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}


def _check_password(value: str) -> None:
    if len(value) < MIN_LENGTH:
        raise ValidationError(_("The password must be at least 12 characters long."))


class RegistrationSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), check_plain_text])
    password = fields.String(
        required=True,
        load_only=True,
        validate=[validate.Length(max=1024), _check_password],
        metadata={"description": "At least 12 characters.", "minLength": MIN_LENGTH},
    )
    language = fields.String(load_default=None, allow_none=True, metadata=language_metadata())

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class RegistrationAnswerSchema(Schema):
    message = fields.String(
        metadata={"description": "The same for a new and an already registered address: no account enumeration."}
    )


class VerificationSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=128))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(max=1024),
        metadata={"description": "The password chosen at registration."},
    )


class ResendSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
