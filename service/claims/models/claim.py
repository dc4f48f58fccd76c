"""A payment claim: the actual costs a beneficiary paid in one claim period, line by line against the approved
budget's cost categories, each line with its evidence. A submitted claim is frozen (a submission row with its
content and hash is the receipt); a claim returned for supplements is changed and submitted again."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Date, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money.columns import MONEY, RATE
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

STATUSES = ("draft", "submitted", "returned", "verified")
# Cost categories of a claim line: the budget's (service.applications.budget.CATEGORIES). Indirect costs are
# never a line: they are the flat rate of the direct costs, computed. Unit costs and lump sums are the budget's
# simplified cost options (service.claims.simplified).
LINE_CATEGORIES = ("staff", "travel", "equipment", "external_services", "other", "unit_costs", "lump_sums")
STAFF_METHODS = ("percentage", "hourly")


class Claim(TenantOwned, db.Model):
    __tablename__ = "claims"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "project_id", "sequence"),
        UniqueConstraint("tenant_id", "project_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    organisation_id: Mapped[int]  # the beneficiary (the project's), kept here to list a member's claims
    sequence: Mapped[int]
    reference: Mapped[str] = mapped_column(String(80))  # <project reference>-C<sequence>
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    final: Mapped[bool] = mapped_column(default=False)  # the claim of the period that ends the project
    status: Mapped[str] = mapped_column(String(16), default="draft")
    currency: Mapped[str] = mapped_column(String(3))
    # The financing the claim's lines are paid at: the project's when the claim was created (a line carried
    # from an earlier claim keeps its own claim's, service.claims.rules).
    eligible_cost: Mapped[Decimal] = mapped_column(MONEY)
    cofinanced_cost: Mapped[Decimal] = mapped_column(MONEY)
    eu_amount: Mapped[Decimal] = mapped_column(MONEY)
    indirect_rate: Mapped[Decimal] = mapped_column(RATE)
    supplement_message: Mapped[str] = mapped_column(Text, default="")
    supplement_deadline: Mapped[date | None] = mapped_column(Date)
    returned_by: Mapped[int | None]
    verified_by: Mapped[int | None]
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    lines: Mapped[list[ClaimLine]] = relationship(
        back_populates="claim", order_by="ClaimLine.id", cascade="all, delete-orphan"
    )
    submissions: Mapped[list[ClaimSubmission]] = relationship(order_by="ClaimSubmission.sequence")

    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = {"version", "updated_at"}

    @property
    def editable(self) -> bool:
        return self.status in ("draft", "returned")


class ClaimLine(TenantOwned, db.Model):
    """One cost: what, when, how much, in the tenant's currency; staff costs computed from their basis."""

    __tablename__ = "claim_lines"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        ForeignKeyConstraint(["tenant_id", "carried_from_id"], ["claim_lines.tenant_id", "claim_lines.id"]),
        UniqueConstraint("tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int]
    category: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(300))
    supplier: Mapped[str] = mapped_column(String(200), default="")  # or the employee's role for staff
    document_number: Mapped[str] = mapped_column(String(60), default="")  # invoice or voucher number
    expense_date: Mapped[date] = mapped_column(Date)  # paid on; inside the project period
    staff_method: Mapped[str | None] = mapped_column(String(16))
    monthly_gross: Mapped[Decimal | None] = mapped_column(MONEY)
    percentage: Mapped[Decimal | None] = mapped_column(RATE)
    months: Mapped[int | None]
    annual_gross: Mapped[Decimal | None] = mapped_column(MONEY)
    basis_hours: Mapped[int | None]  # the hours the hourly rate was computed on (1 720, pro rata for part time)
    hours: Mapped[Decimal | None] = mapped_column(MONEY)
    # A unit cost or lump sum of the approved budget (service.claims.simplified.Option.key); for a unit cost the
    # units delivered and the budget's amount per unit.
    option: Mapped[str | None] = mapped_column(String(16))
    units: Mapped[Decimal | None] = mapped_column(MONEY)
    unit_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    amount: Mapped[Decimal] = mapped_column(MONEY)  # typed; computed for staff and unit costs; a lump sum's own
    # A line parked in an earlier claim and carried into this one: it keeps that claim's rate.
    carried_from_id: Mapped[int | None]
    rate_claim_id: Mapped[int | None]  # the claim whose financing pays this line (None: its own claim's)
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="lines")
    evidence: Mapped[list[ClaimEvidence]] = relationship(order_by="ClaimEvidence.id", cascade="all, delete-orphan")

    @property
    def year(self) -> int:
        return self.expense_date.year


class ClaimEvidence(TenantOwned, db.Model):
    """An invoice, payslip or timesheet behind a line; its bytes are the tenant's stored files (by SHA-256)."""

    __tablename__ = "claim_evidence"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "line_id"], ["claim_lines.tenant_id", "claim_lines.id"]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(24))  # invoice | payslip | timesheet | assignment | payment | other
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimSubmission(TenantOwned, db.Model):
    """The claim as submitted, frozen (append-only): the receipt is its reference and content hash."""

    __tablename__ = "claim_submissions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        UniqueConstraint("tenant_id", "claim_id", "sequence"),
    )
    __audit_exclude__ = {"content"}

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int]
    sequence: Mapped[int]  # 1 = the claim, 2.. = after a return for supplements
    receipt: Mapped[str] = mapped_column(String(90))
    submitted_by: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content: Mapped[dict] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))
