"""An application to a call: a draft that organisation members edit, then frozen snapshots.

Text sections live in ``sections`` with per-field versions (who changed what, when), so two
people editing different sections both save, and the same section edited twice answers 409.
Budget lines, partners and indicators are rows with their own optimistic version.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

# draft -> submitted -> supplement_requested -> submitted (again) ... -> granted | rejected (by a decision;
# the assessment's stages in between are derived from its records: service.assessment.operations.stage).
STATUSES = ("draft", "submitted", "supplement_requested", "granted", "rejected")


class Application(TenantOwned, db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "call_id"], ["calls.tenant_id", "calls.id"]),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "reference"),
        Index("ix_applications_organisation", "tenant_id", "organisation_id"),  # an organisation's applications
        Index("ix_applications_call", "tenant_id", "call_id"),  # a call's applications (lists, counts, ranking)
    )
    __audit_exclude__ = {"version", "field_versions"}

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int]
    organisation_id: Mapped[int]
    reference: Mapped[str | None] = mapped_column(String(40))  # given at first submission
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(24), default="draft")
    sections: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> text
    # field -> {"version": n, "by": "name <e-mail>", "at": iso instant}: what changed since you read it
    field_versions: Mapped[dict] = mapped_column(JSON, default=dict)
    project_start: Mapped[date | None] = mapped_column(Date)
    project_end: Mapped[date | None] = mapped_column(Date)
    # Computed from the budget lines on every change (service.applications.budget).
    direct_costs: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    indirect_costs: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    total_cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    eu_amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    own_contribution: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    # Private funding, part of the own contribution; on a call whose rate applies to the public
    # eligible cost the EU share is the rate of the total less this (AMIF Art. 15).
    private_funding: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The classification (service.classification): specific objective and AMIF Annex VI intervention field
    # code, as the applicant proposed it and as the case officer confirmed or corrected it (who, when, why).
    proposed_objective: Mapped[str | None] = mapped_column(String(8))
    proposed_intervention: Mapped[str | None] = mapped_column(String(8))
    confirmed_objective: Mapped[str | None] = mapped_column(String(8))
    confirmed_intervention: Mapped[str | None] = mapped_column(String(8))
    confirmation_reason: Mapped[str] = mapped_column(Text, default="")
    confirmed_by: Mapped[int | None]
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="application", order_by="(BudgetLine.year, BudgetLine.id)", cascade="all, delete-orphan"
    )
    partners: Mapped[list[Partner]] = relationship(
        back_populates="application", order_by="Partner.id", cascade="all, delete-orphan"
    )
    indicators: Mapped[list[PlannedIndicator]] = relationship(
        back_populates="application", order_by="PlannedIndicator.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    submissions: Mapped[list[Submission]] = relationship(back_populates="application", order_by="Submission.sequence")
    supplement_requests: Mapped[list[SupplementRequest]] = relationship(
        back_populates="application", order_by="SupplementRequest.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def editable(self) -> bool:
        return self.status in ("draft", "supplement_requested")


def _child_of_application(table: str, *, indexed: bool = True):
    """The part's foreign key to its application, and the index that finds an application's parts (read at every
    read and submit of it: without the index, each read scanned all the tenant's parts of that kind)."""
    key = ForeignKeyConstraint(["tenant_id", "application_id"], ["applications.tenant_id", "applications.id"])
    return (key, Index(f"ix_{table}_application", "tenant_id", "application_id")) if indexed else (key,)


class BudgetLine(TenantOwned, db.Model):
    """One cost of one project year. Staff: a fixed percentage of the monthly gross cost for some
    months, or hours at an hourly rate of annual gross cost / 1 720 (CPR Art. 55(2); seed 004)."""

    __tablename__ = "budget_lines"
    __table_args__ = _child_of_application("budget_lines")

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    year: Mapped[int]
    category: Mapped[str] = mapped_column(String(24))  # service.applications.budget.CATEGORIES
    description: Mapped[str] = mapped_column(String(300), default="")
    staff_method: Mapped[str | None] = mapped_column(String(16))  # percentage | hourly
    monthly_gross: Mapped[Decimal | None] = mapped_column(MONEY)
    percentage: Mapped[Decimal | None] = mapped_column(MONEY)
    months: Mapped[int | None]
    annual_gross: Mapped[Decimal | None] = mapped_column(MONEY)
    hours: Mapped[int | None]
    # Unit costs (CPR Art. 53(1)(b)): the description names the unit; amount = units × unit_amount.
    unit_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    units: Mapped[Decimal | None] = mapped_column(MONEY)
    amount: Mapped[Decimal] = mapped_column(MONEY)  # entered, or computed for staff and unit costs
    version: Mapped[int] = mapped_column(default=1)

    application: Mapped[Application] = relationship(back_populates="budget_lines")

    __mapper_args__ = {"version_id_col": version}


class Partner(TenantOwned, db.Model):
    __tablename__ = "application_partners"
    __table_args__ = _child_of_application("application_partners")

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(Text, default="")
    budget_share: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))  # of the total cost
    version: Mapped[int] = mapped_column(default=1)

    application: Mapped[Application] = relationship(back_populates="partners")

    __mapper_args__ = {"version_id_col": version}


class PlannedIndicator(TenantOwned, db.Model):
    """A common indicator of the call with a planned value, or the project's own indicator."""

    __tablename__ = "planned_indicators"
    __table_args__ = _child_of_application("planned_indicators")

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    indicator_code: Mapped[str | None] = mapped_column(String(16))  # None: a project indicator
    name: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")
    planned_value: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(default=1)

    application: Mapped[Application] = relationship(back_populates="indicators")

    __mapper_args__ = {"version_id_col": version}


class Attachment(TenantOwned, db.Model):
    __tablename__ = "attachments"
    __table_args__ = _child_of_application("attachments")

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))  # a required attachment's key of the call, or "other"
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="attachments")


class StoredFile(TenantOwned, db.Model):
    """File content, stored once per tenant by its SHA-256 (content-addressed, so never overwritten)."""

    __tablename__ = "stored_files"
    __table_args__ = (UniqueConstraint("tenant_id", "sha256"),)
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Submission(TenantOwned, db.Model):
    """An immutable snapshot of the application as submitted (first submission or a supplement)."""

    __tablename__ = "application_submissions"
    # The unique constraint's index finds an application's submissions.
    __table_args__ = (
        *_child_of_application("application_submissions", indexed=False),
        UniqueConstraint("tenant_id", "application_id", "sequence"),
    )
    __audit_exclude__ = {"content"}

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    sequence: Mapped[int]  # 1 = the submission, 2.. = answers to supplement requests
    kind: Mapped[str] = mapped_column(String(16))  # submission | supplement
    receipt: Mapped[str] = mapped_column(String(60))  # the reference shown on the receipt
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))

    application: Mapped[Application] = relationship(back_populates="submissions")


class SupplementRequest(TenantOwned, db.Model):
    """The MA asks for more on a submitted application, by a deadline (default 5 working days)."""

    __tablename__ = "supplement_requests"
    __table_args__ = _child_of_application("supplement_requests")

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by: Mapped[int]
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_sequence: Mapped[int | None]

    application: Mapped[Application] = relationship(back_populates="supplement_requests")
