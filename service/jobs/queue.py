"""Enqueueing background jobs: after commit, once per key, always with a tenant scope.

``enqueue(name, key=..., **ids)`` records a :class:`JobRun` in the caller's transaction and
dispatches it only when that transaction commits (a rolled-back request sends nothing). The
same name and key in the same tenant is the same job: enqueueing it again returns the first
run. Arguments are ids, never personal data (failed rq jobs keep their arguments in Redis).
With Redis configured the run goes to rq; otherwise (the embedded default) it runs in-process.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from service.audit.recorder import current_actor
from service.extensions import db
from service.jobs.models import JobRun
from service.tenancy.scope import TenantScopeMissing, current_scope


@dataclass(frozen=True)
class JobDefinition:
    name: str
    function: Callable
    queue: str


JOBS: dict[str, JobDefinition] = {}
_PENDING = "amif_pending_jobs"
DISPATCH = "amif_dispatch"  # app.extensions key: (job_id, scope_setting, queue) -> None, set by the factory


def job(name: str, *, queue: str = "default"):
    """Register a function as a job. It runs inside its tenant scope and must be idempotent."""

    def register(function):
        JOBS[name] = JobDefinition(name, function, queue)
        return function

    return register


def enqueue(name: str, *, key: str, **arguments) -> JobRun:
    if name not in JOBS:
        raise KeyError(f"unknown job {name}")
    scope = current_scope()
    if scope is None:
        raise TenantScopeMissing(f"job {name} enqueued without a tenant scope")
    dedupe_key = f"{scope.setting()}:{name}:{key}"
    existing = db.session.scalar(select(JobRun).where(JobRun.dedupe_key == dedupe_key))
    if existing is not None:
        return existing
    run = JobRun(
        id=uuid.uuid4().hex, dedupe_key=dedupe_key, name=name, arguments=arguments, requested_by=current_actor()[0]
    )
    db.session.add(run)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((run.id, scope.setting(), JOBS[name].queue))
    return run


def install() -> None:
    event.listen(Session, "after_commit", _dispatch_pending)
    event.listen(Session, "after_soft_rollback", _forget_pending)


def _dispatch_pending(session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released (after_commit fires for those too): the jobs are not committed yet
    pending = session.info.pop(_PENDING, [])
    if pending:
        dispatch = current_app.extensions[DISPATCH]  # the app whose transaction committed
        for job_id, scope_setting, queue in pending:
            dispatch(job_id, scope_setting, queue)


def _forget_pending(session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(_PENDING, None)
