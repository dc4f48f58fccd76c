"""The outbox sweeper: every committed job reaches the queue, and a job whose process died runs again.

A job is its row in ``job_runs``, committed with the request that asked for it; handing it to the queue
right after the commit is only the fast path (service.jobs.queue). The sweeper, run every few seconds by
``amif scheduler`` (and in the embedded default by the web process), hands over:

- queued runs the queue does not hold: Redis was down or slow at the commit, or lost its data;
- running runs whose lease expired: their process was killed or stalled (the heartbeat stopped);
- failed runs with attempts left that rq will not retry: Redis lost the retry, rq spent its retries before
  one reached the run (the database was away), or the retry is overdue (rq's scheduler died).

Handing a run over twice is harmless: the run is claimed before it works (service.jobs.runs).

A running run whose lease expired after its last attempt is given up (failed), and its job's ``on_given_up``
(service.jobs.queue.job) settles what waited for it: the job's own error handling never ran.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from rq.job import JobStatus
from sqlalchemy import or_, select, update

from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.queue import DISPATCHER, JOBS, hand_off_all, run_of
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant
from service.tenancy.scope import Scope, enter, leave, platform_scope

log = logging.getLogger(__name__)

# The first run and the queue's three retries (workers/queues.py RETRY): after this many attempts a run
# is neither handed over again nor released when abandoned.
MAX_ATTEMPTS = 4
# rq states in which a queued run will be picked up without our help. "started" is not among them: a run
# that rq started is claimed ("running") within milliseconds, so a queued run rq calls started died first.
WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
# For a failed run: rq will retry it (scheduled), or is retrying it (queued, started). Anything else (gave
# up, lost, a retry overdue because rq's scheduler died with a Redis outage) is for the sweeper.
RETRYING = WAITING | {JobStatus.STARTED}


@dataclass
class SweepResult:
    handed_over: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)  # found running under an expired lease
    given_up: list[str] = field(default_factory=list)  # abandoned after MAX_ATTEMPTS attempts: left failed

    def __bool__(self) -> bool:
        return bool(self.handed_over or self.abandoned or self.given_up)


def sweep(app, dispatcher=None) -> SweepResult:
    """One pass over the platform's and every tenant's unfinished runs."""
    result = SweepResult()
    with app.app_context():
        dispatcher = dispatcher or current_app.extensions[DISPATCHER]
        with platform_scope():
            tenants = list(db.session.scalars(select(Tenant.id).order_by(Tenant.id)))
            db.session.commit()
        failure = None
        for scope in [Scope(None)] + [Scope(t) for t in tenants]:
            token = enter(scope)
            try:
                _sweep_scope(scope, dispatcher, result)
            except Exception as error:  # noqa: BLE001 - one tenant's trouble must not stop the others' sweep
                failure = failure or error
                log.debug("sweeper: scope %s: %s", scope.setting(), error)
            finally:
                db.session.rollback()
                leave(token)
        if failure is not None:
            raise failure  # the loop (workers.scheduler) reports it once per outage
    if result:
        log.info(
            "sweeper: %d handed over, %d abandoned, %d given up",
            len(result.handed_over),
            len(result.abandoned),
            len(result.given_up),
        )
    return result


def _sweep_scope(scope: Scope, dispatcher, result: SweepResult) -> None:
    config = current_app.config
    now = utcnow()
    grace = timedelta(seconds=float(config["AMIF_SWEEP_GRACE"]))
    runs = db.session.execute(
        select(
            JobRun.id,
            JobRun.name,
            JobRun.status,
            JobRun.attempts,
            JobRun.enqueued_at,
            JobRun.lease_until,
            JobRun.arguments,
        ).where(JobRun.status != "finished")
    ).all()
    if not runs:
        return
    alive = dispatcher.in_flight([r.id for r in runs if r.status == "running"])
    expired = [
        r
        for r in runs
        if r.status == "running" and (r.lease_until is None or r.lease_until < now) and r.id not in alive
    ]
    requeue = []
    for run in expired:
        if run.attempts >= MAX_ATTEMPTS:
            if _give_up(run.id, run.attempts, now):
                result.given_up.append(run.id)
                _settle(run)
        elif _release(run.id, now):
            result.abandoned.append(run.id)
            requeue.append(run)
    db.session.commit()  # the released runs are queued again before they are handed over
    waiting = [r for r in runs if r.status == "queued" and r.enqueued_at < now - grace]
    retrying = [r for r in runs if r.status == "failed" and r.attempts < MAX_ATTEMPTS]
    states = dispatcher.states([r.id for r in waiting + retrying])
    requeue += [r for r in waiting if states.get(r.id) not in WAITING]
    # Redis lost the retry, or rq spent its retries without one reaching the run (the database was away).
    requeue += [r for r in retrying if states.get(r.id) not in RETRYING]
    pending = [(r.id, scope.setting(), JOBS[r.name].queue if r.name in JOBS else "default") for r in requeue]
    handed = hand_off_all(dispatcher, pending)
    result.handed_over += [job_id for job_id, _, _ in pending[:handed]]


def _settle(run) -> None:
    """The job's ``on_given_up``, in a savepoint: if it fails, the run is given up all the same (and it is logged)."""
    definition = JOBS.get(run.name)
    if definition is None or definition.on_given_up is None:
        return
    try:
        with db.session.begin_nested():
            definition.on_given_up(**(run.arguments or {}))
    except Exception:  # noqa: BLE001 - settling one job must not stop the sweep
        log.exception("sweeper: settling given-up run %s (%s) failed", run.id, run.name)


def _lease_expired(now):
    """Still running, under no lease or an expired one: rechecked in the write, as its process may beat meanwhile."""
    return (JobRun.status == "running") & or_(JobRun.lease_until.is_(None), JobRun.lease_until < now)


def _release(job_id: str, now) -> bool:
    """Queue an abandoned run again, unless its process beat in the meantime."""
    return (
        db.session.execute(
            update(JobRun)
            .where(JobRun.id == job_id, _lease_expired(now))
            .values(status="queued", lease_until=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def _give_up(job_id: str, attempts: int, now) -> bool:
    """Leave a run abandoned again and again failed, unless an attempt took it (and its lease) meanwhile."""
    return (
        db.session.execute(
            update(JobRun)
            .where(JobRun.id == job_id, JobRun.attempts == attempts, _lease_expired(now))
            .values(
                status="failed",
                lease_until=None,
                finished_at=now,
                error=f"abandoned: its process stopped or stalled during {attempts} attempts",
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def given_up(name: str, key: str) -> bool:
    """The run of job ``name`` enqueued under ``key`` in the current scope failed its last attempt (an error each
    time, or a process killed each time and abandoned here): nothing will run it again. What waits for it (a draft
    "being built") no longer should."""
    run = run_of(name, key)
    return run is not None and run.status == "failed" and run.attempts >= MAX_ATTEMPTS
