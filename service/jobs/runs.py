"""A job run's life: claimed by one attempt at a time under a lease, kept alive by a heartbeat, finished
or failed, and fenced.

rq runs a job at least once, and the sweeper hands a job to the queue again when its lease expired, so the
same run can arrive twice. The claim makes that harmless: a run is taken only when it is queued, failed
(a retry), or running under an expired lease (its process died or stalled). Taking it adds one to
``attempts``, which is the attempt's fencing token: every later write of the attempt (the heartbeat, the
outcome, a delivery's claim) names it, so an attempt whose lease was taken over while it stalled can
change nothing any more. A finished run is never run again; a run a live attempt holds is left to it.
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


class LeaseLost(RuntimeError):
    """This attempt no longer holds its run: its lease expired and another attempt took it over."""


_current: ContextVar[CurrentRun | None] = ContextVar("amif_current_job_run", default=None)


def current_run() -> CurrentRun | None:
    """The job run this code works for (None outside a job)."""
    return _current.get()


def working_for(run: CurrentRun):
    """Enter a run (the job wrapper); returns the token for :func:`done_working`."""
    return _current.set(run)


def done_working(token) -> None:
    _current.reset(token)


def ours(job_id: str, attempt: int):
    """The condition that the run is still held by this attempt: add it to every write the attempt makes."""
    return (JobRun.id == job_id) & (JobRun.status == "running") & (JobRun.attempts == attempt)


def still_ours() -> None:
    """In the caller's transaction, renew the current run's lease, or raise :class:`LeaseLost` when another
    attempt took the run over. A job calls it before an effect that cannot be undone (sending an e-mail)."""
    run = current_run()
    if run is None:
        return
    renewed = db.session.execute(
        update(JobRun)
        .where(ours(run.job_id, run.attempt))
        .values(lease_until=utcnow() + lease())
        .execution_options(synchronize_session=False)
    ).rowcount
    if renewed != 1:
        raise LeaseLost(f"job {run.job_id}: attempt {run.attempt} no longer holds the run")


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

    A process that is killed stops beating; the lease then expires and the sweeper hands the job to the
    queue again. A failed beat is logged, never raised: the job itself decides its outcome, and its final
    write is fenced (:func:`ours`). A beat that finds the run taken over sets ``lost``."""

    def __init__(self, job_id: str, attempt: int, scope: Scope):
        self.job_id = job_id
        self.attempt = attempt
        self.scope = scope
        self.engine = db.engine
        self.lease = lease()
        self.stopped = threading.Event()
        self.lost = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"amif-lease-{job_id[:8]}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        interval = max(self.lease.total_seconds() / 3, 0.2)
        while not self.stopped.wait(interval) and not self.lost.is_set():
            try:
                if not self.extend():
                    self.lost.set()
                    log.warning("job %s: attempt %s lost its run to another attempt", self.job_id, self.attempt)
            except Exception as error:  # noqa: BLE001 - a missed beat must not kill the job
                log.warning("job %s: lease not extended (%s)", self.job_id, error)

    def extend(self) -> bool:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(_SET_TENANT, {"value": self.scope.setting()})
            table = JobRun.__table__
            column = table.c.tenant_id
            tenant = column.is_(None) if self.scope.is_platform else column == self.scope.tenant_id
            return (
                connection.execute(
                    table.update()
                    .where(
                        table.c.id == self.job_id,
                        table.c.status == "running",
                        table.c.attempts == self.attempt,
                        tenant,
                    )
                    .values(lease_until=utcnow() + self.lease)
                ).rowcount
                == 1
            )
