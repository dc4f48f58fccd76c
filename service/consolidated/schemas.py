"""The consolidated export on the wire."""

from __future__ import annotations

from marshmallow import Schema, fields


class ConsolidatedExportRequestSchema(Schema):
    as_of = fields.Date(load_default=None, metadata={"description": "The day the figures are as of; today by default."})


class ConsolidatedFileSchema(Schema):
    format = fields.String(metadata={"enum": ["xlsx", "csv", "json"]})
    size = fields.Integer()
    sha256 = fields.String()
    url = fields.String()


class ConsolidatedExportSchema(Schema):
    id = fields.Integer()
    as_of = fields.Date()
    status = fields.String(metadata={"enum": ["queued", "building", "ready", "failed"]})
    tenants_total = fields.Integer()
    tenants_done = fields.Integer()
    requested_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    files = fields.List(fields.Nested(ConsolidatedFileSchema))
