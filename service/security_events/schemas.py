"""The security events' filters (page and API read the same) and their API shape."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema


class EventFilterSchema(Schema):
    """?person=&status=&since=&until=&before=&limit= ; empty values are no filter."""

    class Meta:
        unknown = EXCLUDE  # other query parameters (the page's language) are not filters

    person = fields.String(load_default=None, validate=validate.Length(max=254))
    status = fields.Integer(load_default=None, strict=False, validate=validate.OneOf([403, 404]))
    since = fields.Date(load_default=None)
    until = fields.Date(load_default=None)
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    limit = fields.Integer(load_default=None, validate=validate.Range(min=1, max=500))

    @validates_schema
    def _days_in_order(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError({"until": [_l("The first day must not be after the last day.")]})


def filters_of(args) -> dict:
    """The filters given, without the empty ones (a form sends every field)."""
    return EventFilterSchema().load({key: value for key, value in args.items() if value != ""})


class SecurityEventSchema(Schema):
    id = fields.Integer()
    first_at = fields.DateTime()
    last_at = fields.DateTime()
    count = fields.Integer(metadata={"description": "Refusals of the same person, method, path and answer that minute"})
    actor = fields.String()
    actor_label = fields.String()
    actor_role = fields.String(allow_none=True)
    actor_tenant = fields.String(allow_none=True)
    via = fields.String()
    method = fields.String()
    path = fields.String()
    object_type = fields.String(allow_none=True)
    object_id = fields.String(allow_none=True)
    status = fields.Integer()
    ip = fields.String(allow_none=True)
