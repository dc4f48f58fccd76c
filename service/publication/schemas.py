"""The bodies the list's API reads."""

from marshmallow import Schema, fields


class LocationSchema(Schema):
    location = fields.String(required=True, metadata={"description": "Where the operation takes place."})


class PublishSchema(Schema):
    pass
