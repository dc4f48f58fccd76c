"""A call for proposals (FACTS.md "Calls, assessment, decisions"; seeds 000 §3.2 and 001)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money.columns import MONEY, RATE
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

STATUSES = ("draft", "published", "closed")


class Call(TenantOwned, db.Model):
    __tablename__ = "calls"
    __table_args__ = (UniqueConstraint("tenant_id", "reference"), UniqueConstraint("tenant_id", "id"))
    __audit_exclude__ = {"version"}

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # {language: {"title": .., "summary": .., "body": ..}}; the tenant's default language is required.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"objective": "SO2", "label": {language: text}}]: measures / types of intervention covered.
    measures: Mapped[list] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3))
    budget: Mapped[Decimal] = mapped_column(MONEY)
    cofinancing_rate: Mapped[Decimal] = mapped_column(RATE)  # EU share in %, AMIF Art. 15: 75 / 90 / 100
    cofinancing_basis: Mapped[str] = mapped_column(String(16), default="total")  # total | public eligible cost
    indirect_rate: Mapped[Decimal] = mapped_column(RATE, default=Decimal("7.00"))  # CPR Art. 54(a): up to 7 %
    competitive: Mapped[bool] = mapped_column(default=True)
    eligible_organisation_types: Mapped[list] = mapped_column(JSON, default=list)
    # Non-competitive calls: [{"number": "2021000001", "name": "Migrationsverket"}], matched on the number.
    addressed_organisations: Mapped[list] = mapped_column(JSON, default=list)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    project_start_earliest: Mapped[date | None] = mapped_column(Date)
    project_end_latest: Mapped[date | None] = mapped_column(Date)
    max_duration_months: Mapped[int | None]
    min_grant: Mapped[Decimal | None] = mapped_column(MONEY)
    max_grant: Mapped[Decimal | None] = mapped_column(MONEY)
    # {"criteria": [{"key", "label": {lang}, "scale": [0, 5, 10] | {"min": 0, "max": 30}}],
    #  "reject_on_zero": true, "minimum_total": 65}
    assessment: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"key": "mandate", "label": {language: text}}]
    required_attachments: Mapped[list] = mapped_column(JSON, default=list)
    indicator_codes: Mapped[list] = mapped_column(JSON, default=list)  # common indicators applicants may choose
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    objectives: Mapped[list[CallObjective]] = relationship(
        back_populates="call", order_by="CallObjective.objective_code", cascade="all, delete-orphan"
    )
    changes: Mapped[list[CallChange]] = relationship(
        back_populates="call", order_by="CallChange.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def text(self, language: str, default_language: str, part: str = "title") -> str:
        chosen = self.texts.get(language) or {}
        return chosen.get(part) or (self.texts.get(default_language) or {}).get(part) or ""

    def is_open(self, now: datetime) -> bool:
        return self.status == "published" and self.opens_at <= now < self.closes_at

    @property
    def objective_codes(self) -> list[str]:
        return [o.objective_code for o in self.objectives]


class CallObjective(TenantOwned, db.Model):
    """A specific objective the call covers, with its share of the call budget when split."""

    __tablename__ = "call_objectives"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "call_id"], ["calls.tenant_id", "calls.id"], ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "call_id", "objective_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int]
    objective_code: Mapped[str] = mapped_column(String(8))
    budget: Mapped[Decimal | None] = mapped_column(MONEY)

    call: Mapped[Call] = relationship(back_populates="objectives")


class CallChange(TenantOwned, db.Model):
    """A change to a published call that applicants rely on (closing instant, budget, ...): shown publicly."""

    __tablename__ = "call_changes"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "call_id"], ["calls.tenant_id", "calls.id"], ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(254), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship(back_populates="changes")
