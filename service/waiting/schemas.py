"""The queue in the API, as the OpenAPI document states it (the response is built by presenters.queue_json)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.waiting.labels import REASONS
from service.waiting.util import KINDS


class WaitingItemSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    reason = fields.String(
        required=True, validate=validate.OneOf(tuple(REASONS)), metadata={"description": "Why it waits for the caller."}
    )
    reason_text = fields.String(required=True, metadata={"description": "The reason in the caller's language."})
    object_id = fields.Integer(
        required=True,
        metadata={
            "description": "The assignment (assessment), the application (decision, supplement), the payment, the "
            "claim or the progress report."
        },
    )
    reference = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": 'What it is: "Application AMIF-SE-2024-12".'})
    since = fields.DateTime(required=True, metadata={"description": "Since when it waits (UTC)."})
    since_text = fields.String(required=True, metadata={"description": "The same in the tenant's time zone."})
    url = fields.String(required=True, metadata={"description": "The page where it is done."})


class WaitingCountsSchema(Schema):
    assessment = fields.Integer(required=True, validate=validate.Range(min=0))
    decision = fields.Integer(required=True, validate=validate.Range(min=0))
    payment = fields.Integer(required=True, validate=validate.Range(min=0))
    claim = fields.Integer(required=True, validate=validate.Range(min=0))
    report = fields.Integer(required=True, validate=validate.Range(min=0))
    supplement = fields.Integer(required=True, validate=validate.Range(min=0))


class WaitingForMeSchema(Schema):
    total = fields.Integer(required=True, validate=validate.Range(min=0))
    counts = fields.Nested(WaitingCountsSchema, required=True)
    items = fields.List(fields.Nested(WaitingItemSchema), required=True, metadata={"description": "Oldest first."})
