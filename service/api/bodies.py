"""Reading JSON request bodies through marshmallow schemas (unknown fields are refused)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from marshmallow import RAISE, ValidationError


def load_body(schema, *, partial: bool = False) -> dict:
    data = request.get_json(silent=True, cache=True)
    if data is None:
        raw = request.get_data(cache=True)
        message = _("The body is not valid JSON.") if raw else _("A JSON body is required.")
        raise ValidationError({"_body": [message]})
    if not isinstance(data, dict):
        raise ValidationError({"_body": [_("The body must be a JSON object.")]})
    return schema.load(data, partial=partial, unknown=RAISE)


def positive_int_arg(name: str, default: int | None = None, maximum: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        raise ValidationError({name: [_("Must be a whole number of 1 or more.")]})
    value = int(raw)
    if value < 1 or value > 2**31 - 1:
        raise ValidationError({name: [_("Must be a whole number of 1 or more.")]})
    return min(value, maximum) if maximum else value
