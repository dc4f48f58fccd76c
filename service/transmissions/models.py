"""What the managing authority transmits to the Commission under CPR Art. 42 (template Annex VII): a draft is
built by a background job from the programme's data as at the cut-off, checked against the schema the product
keeps (service.transmissions.schema), reviewed, then frozen as a version. A frozen version is never changed
(append-only, with the SHA-256 of its content); a correction is a new version of the same cut-off (sequence 2,
3, …), built from a new draft."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

DRAFT_STATUSES = ("queued", "building", "ready", "invalid", "failed", "frozen")


class TransmissionDraft(TenantOwned, db.Model):
    """A transmission being built or reviewed. ``content`` is what would be sent; ``problems`` what the schema
    check found (a draft with problems cannot be frozen)."""

    __tablename__ = "transmission_drafts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        CheckConstraint("status IN ('queued', 'building', 'ready', 'invalid', 'failed', 'frozen')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(6))  # SFC2021: the cut-off's year and month, "202512"
    cut_off: Mapped[date] = mapped_column(Date)  # the data are cumulative as at this day
    due_on: Mapped[date] = mapped_column(Date)  # 31 January, 30 April, 31 July, 30 September or 30 November
    status: Mapped[str] = mapped_column(String(16), default="queued")
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    content: Mapped[dict | None] = mapped_column(JSON)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __audit_exclude__ = {"content", "rows_done", "rows_total"}


class TransmissionVersion(TenantOwned, db.Model):
    """A transmission as frozen for sending (append-only). One per draft; per cut-off, the sequence counts the
    corrections."""

    __tablename__ = "transmission_versions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "version", "sequence"),
        UniqueConstraint("tenant_id", "draft_id"),
    )
    __audit_exclude__ = {"content"}

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int]
    version: Mapped[str] = mapped_column(String(6))
    sequence: Mapped[int]  # 1 = the transmission, 2.. = its corrections
    cut_off: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    content: Mapped[dict] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))
    frozen_by: Mapped[int]
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PaymentApplication(TenantOwned, db.Model):
    """A payment application to the Commission as made (CPR Art. 91; append-only): what it holds is in
    ``content`` (service.transmissions.payment_application), with its SHA-256. Per accounting year, the sequence
    counts the applications (at most six)."""

    __tablename__ = "payment_applications"
    __table_args__ = (UniqueConstraint("tenant_id", "year_start", "sequence"),)
    __audit_exclude__ = {"content"}

    id: Mapped[int] = mapped_column(primary_key=True)
    year_start: Mapped[date] = mapped_column(Date)  # 1 July
    sequence: Mapped[int]
    as_of: Mapped[date] = mapped_column(Date)
    content: Mapped[dict] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))
    frozen_by: Mapped[int]
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
