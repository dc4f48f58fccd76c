"""Enqueueing background jobs: in the caller's transaction, once per key, always with a tenant scope.

``enqueue(name, key=..., **ids)`` records a :class:`JobRun` in the caller's transaction: the row is the
job (a transactional outbox), so a job exists exactly when that transaction commits, and a rolled-back
request leaves none. After the commit the run is handed to the queue at once (the fast path); that
hand-off has a short timeout and never fails the request: what it could not hand over, the sweeper
(service.jobs.sweeper) hands over when the queue answers again. The same name and key in the same
tenant is the same job: enqueueing it again returns the first run. Arguments are ids, never personal
data (failed rq jobs keep their arguments in Redis). With Redis configured the run goes to rq;
otherwise (the embedded default) it runs in-process.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from service.audit.recorder import current_actor
from service.extensions import db
from service.jobs.models import JobRun
from service.tenancy.scope import TenantScopeMissing, current_scope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobDefinition:
    name: str
    function: Callable
    queue: str
    # Called by the sweeper, in the run's scope and with its arguments, when it gives the run up after its last
    # attempt's process stopped or stalled: the job's own error handling never ran, so what waits for the job (an
    # import "being validated", a file of personal data kept for it) is settled here.
    on_given_up: Callable | None = None


class Dispatcher(Protocol):
    """Where committed runs go: rq (workers.queues.RqDispatcher) or the web process (workers.runner)."""

    def hand_off(self, job_id: str, scope_setting: str, queue_key: str) -> bool:
        """Give the run to the queue; False, never an exception, when it cannot be given now."""

    def states(self, job_ids: list[str]) -> dict[str, str | None]:
        """The queue's status of each run, None when the queue does not hold it."""

    def in_flight(self, job_ids: list[str]) -> set[str]:
        """Runs known to be working in a live process (beyond what their lease says)."""


JOBS: dict[str, JobDefinition] = {}
_PENDING = "amif_pending_jobs"
DISPATCHER = "amif_dispatcher"  # app.extensions key: the app's Dispatcher, set by the factory


def job(name: str, *, queue: str = "default", on_given_up: Callable | None = None):
    """Register a function as a job. It runs inside its tenant scope and must be idempotent."""

    def register(function):
        JOBS[name] = JobDefinition(name, function, queue, on_given_up)
        function.job_name = name  # a domain lists its jobs by function (service.domains.Domain.jobs)
        return function

    return register


def run_of(name: str, key: str) -> JobRun | None:
    """The run of job ``name`` enqueued under ``key`` in the current scope, if any."""
    scope = current_scope()
    if scope is None:
        raise TenantScopeMissing(f"job {name} looked up without a tenant scope")
    return db.session.scalar(select(JobRun).where(JobRun.dedupe_key == _dedupe_key(scope, name, key)))


def _dedupe_key(scope, name: str, key: str) -> str:
    """The same name and key in the same scope is the same job."""
    return f"{scope.setting()}:{name}:{key}"


def enqueue(name: str, *, key: str, new_key: bool = False, **arguments) -> JobRun:
    """The run of job ``name`` for ``key`` in the current scope: the one already queued, else a new one, handed to
    the queue when the transaction commits. ``new_key``: the key names something made in this very transaction
    (a notification just written), so no run can have it yet: it is not looked for."""
    if name not in JOBS:
        raise KeyError(f"unknown job {name}")
    scope = current_scope()
    if scope is None:
        raise TenantScopeMissing(f"job {name} enqueued without a tenant scope")
    dedupe_key = _dedupe_key(scope, name, key)
    existing = None if new_key else db.session.scalar(select(JobRun).where(JobRun.dedupe_key == dedupe_key))
    if existing is not None:
        return existing
    run = JobRun(
        id=uuid.uuid4().hex, dedupe_key=dedupe_key, name=name, arguments=arguments, requested_by=current_actor()[0]
    )
    db.session.add(run)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((run.id, scope.setting(), JOBS[name].queue))
    return run


def hand_off_all(dispatcher: Dispatcher, runs: list[tuple[str, str, str]]) -> int:
    """Hand runs (job id, scope, queue) over in order, until one is refused; returns how many were taken.
    Never raises: whatever is not handed over now stays queued for the sweeper."""
    handed = 0
    for job_id, scope_setting, queue_key in runs:
        try:
            taken = dispatcher.hand_off(job_id, scope_setting, queue_key)
        except Exception:  # noqa: BLE001 - the job is committed; the sweeper delivers it later
            log.exception("job %s: hand-off failed; the sweeper hands it over later", job_id)
            taken = False
        if not taken:
            break
        handed += 1
    return handed


def install() -> None:
    """Once per process, whatever the number of apps it makes."""
    for name, listener in (("after_commit", _dispatch_pending), ("after_soft_rollback", _forget_pending)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _dispatch_pending(session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released (after_commit fires for those too): the jobs are not committed yet
    pending = session.info.pop(_PENDING, [])
    if pending:
        hand_off_all(current_app.extensions[DISPATCHER], pending)  # the app whose transaction committed


def _forget_pending(session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(_PENDING, None)
