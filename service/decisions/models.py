"""A decision on an application: a grant (eligible cost, EU amount, rate, period, conditions, accepted
indicator targets) or a rejection (its reasons). Prepared by one person, approved by another; an
approved decision is never edited: a correction is a new decision that references it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.money import Financing
from service.money.columns import MONEY, RATE
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

KINDS = ("grant", "rejection")
STATUSES = ("prepared", "approved", "returned")
# Why an application is rejected. "ineligible" carries the formal check's reasons, "failed_rules" the
# call's rules the consolidated score fails; "score" and "budget_exhausted" are the ranking's.
REJECTION_REASONS = ("ineligible", "failed_rules", "score", "budget_exhausted")


class Decision(TenantOwned, db.Model):
    __tablename__ = "decisions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "application_id"], ["applications.tenant_id", "applications.id"]),
        ForeignKeyConstraint(["tenant_id", "call_id"], ["calls.tenant_id", "calls.id"]),
        ForeignKeyConstraint(["tenant_id", "corrects_id"], ["decisions.tenant_id", "decisions.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "reference"),
        # One decision in preparation per application at a time, and a decision is corrected once.
        Index(
            "uq_decisions_one_prepared",
            "tenant_id",
            "application_id",
            unique=True,
            postgresql_where=text("status = 'prepared'"),
            sqlite_where=text("status = 'prepared'"),
        ),
        Index(
            "uq_decisions_corrected_once",
            "tenant_id",
            "corrects_id",
            unique=True,
            postgresql_where=text("status = 'approved'"),
            sqlite_where=text("status = 'approved'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    call_id: Mapped[int]
    reference: Mapped[str | None] = mapped_column(String(60))  # given on approval: <application>-D<n>
    kind: Mapped[str] = mapped_column(String(16))  # grant | rejection
    status: Mapped[str] = mapped_column(String(16), default="prepared")  # prepared | approved | returned
    currency: Mapped[str] = mapped_column(String(3))
    # A grant.
    eligible_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    eu_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    # The cost the rate applies to, on the call's basis: the eligible cost, or its public part (AMIF Art. 15).
    cofinanced_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    # The EU share actually granted, EU ÷ cofinanced cost, with two decimals (service.money.financing).
    cofinancing_rate: Mapped[Decimal | None] = mapped_column(RATE)
    project_start: Mapped[date | None] = mapped_column(Date)
    project_end: Mapped[date | None] = mapped_column(Date)
    conditions: Mapped[str] = mapped_column(Text, default="")
    # [{"indicator_id", "code", "name", "unit", "planned", "accepted"}]
    indicator_targets: Mapped[list] = mapped_column(JSON, default=list)
    reduction_reason: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")  # set: more than applied or than the budget left
    # A rejection: reason keys, with what they rest on ({"ineligible": ["…"], "failed_rules": [...]}).
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    reason_details: Mapped[dict] = mapped_column(JSON, default=dict)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # A correction.
    corrects_id: Mapped[int | None]
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[int]
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by: Mapped[int | None]
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_by: Mapped[int | None]
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # The letter, written by a job in the application's language, kept in stored_files by its hash.
    letter_sha256: Mapped[str | None] = mapped_column(String(64))
    letter_language: Mapped[str | None] = mapped_column(String(8))
    letter_written_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def granted(self) -> bool:
        return self.kind == "grant"

    @property
    def financing(self) -> Financing | None:
        return Financing.of(self.currency, self.eligible_cost, self.cofinanced_cost, self.eu_amount)

    @property
    def own_contribution(self) -> Decimal | None:
        financing = self.financing
        return financing.own_contribution.amount if financing is not None else None
