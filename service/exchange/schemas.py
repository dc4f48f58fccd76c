"""API shapes of the exchange rates."""

from marshmallow import Schema, ValidationError, fields, validates

from service.exchange.rules import InvalidMonth, currencies, first_of_month, is_currency, month_text


class Month(fields.Field):
    """A month as "YYYY-MM"."""

    OPENAPI = {"type": "string", "pattern": r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$", "example": "2024-01"}

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else month_text(value)

    def _deserialize(self, value, attr, data, **kwargs):
        from flask_babel import gettext as _

        if not isinstance(value, str) or len(value) != 7:
            raise ValidationError(_("Write the month as YYYY-MM, such as 2024-01."))
        try:
            return first_of_month(value)
        except InvalidMonth as error:
            raise ValidationError(_("Write the month as YYYY-MM, such as 2024-01.")) from error


class ExchangeRateSchema(Schema):
    currency = fields.String(metadata={"description": "ISO 4217 code, e.g. SEK"})
    month = Month(metadata={"description": "YYYY-MM: the month whose expenditure converts at this rate"})
    rate = fields.Function(
        lambda row: f"{row['rate'].normalize():f}",
        metadata={"type": "string", "description": "Units of the currency per 1 EUR as a decimal string, e.g. 11.4915"},
    )
    version = fields.Integer(metadata={"description": "1, then one more per correction; earlier versions stay"})
    current = fields.Boolean(metadata={"description": "true for the newest version of the month: the one in force"})
    unverified = fields.Boolean(metadata={"description": "true while not checked against the Commission's figure"})
    source = fields.String()
    correction_reason = fields.String()
    loaded_at = fields.DateTime()


class ExchangeRateQuerySchema(Schema):
    """The filters of the rates' list; the OpenAPI document's query parameters (service.exchange.api)."""

    currency = fields.String(load_default=None, metadata={"enum": currencies(), "description": "ISO 4217, e.g. SEK"})
    month = Month(load_default=None, metadata={"description": "YYYY-MM"})

    @validates("currency")
    def _currency(self, value, **kwargs):
        from flask_babel import gettext as _

        if value is not None and not is_currency(value):
            raise ValidationError(_("Not a currency code (ISO 4217), such as SEK."))


class RateAlertNeedSchema(Schema):
    tenant = fields.String(metadata={"description": "The tenant's code, e.g. se"})
    purpose = fields.String(metadata={"description": "What for, e.g. claims or months-ahead"})


class RateAlertSchema(Schema):
    currency = fields.String(metadata={"description": "ISO 4217 code, e.g. SEK"})
    month = Month(metadata={"description": "YYYY-MM: the month whose rate is not loaded"})
    first_seen_at = fields.DateTime(metadata={"description": "When the rate was first found missing"})
    last_seen_at = fields.DateTime(metadata={"description": "When it was last needed"})
    mailed_at = fields.DateTime(allow_none=True, metadata={"description": "When the administrators were e-mailed"})
    needs = fields.List(fields.Nested(RateAlertNeedSchema), metadata={"description": "Which tenants need it, for what"})
