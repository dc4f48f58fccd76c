"""Payments to a beneficiary and recoveries from one.

A payment is prepared by one person, approved by another and confirmed as paid by a third (segregation of
duties, enforced in service.claims.payments). Its figures are fixed when prepared: the EU share the claim's
verified expenditure entitles to (capped at the grant less what earlier payments used), the advance cleared
against it, the amount owed offset, and what is transferred. A recovery reduces declared expenditure and
creates an amount owed, followed until repaid or offset; neither ever changes a verified claim."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

PAYMENT_KINDS = ("advance", "interim", "final")
PAYMENT_STATUSES = ("prepared", "approved", "paid", "returned")


class Payment(TenantOwned, db.Model):
    __tablename__ = "payments"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "reference"),
        # A claim is paid once: one payment of it prepared, approved or paid at a time.
        Index(
            "uq_payments_one_per_claim",
            "tenant_id",
            "claim_id",
            unique=True,
            postgresql_where=text("status <> 'returned'"),
            sqlite_where=text("status <> 'returned'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    claim_id: Mapped[int | None]  # None for an advance
    reference: Mapped[str] = mapped_column(String(80))  # <project reference>-P<n>
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="prepared")
    currency: Mapped[str] = mapped_column(String(3))
    entitlement: Mapped[Decimal] = mapped_column(MONEY)  # the EU share due for the claim (0 for an advance)
    cleared: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))  # advance counted against it
    offset: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))  # amount owed netted against it
    amount: Mapped[Decimal] = mapped_column(MONEY)  # transferred: entitlement - cleared - offset, or the advance
    # The final balance: the advance outstanding this payment does not clear, owed back from then on.
    advance_owed: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"), server_default="0")
    note: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[int]
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by: Mapped[int | None]
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by: Mapped[int | None]  # who confirmed the transfer
    paid_on: Mapped[date | None] = mapped_column(Date)
    returned_by: Mapped[int | None]
    return_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = {"version"}


class Recovery(TenantOwned, db.Model):
    __tablename__ = "recoveries"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    claim_id: Mapped[int | None]  # the claim whose expenditure is found irregular, if one
    reference: Mapped[str] = mapped_column(String(80))  # <project reference>-R<n>
    irregularity: Mapped[str] = mapped_column(String(40))  # the tenant's irregularity codes (claims.toml)
    suspected_fraud: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3))
    expenditure: Mapped[Decimal] = mapped_column(MONEY)  # declared expenditure withdrawn
    eu_amount: Mapped[Decimal] = mapped_column(MONEY)  # owed back: its EU share
    recorded_by: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
