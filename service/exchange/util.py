"""Reading the loaded rates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from service.exchange.models import ExchangeRate
from service.extensions import db


def rates(*, currency: str | None = None, month: date | None = None, limit: int | None = None) -> list[ExchangeRate]:
    """Every version, newest month first, then by currency and version."""
    query = select(ExchangeRate)
    if currency is not None:
        query = query.where(ExchangeRate.currency == currency)
    if month is not None:
        query = query.where(ExchangeRate.month == month)
    query = query.order_by(ExchangeRate.month.desc(), ExchangeRate.currency, ExchangeRate.version)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def current_versions() -> dict[tuple[str, date], int]:
    """The newest version of each currency and month: which rows are the ones in force."""
    rows = db.session.execute(
        select(ExchangeRate.currency, ExchangeRate.month, func.max(ExchangeRate.version)).group_by(
            ExchangeRate.currency, ExchangeRate.month
        )
    )
    return {(currency, month): version for currency, month, version in rows}
