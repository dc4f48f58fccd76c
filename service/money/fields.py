"""The one API field of money: amounts in, as people write them; amounts out, in the wire format."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError, fields

from service.money.display import HINTED_AMOUNT, format_amount, wire
from service.money.parsing import InvalidAmount, parse_amount


def amount_message(reason: str) -> str:
    """The message for an amount refused by :func:`service.money.parse_amount`, in the caller's language."""
    messages = {
        "type": lambda: _('Write the amount as text, such as "1 234 567,50", or as a whole number.'),
        "format": lambda: _("Not an amount of money. Write it like %(example)s.", example=format_amount(HINTED_AMOUNT)),
        "precision": lambda: _("At most two decimals (whole cents)."),
        "negative": lambda: _("The amount cannot be negative."),
        "too_large": lambda: _("The amount is too large."),
    }
    return messages.get(reason, messages["format"])()


def read_amount(raw) -> Decimal:
    try:
        return parse_amount(raw)
    except InvalidAmount as error:
        raise ValidationError(amount_message(str(error))) from error


# How the OpenAPI document states the one wire format (service.api.openapi reads a field class's OPENAPI).
OPENAPI = {
    "type": "string",
    "pattern": r"^-?[0-9]{1,13}\.[0-9]{2}$",
    "example": "1234567.50",
    "description": 'An amount in cents: answers write it "1234567.50"; requests may also write it as people do '
    '("1 234 567,50") or as a whole number, never as a float.',
}
# An amount sent is never negative (service.money.parse_amount): how the document states it in request bodies.
REQUEST_PATTERN = r"^[0-9]{1,13}\.[0-9]{2}$"


class Amount(fields.Field):
    """An amount in the currency the context gives: "1 234 567,50", "1234567.50" or an integer; never a float."""

    OPENAPI = OPENAPI

    def _deserialize(self, value, attr, data, **kwargs):
        return read_amount(value)

    def _serialize(self, value, attr, obj, **kwargs):
        return wire(value)
