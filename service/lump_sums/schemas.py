"""API shapes of the SO4 lump sums: a record, a correction, and the totals per year and category."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_number
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from service.exchange.schemas import Month
from service.lump_sums.models import CATEGORIES, MAX_PERSONS
from service.money.fields import Amount
from service.tenancy.current import current_tenant

PROGRAMME_START = date(2021, 1, 1)  # the 2021-2027 programming period (Regulation (EU) 2021/1147)


def this_month() -> date:
    """The current month in the tenant's time zone."""
    return datetime.now(current_tenant().zone).date().replace(day=1)


class RecordedMonth(Month):
    """A month of the programme that has begun: from 2021-01 to the current month, as "YYYY-MM"."""

    OPENAPI = {"type": "string", "pattern": r"^(202[1-9]|20[3-9][0-9])-(0[1-9]|1[0-2])$", "example": "2024-01"}

    def _deserialize(self, value, attr, data, **kwargs):
        month = super()._deserialize(value, attr, data, **kwargs)
        if month < PROGRAMME_START:
            raise ValidationError(_("The programme starts in January 2021: choose a month from 2021-01 on."))
        if month > this_month():
            raise ValidationError(_("This month has not begun yet: record persons once they have arrived."))
        return month


def _category(value: str) -> None:
    if value not in CATEGORIES:
        raise ValidationError(_("Choose one of the categories of AMIF Arts. 19 and 20."))


def _persons(value: int) -> None:
    if not 0 <= value <= MAX_PERSONS:
        raise ValidationError(
            _("Give the number of persons as a whole number from 0 to %(most)s.", most=format_number(MAX_PERSONS))
        )


class Persons(fields.Integer):
    """A whole number of persons: 3 or "3" ("3.5", 3.5 and "three" are refused)."""

    OPENAPI = {"type": "integer"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValidationError(_("Give the number of persons as a whole number, such as 3."))
        text = str(value).strip()
        if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
            raise ValidationError(_("Give the number of persons as a whole number, such as 3."))
        return int(text)


class RecordWriteSchema(Schema):
    """The persons of one category in one month; the amount per person comes from the reference data."""

    month = RecordedMonth(required=True, metadata={"description": "YYYY-MM, from 2021-01 to the current month"})
    category = fields.String(required=True, validate=_category, metadata={"enum": list(CATEGORIES)})
    persons = Persons(required=True, validate=_persons, metadata={"minimum": 0, "maximum": MAX_PERSONS})
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class CorrectionWriteSchema(Schema):
    """A new count for the month and category of the record corrected, and why."""

    persons = Persons(required=True, validate=_persons, metadata={"minimum": 0, "maximum": MAX_PERSONS})
    note = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class EvidenceSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_by = fields.Integer()
    uploaded_at = fields.DateTime()


class RecordSchema(Schema):
    id = fields.Integer()
    month = Month(metadata={"description": "YYYY-MM"})
    category = fields.String(metadata={"enum": list(CATEGORIES)})
    persons = fields.Integer()
    amount_per_person = Amount(metadata={"description": "EUR per person, from the reference version in force"})
    amount_id = fields.Integer(metadata={"description": "The reference version the amount was taken from."})
    total = Amount(metadata={"description": "EUR: persons × amount per person"})
    currency = fields.Constant("EUR")
    note = fields.String()
    corrects_id = fields.Integer(allow_none=True, metadata={"description": "The record this one corrects."})
    corrected_by_id = fields.Integer(allow_none=True, metadata={"description": "The record that replaces this one."})
    in_force = fields.Boolean(metadata={"description": "The latest of its month and category: it counts."})
    recorded_by = fields.Integer()
    recorded_at = fields.DateTime()
    evidence = fields.List(fields.Nested(EvidenceSchema))


class CategoryTotalSchema(Schema):
    category = fields.String(metadata={"enum": list(CATEGORIES)})
    persons = fields.Integer()
    amount = Amount(metadata={"description": "EUR"})


class YearTotalSchema(Schema):
    year = fields.Integer()
    persons = fields.Integer()
    amount = Amount(metadata={"description": "EUR, every category"})
    currency = fields.Constant("EUR")
    categories = fields.List(fields.Nested(CategoryTotalSchema))
