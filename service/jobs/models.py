"""One row per job: its idempotency key, status, attempts, lease and outcome.

The row is the job (a transactional outbox): it is written in the transaction that asks for the
job, so a job exists exactly when that transaction committed. Handing it to the queue afterwards
is only delivery; the sweeper repeats it until the job has run (service.jobs.sweeper).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

# Runs the sweeper looks at: everything not finished (finished runs are most of the table).
UNFINISHED = text("status <> 'finished'")


class JobRun(TenantOwned, db.Model):
    __tablename__ = "job_runs"
    __platform_rows__ = True
    __audit__ = False
    __table_args__ = (Index("ix_job_runs_unfinished", "status", postgresql_where=UNFINISHED, sqlite_where=UNFINISHED),)

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
    # While running: the instant after which the run counts as abandoned (its worker died). The
    # running process extends it (a heartbeat); the sweeper hands an expired one to the queue again.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
