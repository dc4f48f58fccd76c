"""A job run's life: claimed by one process at a time under a lease, kept alive by a heartbeat, finished
or failed.

rq runs a job at least once, and the sweeper hands a job to the queue again when its process died, so the
same run can arrive twice. The claim makes that harmless: a run is taken only when it is queued, failed
(a retry), or running under an expired lease (its process died). A finished run is never run again; a run
another live process holds is left to it.
"""

from __future__ import annotations

import logging
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, text, update

from service.extensions import db
from service.jobs.models import JobRun
from service.tenancy.model_base import utcnow
from service.tenancy.scope import Scope

log = logging.getLogger(__name__)
_SET_TENANT = text("SELECT set_config('app.tenant_id', :value, true)")  # row-level security sees the run


@dataclass
class CurrentRun:
    job_id: str
    attempt: int
    started_at: datetime
    mails_sent: int = 0  # numbers the Message-IDs of the e-mails this run sends


_current: ContextVar[CurrentRun | None] = ContextVar("amif_current_job_run", default=None)


def current_run() -> CurrentRun | None:
    """The job run this code works for (None outside a job)."""
    return _current.get()


def working_for(run: CurrentRun):
    """Enter a run (the job wrapper); returns the token for :func:`done_working`."""
    return _current.set(run)


def done_working(token) -> None:
    _current.reset(token)


def lease() -> timedelta:
    return timedelta(seconds=float(current_app.config["AMIF_JOB_LEASE_SECONDS"]))


def claim(job_id: str) -> bool:
    """Take the run for this process (committed at once); False when it is finished or held by a live run."""
    now = utcnow()
    taken = db.session.execute(
        update(JobRun)
        .where(
            JobRun.id == job_id,
            or_(
                JobRun.status.in_(("queued", "failed")),
                (JobRun.status == "running") & or_(JobRun.lease_until.is_(None), JobRun.lease_until < now),
            ),
        )
        .values(
            status="running",
            attempts=JobRun.attempts + 1,
            started_at=now,
            lease_until=now + lease(),
            finished_at=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return taken == 1


class Heartbeat:
    """Extends the run's lease while the job works, on a thread with its own connection.

    A process that is killed stops beating; the lease then expires and the sweeper hands the job to
    the queue again. A failed beat is logged, never raised: the job itself decides its outcome."""

    def __init__(self, job_id: str, scope: Scope):
        self.job_id = job_id
        self.scope = scope
        self.engine = db.engine
        self.lease = lease()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"amif-lease-{job_id[:8]}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        interval = max(self.lease.total_seconds() / 3, 0.2)
        while not self.stopped.wait(interval):
            try:
                self.extend()
            except Exception as error:  # noqa: BLE001 - a missed beat must not kill the job
                log.warning("job %s: lease not extended (%s)", self.job_id, error)

    def extend(self) -> None:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(_SET_TENANT, {"value": self.scope.setting()})
            table = JobRun.__table__
            column = table.c.tenant_id
            tenant = column.is_(None) if self.scope.is_platform else column == self.scope.tenant_id
            connection.execute(
                table.update()
                .where(table.c.id == self.job_id, table.c.status == "running", tenant)
                .values(lease_until=utcnow() + self.lease)
            )
