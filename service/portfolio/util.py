"""Reading the portfolio's request: the day it is asked for, and who may read it."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError

from service.tenancy.current import tenant_today

# As the statistics (service.statistics.api.READERS): the MA's staff and the monitoring committee.
READERS = ("ma_admin", "case_officer", "committee")


def today() -> date:
    return tenant_today()


def as_of_arg(args) -> date:
    """``?as_of=YYYY-MM-DD`` (default: today in the tenant's time zone); malformed or in the future: 422."""
    raw = (args.get("as_of") or "").strip()
    if not raw:
        return today()
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({"as_of": [_("Give the day as YYYY-MM-DD, for example 2023-12-31.")]}) from None
    if day > today():
        raise ValidationError({"as_of": [_("The day cannot be in the future.")]})
    return day
