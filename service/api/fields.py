"""Marshmallow fields for money, percentages and instants entered in the tenant's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError, fields

from service.i18n import zone_name
from service.money import InvalidAmount, parse_amount
from service.money.display import wire
from service.tenancy.current import current_tenant


class Percent(fields.Field):
    """A percentage with up to two decimals between 0 and 100 ("7", "7,5", 90)."""

    OPENAPI = {
        "type": "string",
        "pattern": r"^(100([.,]00?)?|[0-9]{1,2}([.,][0-9]{1,2})?)$",
        "example": "7.5",
        "description": "A percentage from 0 to 100, at most two decimals; requests may write a decimal comma, or a "
        "whole number.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            parsed = parse_amount(value)
        except InvalidAmount as error:
            raise ValidationError(_("Write a percentage between 0 and 100, such as 75 or 7,5.")) from error
        if parsed > 100:
            raise ValidationError(_("Write a percentage between 0 and 100, such as 75 or 7,5."))
        return parsed

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{value.normalize():f}"


class Units(fields.Field):
    """A number of units of a unit cost, as people write it ("12", "37,5"): more than 0, at most two decimals and
    at most a million."""

    MAXIMUM = Decimal(1_000_000)
    OPENAPI = {
        "type": "string",
        "pattern": r"^(1000000([.,]00?)?|[1-9][0-9]{0,5}([.,][0-9]{1,2})?|0[.,](0[1-9]|[1-9][0-9]?))$",
        "example": "37.50",
        "description": "More than 0 and at most 1 000 000, at most two decimals; requests may write a decimal comma, "
        "or a whole number.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            parsed = parse_amount(value)
        except InvalidAmount as error:
            raise ValidationError(
                _("Write the number of units, more than 0 with at most two decimals, such as 12 or 37,5.")
            ) from error
        if not 0 < parsed <= self.MAXIMUM:
            raise ValidationError(
                _("Write the number of units, more than 0 with at most two decimals, such as 12 or 37,5.")
            )
        return parsed

    def _serialize(self, value, attr, obj, **kwargs):
        return wire(value)


# Calls, deadlines and project dates of a 2021-2027 programme and its closure: anything outside is a typo.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# How the OpenAPI document states those years: a day of them (with format date), an instant of them (with format
# date-time; the API also reads an instant without an offset as the tenant's local time, which RFC 3339 has no
# words for). The year is the one written, before any conversion to UTC.
_YEARS_DAY = r"(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DAY_PATTERN = f"^{_YEARS_DAY}$"
INSTANT_PATTERN = (
    f"^{_YEARS_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{{1,6}})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])$"
)
DAY_OPENAPI = {
    "type": "string",
    "format": "date",
    "pattern": DAY_PATTERN,
    "description": f"A day of the years {EARLIEST_YEAR} to {LATEST_YEAR}.",
}
# The words a staff list searches for (service.work_queue.query.ListQuerySchema): no control character.
MAX_SEARCH = 200  # longer than any reference, title (300 would be a whole title) or name worth typing
SEARCH_OPENAPI = {"type": "string", "maxLength": MAX_SEARCH, "pattern": "^[^\\u0000-\\u001f\\u007f]*$"}
# Shared by parameters written in the views' docstrings: components/schemas/Day and SearchWords (service.api.openapi).
DAY_REF, SEARCH_REF = "#/components/schemas/Day", "#/components/schemas/SearchWords"


def _check_year(value: datetime) -> None:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR)
        )


def local_instant(naive: datetime) -> datetime:
    """A wall-clock time in the tenant's zone as a UTC instant; refused when the clock skips or repeats it."""
    _check_year(naive)
    zone = current_tenant().zone
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Skipped when clocks go forward, repeated when they go back: the two folds disagree.
        raise ValidationError(
            _(
                "This time does not exist or occurs twice in %(zone)s because of daylight saving time. Choose another.",
                zone=zone_name(),
            )
        )
    return first.astimezone(UTC)


class TenantInstant(fields.DateTime):
    """ISO 8601; without an offset it is the tenant's local time. Stored and answered in UTC."""

    OPENAPI = {
        "type": "string",
        "format": "date-time",
        "pattern": INSTANT_PATTERN,
        "description": f"An instant of the years {EARLIEST_YEAR} to {LATEST_YEAR} (the year as written); without "
        "an offset, the tenant's local time.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is None:
            return local_instant(parsed)
        _check_year(parsed)
        return parsed.astimezone(UTC)


class ProgrammeDate(fields.Date):
    """A calendar day of the programme's years (a project's start or end)."""

    OPENAPI = DAY_OPENAPI

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        _check_year(day)
        return day
