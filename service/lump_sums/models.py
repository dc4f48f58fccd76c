"""SO4 lump sums (AMIF Arts. 19–20): what the Union pays the member state per person resettled, admitted on
humanitarian grounds or transferred.

The amounts per person are shared reference data, versioned by ``valid_from`` (:class:`LumpSumAmount`). The
managing authority records, per month and category, how many persons (:class:`LumpSumRecord`), with the
amount per person of the version in force for that month frozen on the record. A record is never changed: a
correction is a new record that names the one it corrects, and the latest of each month and category counts.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money import Money
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

EURO = "EUR"  # the lump sums are fixed in euro by the regulation
CATEGORIES = (
    "resettlement",
    "humanitarian_admission",
    "humanitarian_admission_vulnerable",
    "transfer_in",  # the receiving member state
    "transfer_out",  # the member state bearing the cost of the transfer
)
MAX_PERSONS = 100_000  # per month and category: far above any member state's monthly figure, below any typo of 10^6


class LumpSumAmount(db.Model):
    """One version of the amount per person of a category, shared by every tenant (no tenant_id)."""

    __tablename__ = "lump_sum_amounts"
    __table_args__ = (
        UniqueConstraint("category", "valid_from"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)  # the first month this amount applies to
    amount: Mapped[Decimal] = mapped_column(MONEY)  # EUR per person
    source: Mapped[str] = mapped_column(String(500))  # the legal text it comes from
    unverified: Mapped[list] = mapped_column(JSON, default=list)  # what is not checked against the regulation
    note: Mapped[str] = mapped_column(String(500), default="")


class LumpSumRecord(TenantOwned, db.Model):
    """The number of persons of one category in one month (append-only; a correction is a new record)."""

    __tablename__ = "lump_sum_records"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        # A record is corrected at most once, so the corrections of a month and category form one line.
        UniqueConstraint("tenant_id", "corrects_id"),
        ForeignKeyConstraint(["tenant_id", "corrects_id"], ["lump_sum_records.tenant_id", "lump_sum_records.id"]),
        CheckConstraint(f"persons >= 0 AND persons <= {MAX_PERSONS}", name="persons_range"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        # One first record per month and category; everything after it is a correction.
        Index(
            "uq_lump_sum_records_first",
            "tenant_id",
            "month",
            "category",
            unique=True,
            postgresql_where=text("corrects_id IS NULL"),
            sqlite_where=text("corrects_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    category: Mapped[str] = mapped_column(String(40))
    persons: Mapped[int]
    amount_id: Mapped[int] = mapped_column(ForeignKey("lump_sum_amounts.id"))  # the version in force, kept
    amount_per_person: Mapped[Decimal] = mapped_column(MONEY)  # EUR, frozen from that version
    total: Mapped[Decimal] = mapped_column(MONEY)  # EUR: persons × amount per person
    note: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None]
    recorded_by: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    evidence: Mapped[list[LumpSumEvidence]] = relationship(order_by="LumpSumEvidence.id", viewonly=True)

    @property
    def total_money(self) -> Money:
        return Money(self.total, EURO)


class LumpSumEvidence(TenantOwned, db.Model):
    """A file proving a record (a decision list, a transfer report); its bytes are a stored file."""

    __tablename__ = "lump_sum_evidence"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "record_id"], ["lump_sum_records.tenant_id", "lump_sum_records.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
