"""API shape of a job's status."""

from marshmallow import Schema, fields


class JobRunSchema(Schema):
    id = fields.String()
    name = fields.String()
    status = fields.String(metadata={"description": "queued, running, finished or failed"})
    attempts = fields.Integer()
    enqueued_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
