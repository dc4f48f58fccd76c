"""The job wrapper: enter the app and the job's tenant scope, claim the run, work, commit once.

rq runs a job at least once (a job whose worker died runs again, and the sweeper hands abandoned
runs over again), so the run is claimed first (service.jobs.runs): a finished run is not run again and
a run held by a live process is left to it. While the job works, a heartbeat extends its lease. The
run's status, attempts and error are recorded where users can see them. A job without a tenant scope
fails loudly. Inside its scope, ``current_tenant()`` (service.tenancy.current) is the job's tenant: no job
looks its tenant up by itself.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext

from sqlalchemy import update

from service.audit.recorder import reset_actor, set_actor
from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.queue import JOBS
from service.jobs.runs import CurrentRun, Heartbeat, LeaseLost, claim, done_working, ours, working_for
from service.jobs.sweeper import MAX_ATTEMPTS
from service.tenancy.model_base import utcnow
from service.tenancy.scope import Scope, TenantScopeMissing, platform_scope, tenant_scope

log = logging.getLogger(__name__)
_app = None
_app_lock = threading.Lock()


def _worker_app():
    global _app
    with _app_lock:
        if _app is None:
            from service.app import create_app

            _app = create_app()
    return _app


def parse_scope(scope_setting) -> Scope:
    if scope_setting == "platform":
        return Scope(None)
    if isinstance(scope_setting, str) and scope_setting.isdigit():
        return Scope(int(scope_setting))
    raise TenantScopeMissing(f"job without a tenant scope ({scope_setting!r})")


def run_job(job_id: str, scope_setting, app=None) -> str:
    """Entry point of every job (rq calls it by name with JSON arguments)."""
    scope = parse_scope(scope_setting)
    app = app or _worker_app()
    with app.app_context():
        with platform_scope() if scope.is_platform else tenant_scope(scope.tenant_id):
            try:
                return _run(job_id, scope)
            finally:
                db.session.remove()


def _run(job_id: str, scope: Scope) -> str:
    if not claim(job_id):
        run = db.session.get(JobRun, job_id)
        if run is None:
            raise LookupError(f"job {job_id} does not exist in scope {scope.setting()}")
        return "already finished" if run.status == "finished" else "running elsewhere"
    run = db.session.get(JobRun, job_id)
    name, arguments, attempt = run.name, dict(run.arguments), run.attempts
    run_token = working_for(CurrentRun(job_id, attempt, run.started_at))
    actor_token = set_actor(f"job:{name}", job_id)
    # SQLite (the embedded default) runs jobs in the web process, which knows its own runs: no lease needed,
    # and a second writer there would only contend for the database lock.
    beating = Heartbeat(job_id, attempt, scope) if db.engine.dialect.name != "sqlite" else nullcontext()
    try:
        with beating:
            result = JOBS[name].function(**arguments)
            # The job's work and its status commit together, and only while this attempt holds the run.
            finished = db.session.execute(
                update(JobRun)
                .where(ours(job_id, attempt))
                .values(
                    status="finished",
                    finished_at=utcnow(),
                    error=None,
                    lease_until=None,
                    result=result if isinstance(result, dict) else None,
                )
                .execution_options(synchronize_session=False)
            ).rowcount
            if finished != 1:
                raise LeaseLost(f"job {job_id}: attempt {attempt} no longer holds the run")
            db.session.commit()
    except LeaseLost as lost:
        db.session.rollback()  # another attempt holds the run: this one's work is undone, not doubled
        log.warning("%s; its work is rolled back", lost)
        return "lease lost"
    except Exception as error:
        db.session.rollback()
        _record_failure(job_id, attempt, error)
        raise
    finally:
        reset_actor(actor_token)
        done_working(run_token)
    return "finished"


def _record_failure(job_id: str, attempt: int, error: Exception) -> None:
    """Mark the run failed for the queue's retry, if this attempt still holds it. If even that cannot be
    written (the database is down), the run stays 'running' until its lease expires, and the sweeper hands
    it over again."""
    try:
        db.session.execute(
            update(JobRun)
            .where(ours(job_id, attempt))
            .values(status="failed", error=f"{type(error).__name__}: {error}"[:2000], lease_until=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except Exception as second:  # noqa: BLE001 - the job's own error is the one raised
        db.session.rollback()
        log.warning("job %s: could not record its failure (%s)", job_id, second)


class InProcessRunner:
    """The embedded default: jobs run on a background thread of the web process, with retries.

    It is also the dispatcher (hand_off, states, in_flight) the sweeper talks to in that mode."""

    def __init__(self, app, attempts: int = MAX_ATTEMPTS):
        self.app = app
        self.attempts = attempts
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amif-job")
        self.futures: list[Future] = []
        self._lock = threading.Lock()
        self._in_flight: set[str] = set()

    def hand_off(self, job_id: str, scope_setting: str, queue_key: str) -> bool:
        with self._lock:
            if job_id in self._in_flight:
                return True
            self._in_flight.add(job_id)
            self.futures.append(self.executor.submit(self._run, job_id, scope_setting))
        return True

    def states(self, job_ids: list[str]) -> dict[str, str | None]:
        """A run this process works on is queued here; any other run it does not hold (a run it gave up has
        used its MAX_ATTEMPTS, so the sweeper leaves it be; a run of a previous process is run again)."""
        running = self.in_flight(job_ids)
        return {job_id: ("queued" if job_id in running else None) for job_id in job_ids}

    def in_flight(self, job_ids: list[str]) -> set[str]:
        with self._lock:
            return self._in_flight.intersection(job_ids)

    def _run(self, job_id: str, scope_setting: str) -> None:
        try:
            for attempt in range(1, self.attempts + 1):
                try:
                    run_job(job_id, scope_setting, app=self.app)
                    return
                except Exception:
                    log.exception("job %s failed (attempt %s of %s)", job_id, attempt, self.attempts)
        finally:
            with self._lock:
                self._in_flight.discard(job_id)

    def wait(self, timeout: float = 30) -> None:
        with self._lock:
            futures, self.futures = self.futures, []
        for future in futures:
            future.result(timeout=timeout)

    def drain(self, timeout: float = 30) -> None:
        """Wait until no job is left, including the jobs that jobs enqueue."""
        while self.futures:
            self.wait(timeout)
