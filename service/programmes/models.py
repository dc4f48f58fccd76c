"""A tenant's national programme (CPR Art. 22; AMIF Art. 13)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import JSON, BigInteger, ForeignKeyConstraint, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.tenancy.model_base import TenantOwned

# Up to 10^13 - 0.01: a programme's euro budget fits comfortably; the API validates first.
MONEY = Numeric(15, 2, asdecimal=True)


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
