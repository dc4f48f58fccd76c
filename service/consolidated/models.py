"""The Commission's consolidated export (issue 14): a run asked for by a Commission or platform user, built by a
background job, and its files. Platform data (no tenant_id): it holds every tenant's figures, each read in that
tenant's own scope, and only the Commission and platform roles read it.

The files are kept in the database beside their run (like the applicants' stored files): no shared volume is
needed between the web and worker pods, and a run and its files are committed together, so a job killed half-way
leaves a run without files, never a half-written file."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import UTCDateTime, utcnow

STATUSES = ("queued", "building", "ready", "failed")
FORMATS = ("xlsx", "csv", "json")


class ConsolidatedExport(db.Model):
    """One run of the export, as of a day. Its figures depend only on the data and ``as_of``: two runs over the
    same data give the same bytes (service.consolidated.writers)."""

    __tablename__ = "consolidated_exports"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'building', 'ready', 'failed')", name="status"),
        CheckConstraint("tenants_done >= 0 AND tenants_total >= 0", name="progress_not_negative"),
    )
    __audit_exclude__ = {"tenants_done", "tenants_total"}

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    tenants_total: Mapped[int] = mapped_column(default=0)
    tenants_done: Mapped[int] = mapped_column(default=0)
    requested_by: Mapped[int] = mapped_column(ForeignKey("platform_users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(Text, default="")  # why it failed, for the platform's operators


class ConsolidatedFile(db.Model):
    """One file of a run: XLSX, CSV or JSON, with its SHA-256."""

    __tablename__ = "consolidated_export_files"
    __table_args__ = (
        UniqueConstraint("export_id", "format"),
        CheckConstraint("format IN ('xlsx', 'csv', 'json')", name="format"),
    )
    __audit__ = False  # the run is audited; its bytes are not copied into the trail

    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("consolidated_exports.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(8))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
