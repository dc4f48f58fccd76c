"""API shape of a tenant's public profile."""

from marshmallow import Schema, fields


class TenantSchema(Schema):
    code = fields.String()
    name = fields.String()
    names = fields.Dict(keys=fields.String(), values=fields.String())
    country = fields.String()
    currency = fields.String()
    languages = fields.List(fields.String())
    default_language = fields.String()
    timezone = fields.String()
    managing_authority = fields.String(metadata={"description": "Name in the response language."})
