"""The query of a download: ``?format=xlsx`` (the default) or ``csv``; anything else is a 422 in the reader's
language. A domain whose download takes more parameters subclasses :class:`ExportQuerySchema`."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validates

from service.exports.responses import FORMATS


class ExportQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    format = fields.String(load_default="xlsx")

    @validates("format")
    def _known(self, value, **kwargs):
        if value not in FORMATS:
            raise ValidationError(_("Choose the format xlsx or csv."))


def requested_format(args) -> str:
    """The format a download's query asks for (``args``: the request's query arguments)."""
    return ExportQuerySchema().load(args.to_dict())["format"]
