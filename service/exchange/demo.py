"""Illustrative exchange rates for the demo (``amif demo``; never in production), from ``[exchange]`` in
``tenants/<code>/demo.toml``.

The demo's history reaches back months before the day it is loaded (service.tenancy.clock), and every amount in a
currency other than the euro is converted at the rate of its month (CPR Art. 87). The Commission's rates (InforEuro)
are reference data loaded by the platform administrator; none are shipped that could not be checked
(service/exchange/data). So that the demo's figures have euro equivalents, the demo loads a rate for each month from
the first it plays to the current one: the same illustrative figure every month, marked unverified and named as the
demo's, never as the Commission's. A month that already has a rate (the Commission's or an earlier demo's) is left
as it is: loading the demo again changes nothing."""

from __future__ import annotations

from datetime import date

from flask import current_app

from service.exchange.files import RateRow
from service.exchange.operations import current_rate, load_rates
from service.exchange.rules import first_of_month, month_text, parse_rate

DEMO_RATE_SOURCE = "AMIF Hub demo: illustrative {currency} rates, not the Commission's InforEuro figures"


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first``'s to ``last``'s, both included, as first days."""
    month, end, months = first_of_month(first), first_of_month(last), []
    while month <= end:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def load_demo_rates(tenant, rate: str | None, *, since: date, until: date) -> list[str]:
    """The demo's rate (units of the tenant's currency per 1 EUR) for each month from ``since`` to ``until`` that
    has none; nothing for the euro. Returns "YYYY-MM" of the months loaded."""
    if current_app.config["AMIF_ENV"] == "production":
        raise RuntimeError("demo data is never loaded in production")
    if tenant.currency == "EUR" or not rate:
        return []
    value = parse_rate(rate)
    rows = [
        RateRow(number, tenant.currency, month, value, unverified=True)
        for number, month in enumerate(months_between(since, until), start=1)
        if current_rate(tenant.currency, month) is None
    ]
    if rows:
        load_rates(rows, source=DEMO_RATE_SOURCE.format(currency=tenant.currency))
    return [month_text(row.month) for row in rows]
