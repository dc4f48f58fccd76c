"""Rows of the assessment: eligibility checks (append-only), assignments of assessors with their
declarations, scores per criterion, the consolidated score and the people's ranking decisions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKeyConstraint, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

POINTS = Numeric(8, 2)  # a consolidated score may be a mean with cents: 17.50


def _of_application(*more):
    return (
        ForeignKeyConstraint(["tenant_id", "application_id"], ["applications.tenant_id", "applications.id"]),
        *more,
    )


class EligibilityCheck(TenantOwned, db.Model):
    """The case officer's formal check of one submitted version: each point met or not, with a reason
    per failed point, and the outcome. Kept forever (append-only); the latest one counts."""

    __tablename__ = "eligibility_checks"
    # The latest check of each application, found without reading the points (the work queue's state of every
    # application it lists: service.work_queue.states).
    __table_args__ = _of_application(
        Index(
            "ix_eligibility_checks_latest",
            "tenant_id",
            "application_id",
            "id",
            postgresql_include=["submission_sequence", "outcome"],
        )
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    submission_sequence: Mapped[int]  # the version of the application that was checked
    points: Mapped[dict] = mapped_column(JSON)  # point -> {"met": bool, "reason": str}
    outcome: Mapped[str] = mapped_column(String(24))  # eligible | ineligible | supplement_requested
    checked_by: Mapped[int]
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(TenantOwned, db.Model):
    """An assessor assigned to an application. Before reading it the assessor declares whether there is
    a conflict of interest with the applicant or its partners; a declared conflict recuses them."""

    __tablename__ = "assessor_assignments"
    __table_args__ = _of_application(
        ForeignKeyConstraint(["tenant_id", "assessor_id"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "application_id", "assessor_id"),
        UniqueConstraint("tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    assessor_id: Mapped[int]
    assigned_by: Mapped[int]
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    declaration: Mapped[str | None] = mapped_column(String(16))  # None | no_conflict | conflict
    declaration_text: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the scores are final
    version: Mapped[int] = mapped_column(default=1)

    scores: Mapped[list[Score]] = relationship(
        back_populates="assignment", order_by="Score.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def recused(self) -> bool:
        return self.declaration == "conflict"


class Score(TenantOwned, db.Model):
    """One assessor's points on one criterion of the call, with the written justification."""

    __tablename__ = "assessment_scores"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "assignment_id"], ["assessor_assignments.tenant_id", "assessor_assignments.id"]
        ),
        UniqueConstraint("tenant_id", "assignment_id", "criterion"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int]
    criterion: Mapped[str] = mapped_column(String(40))
    points: Mapped[int]
    justification: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="scores")


class Consolidation(TenantOwned, db.Model):
    """The application's score: the mean of the assessors' points or a consensus set by the case officer
    (recorded as such), the total, and what the call's rules make of it."""

    __tablename__ = "assessment_consolidations"
    __table_args__ = _of_application(UniqueConstraint("tenant_id", "application_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    method: Mapped[str] = mapped_column(String(16))  # mean | consensus
    points: Mapped[dict] = mapped_column(JSON)  # criterion -> "17.50"
    total: Mapped[Decimal] = mapped_column(POINTS)
    justification: Mapped[str] = mapped_column(Text, default="")
    failed_rules: Mapped[list] = mapped_column(JSON)  # [{"rule": "zero", "criterion": ...} | {"rule": "minimum_total"}]
    consolidated_by: Mapped[int]
    consolidated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def passes(self) -> bool:
        return not self.failed_rules


class RankingDecision(TenantOwned, db.Model):
    """A person's decision on the ranking of a call: the order of applications with equal scores, or a
    partial amount for the application the funding line cuts. Kept forever; the latest per application counts."""

    __tablename__ = "ranking_decisions"
    __table_args__ = _of_application(ForeignKeyConstraint(["tenant_id", "call_id"], ["calls.tenant_id", "calls.id"]))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int]
    call_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))  # tie_order | partial
    position: Mapped[int | None]  # tie_order: 1 = first among equals
    amount: Mapped[Decimal | None] = mapped_column(MONEY)  # partial: the EU amount to offer
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int]
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
