"""Working days in the tenant's country, for supplement deadlines (5 working days by default)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays

# "An incomplete application may be given 5 working days to be supplemented" (FACTS.md, Swedish MA).
SUPPLEMENT_WORKING_DAYS = 5


def is_working_day(day: date, country: str) -> bool:
    """Monday to Friday and not a public holiday of the country (the `holidays` package's calendar)."""
    return day.weekday() < 5 and day not in holidays.country_holidays(country, years=day.year)


def add_working_days(start: date, days: int, country: str) -> date:
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, country):
            counted += 1
    return day


def supplement_deadline(requested_at: datetime, tenant, days: int = SUPPLEMENT_WORKING_DAYS) -> datetime:
    """The end (23:59:59 local time) of the ``days``-th working day after the request, as a UTC instant."""
    local_day = requested_at.astimezone(tenant.zone).date()
    last = add_working_days(local_day, days, tenant.country)
    return datetime.combine(last, time(23, 59, 59), tzinfo=tenant.zone).astimezone(UTC)
