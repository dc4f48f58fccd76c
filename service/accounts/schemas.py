"""API shapes of people."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates

from service.accounts.roles import TENANT_ROLES


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String()
    name = fields.String()
    role = fields.String()
    language = fields.String(allow_none=True)
    organisation_name = fields.String(allow_none=True)
    active = fields.Boolean()
    two_factor_enabled = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    version = fields.Integer(dump_only=True)


def _check_language(value):
    if value is not None and value not in g.tenant.languages:
        raise ValidationError(
            _("Choose one of this tenant's languages: %(languages)s.", languages=", ".join(g.tenant.languages))
        )


def _check_role(value):
    if value not in TENANT_ROLES:
        raise ValidationError(_("Unknown role. Choose one of: %(roles)s.", roles=", ".join(TENANT_ROLES)))


class UserCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(required=True)
    name = fields.String(load_default="", validate=validate.Length(max=200))
    language = fields.String(load_default=None, allow_none=True)
    organisation_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))

    @validates("role")
    def _role(self, value, **kwargs):
        _check_role(value)

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class UserUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(max=200))
    role = fields.String()
    language = fields.String(allow_none=True)
    active = fields.Boolean(truthy={True}, falsy={False})
    version = fields.Integer(strict=True, metadata={"description": "The version you read; a newer one answers 409."})

    @validates("role")
    def _role(self, value, **kwargs):
        _check_role(value)

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class MeUpdateSchema(Schema):
    language = fields.String(required=True, allow_none=True)

    @validates("language")
    def _language(self, value, **kwargs):
        _check_language(value)


class CreatedUserSchema(Schema):
    user = fields.Nested(UserSchema)
    welcome_job = fields.String(metadata={"description": "Id of the welcome e-mail job: GET jobs/{id}."})
