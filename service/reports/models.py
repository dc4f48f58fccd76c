"""A progress report: what a project did in one reporting period and where its indicators stand, cumulative from
the start. The beneficiary saves it as it goes; submitted, it is frozen (a submission row with its content and
hash is the receipt); the MA's case officer accepts it or returns it with comments, and a returned report is
changed and submitted again. An amendment of the project (a new version) never touches a report: each report
names the version it was last written against."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

STATUSES = ("draft", "submitted", "returned", "accepted")
NARRATIVE = ("activities", "progress", "horizontal_principles", "problems")
OUTCOMES = ("accepted", "returned")


class ProgressReport(TenantOwned, db.Model):
    __tablename__ = "progress_reports"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "project_id", "sequence"),
        UniqueConstraint("tenant_id", "project_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    organisation_id: Mapped[int]  # the beneficiary (the project's), kept here to list a member's reports
    sequence: Mapped[int]
    reference: Mapped[str] = mapped_column(String(80))  # <project reference>-R<sequence>
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    final: Mapped[bool] = mapped_column(default=False)  # the report of the period that ends the project
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    project_version: Mapped[int]  # the project version the report was last saved against
    activities: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[str] = mapped_column(Text, default="")
    horizontal_principles: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Per field saved (a narrative part, "value-<indicator key>"): {version, by, at} of its last change, to tell
    # a change made in another tab or by a colleague from one's own (service.autosave).
    field_versions: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    values: Mapped[list[ReportValue]] = relationship(
        back_populates="report", order_by="ReportValue.id", cascade="all, delete-orphan"
    )
    submissions: Mapped[list[ReportSubmission]] = relationship(order_by="ReportSubmission.sequence")
    reviews: Mapped[list[ReportReview]] = relationship(order_by="ReportReview.id")

    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = {"version", "updated_at", "field_versions"}

    @property
    def editable(self) -> bool:
        return self.status in ("draft", "returned")


class ReportValue(TenantOwned, db.Model):
    """The achieved value of one indicator of the project's plan that the register does not count, cumulative
    from the project's start, typed by the beneficiary with its evidence."""

    __tablename__ = "progress_report_values"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "report_id"], ["progress_reports.tenant_id", "progress_reports.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "report_id", "indicator_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int]
    indicator_key: Mapped[str] = mapped_column(String(60))  # the plan's key (service.projects indicator_key)
    value: Mapped[int] = mapped_column(BigInteger)

    report: Mapped[ProgressReport] = relationship(back_populates="values")
    evidence: Mapped[list[ReportEvidence]] = relationship(order_by="ReportEvidence.id", cascade="all, delete-orphan")


class ReportEvidence(TenantOwned, db.Model):
    """A document behind a typed value; its bytes are the tenant's stored files (by SHA-256)."""

    __tablename__ = "progress_report_evidence"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "value_id"], ["progress_report_values.tenant_id", "progress_report_values.id"]
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportSubmission(TenantOwned, db.Model):
    """The report as submitted, frozen (append-only): the register's counts of that moment included; the receipt
    is its reference, sequence and content hash."""

    __tablename__ = "progress_report_submissions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "report_id"], ["progress_reports.tenant_id", "progress_reports.id"]),
        UniqueConstraint("tenant_id", "report_id", "sequence"),
        # The latest submission of each project (service.portfolio.figures) is chosen from this index alone,
        # without reading the submissions' content (PostgreSQL: an index-only scan).
        Index(
            "ix_progress_report_submissions_latest",
            "tenant_id",
            "report_id",
            "sequence",
            postgresql_include=["id", "submitted_at"],
        ),
    )
    __audit_exclude__ = {"content"}

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int]
    sequence: Mapped[int]  # 1 = the report, 2.. = after a return
    receipt: Mapped[str] = mapped_column(String(100))
    submitted_by: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content: Mapped[dict] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))


class ReportReview(TenantOwned, db.Model):
    """The case officer's outcome of one submission (append-only): accepted, or returned with comments."""

    __tablename__ = "progress_report_reviews"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "report_id"], ["progress_reports.tenant_id", "progress_reports.id"]),
        UniqueConstraint("tenant_id", "report_id", "submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int]
    submission: Mapped[int]  # the sequence of the submission reviewed
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | returned
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[int]
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
