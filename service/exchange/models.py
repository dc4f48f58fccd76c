"""The Commission's monthly accounting rates: shared by every tenant (no tenant_id), versioned per month.

A month's rate is never overwritten: a correction is a new version and the old one stays, so a figure
converted earlier can always show the rate it used (the table is append-only for the application's
database role, service.migrations.runner).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import UTCDateTime, utcnow

RATE = Numeric(19, 8, asdecimal=True)  # units of the currency per 1 EUR, e.g. 11.4915 SEK


class ExchangeRate(db.Model):
    """One version of the rate of a currency for a month (InforEuro: units of the currency per 1 EUR)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "month", "version"),
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint("version > 0", name="version_positive"),
        Index("ix_exchange_rates_month_currency", "month", "currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    version: Mapped[int] = mapped_column(default=1)
    rate: Mapped[Decimal] = mapped_column(RATE)
    source: Mapped[str] = mapped_column(String(500))  # the file or page the rate was read from
    unverified: Mapped[bool] = mapped_column(default=False)  # not yet checked against the Commission's figure
    correction_reason: Mapped[str] = mapped_column(Text, default="")  # why a version after the first exists
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(254), default="")  # who loaded it (the audit actor's label)
