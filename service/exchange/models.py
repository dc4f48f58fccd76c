"""The Commission's monthly accounting rates: shared by every tenant (no tenant_id), versioned per month.

A month's rate is never overwritten: a correction is a new version and the old one stays, so a figure
converted earlier can always show the rate it used (the table is append-only for the application's
database role, service.migrations.runner).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
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


class RateAlert(db.Model):
    """A rate missing for a month in use: one per currency and month, open until the rate is loaded.

    Platform data like the rates themselves (no tenant_id, no row-level security): whichever tenant's request or
    job finds the rate missing records it, and the platform administrator, who sees no tenant's rows, reads it.
    It holds no tenant data beyond which tenants need the rate and for what (``RateAlertNeed``).
    """

    __tablename__ = "exchange_rate_alerts"
    __audit__ = False  # operational: touched by every conversion that finds the rate missing
    __table_args__ = (UniqueConstraint("currency", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when a rate of the month was loaded
    mail_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a delivery is under way
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the administrators were told


class RateAlertNeed(db.Model):
    """Who needs the rate of an alert, and for what: a tenant's code and a short label such as "claims"."""

    __tablename__ = "exchange_rate_alert_needs"
    __audit__ = False
    __table_args__ = (UniqueConstraint("alert_id", "tenant_code", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("exchange_rate_alerts.id", ondelete="CASCADE"))
    tenant_code: Mapped[str] = mapped_column(String(8))
    purpose: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
