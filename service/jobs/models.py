"""One row per job: its idempotency key, status, attempts and outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow


class JobRun(TenantOwned, db.Model):
    __tablename__ = "job_runs"
    __platform_rows__ = True
    __audit__ = False

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # "<tenant id or platform>:<job name>:<key>": enqueueing the same key twice is one job.
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[dict] = mapped_column(JSON, default=dict)  # ids only, never personal data
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|finished|failed
    attempts: Mapped[int] = mapped_column(default=0)
    requested_by: Mapped[str] = mapped_column(String(64), default="")
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
