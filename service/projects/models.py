"""A project (an "operation" in the regulations) is a granted application. What was decided (period,
approved budget and financing plan, indicator targets) is its baseline, version 1; every later change
is a new version (an amendment, or a corrected decision) and no version is ever changed in place."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money import Financing
from service.money.columns import MONEY, RATE
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

STATUSES = ("active", "cancelled")
VERSION_KINDS = ("baseline", "amendment", "decision")


class Project(TenantOwned, db.Model):
    __tablename__ = "projects"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "application_id"], ["applications.tenant_id", "applications.id"]),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "call_id"], ["calls.tenant_id", "calls.id"]),
        UniqueConstraint("tenant_id", "application_id"),
        UniqueConstraint("tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    call_id: Mapped[int]
    organisation_id: Mapped[int]
    reference: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="active")
    # The current period, as of the latest version (kept here to list and filter projects).
    project_start: Mapped[date] = mapped_column(Date)
    project_end: Mapped[date] = mapped_column(Date)
    # The classification the application had when granted (confirmed, else proposed): service.classification.
    specific_objective: Mapped[str | None] = mapped_column(String(8))
    intervention_field: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    versions: Mapped[list[ProjectVersion]] = relationship(back_populates="project", order_by="ProjectVersion.sequence")

    __mapper_args__ = {"version_id_col": version}

    @property
    def baseline(self) -> ProjectVersion:
        return self.versions[0]

    @property
    def current(self) -> ProjectVersion:
        return self.versions[-1]

    @property
    def financing(self) -> Financing | None:
        """The financing in force: the latest version's (every payment splits at its rate)."""
        return self.current.financing


class ProjectVersion(TenantOwned, db.Model):
    """One version of the project's plan (append-only): 1 is the baseline of the grant decision."""

    __tablename__ = "project_versions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        UniqueConstraint("tenant_id", "project_id", "sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))  # baseline | amendment | decision
    decision_id: Mapped[int | None]  # the decision this version comes from, if any
    content: Mapped[dict] = mapped_column(JSON)
    # The financing this version approves, typed (the content keeps the same figures as text for the record).
    currency: Mapped[str | None] = mapped_column(String(3))
    eligible_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    cofinanced_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    eu_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    cofinancing_rate: Mapped[Decimal | None] = mapped_column(RATE)
    content_sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="versions")

    @property
    def financing(self) -> Financing | None:
        return Financing.of(self.currency, self.eligible_cost, self.cofinanced_cost, self.eu_amount)
