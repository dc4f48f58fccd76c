"""A tenant's national programme (CPR Art. 22; AMIF Art. 13)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

# Up to 10^13 - 0.01: a programme's euro budget fits comfortably; the API validates first.


class Programme(TenantOwned, db.Model):
    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("tenant_id", "cci"), UniqueConstraint("tenant_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cci: Mapped[str] = mapped_column(String(32))  # e.g. 2021SE65AMPR001
    title: Mapped[dict] = mapped_column(JSON)
    period_start: Mapped[int]
    period_end: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")  # programmes are in euro
    version: Mapped[int] = mapped_column(default=1)
    demo_values: Mapped[bool] = mapped_column(default=False)

    allocations: Mapped[list[ProgrammeAllocation]] = relationship(
        back_populates="programme", order_by="ProgrammeAllocation.position", cascade="all, delete-orphan"
    )
    indicators: Mapped[list[ProgrammeIndicator]] = relationship(
        back_populates="programme", order_by="ProgrammeIndicator.position", cascade="all, delete-orphan"
    )
    specific_indicators: Mapped[list[ProgrammeSpecificIndicator]] = relationship(
        back_populates="programme", order_by="ProgrammeSpecificIndicator.position", cascade="all, delete-orphan"
    )

    def label(self, language: str, default_language: str) -> str:
        return self.title.get(language) or self.title.get(default_language) or self.cci


class ProgrammeAllocation(TenantOwned, db.Model):
    """EU contribution and national co-financing for one specific objective or TA, in EUR."""

    __tablename__ = "programme_allocations"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "programme_id"], ["programmes.tenant_id", "programmes.id"]),
        UniqueConstraint("tenant_id", "programme_id", "objective_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    objective_code: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(default=0)
    eu_contribution: Mapped[Decimal] = mapped_column(MONEY)
    national_cofinancing: Mapped[Decimal] = mapped_column(MONEY)

    programme: Mapped[Programme] = relationship(back_populates="allocations")

    @property
    def total(self) -> Decimal:
        return self.eu_contribution + self.national_cofinancing


class ProgrammeIndicator(TenantOwned, db.Model):
    """A common indicator the programme uses, with its end-2024 milestone and end-2029 target (CPR Art. 16)."""

    __tablename__ = "programme_indicators"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "programme_id"], ["programmes.tenant_id", "programmes.id"]),
        UniqueConstraint("tenant_id", "programme_id", "indicator_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    indicator_code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    milestone_2024: Mapped[int] = mapped_column(BigInteger, default=0)
    target_2029: Mapped[int] = mapped_column(BigInteger, default=0)

    programme: Mapped[Programme] = relationship(back_populates="indicators")


class ProgrammeSpecificIndicator(TenantOwned, db.Model):
    """An indicator of the programme's own, beside the common ones; not reported to the Commission."""

    __tablename__ = "programme_specific_indicators"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "programme_id"], ["programmes.tenant_id", "programmes.id"]),
        UniqueConstraint("tenant_id", "programme_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[dict] = mapped_column(JSON)  # language -> name, one per tenant language
    unit: Mapped[str] = mapped_column(String(60))
    milestone_2024: Mapped[int] = mapped_column(BigInteger, default=0)
    target_2029: Mapped[int] = mapped_column(BigInteger, default=0)

    programme: Mapped[Programme] = relationship(back_populates="specific_indicators")


class ProgrammeVersion(TenantOwned, db.Model):
    """What the programme held after one saved change, who saved it, when and why. Append-only.

    ``snapshot`` is the whole content (budgets as decimal strings, indicators), so a version
    reads the same whatever happens to the live rows or the catalogue afterwards.
    """

    __tablename__ = "programme_versions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "programme_id"], ["programmes.tenant_id", "programmes.id"]),
        ForeignKeyConstraint(["tenant_id", "saved_by"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "programme_id", "number"),
    )
    __audit_exclude__ = {"snapshot"}  # the version is its own record; the audit entry names it

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    number: Mapped[int]
    origin: Mapped[str] = mapped_column(String(8))  # "file": programme.toml via sync; "app": edited in the app
    saved_by: Mapped[int | None]  # the user; None when loaded from the file
    saved_by_label: Mapped[str] = mapped_column(String(254), default="")
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[dict] = mapped_column(JSON)
