"""The job wrapper: enter the app and the job's tenant scope, run, commit once.

rq runs a job at least once (a job whose worker died runs again), so a finished run is not
run again, and the run's status, attempts and error are recorded where users can see them.
A job without a tenant scope fails loudly.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from service.audit.recorder import reset_actor, set_actor
from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.queue import JOBS
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
            run = db.session.get(JobRun, job_id)
            if run is None:
                raise LookupError(f"job {job_id} does not exist in scope {scope_setting}")
            if run.status == "finished":
                return "already finished"
            run.status = "running"
            run.attempts += 1
            run.started_at = utcnow()
            name, arguments = run.name, dict(run.arguments)
            db.session.commit()
            token = set_actor(f"job:{name}", job_id)
            try:
                result = JOBS[name].function(**arguments)
                run = db.session.get(JobRun, job_id)
                run.status, run.finished_at, run.error = "finished", utcnow(), None
                run.result = result if isinstance(result, dict) else None
                db.session.commit()  # the job's work and its status, together
            except Exception as error:
                db.session.rollback()
                run = db.session.get(JobRun, job_id)
                run.status, run.error = "failed", f"{type(error).__name__}: {error}"[:2000]
                db.session.commit()
                raise
            finally:
                reset_actor(token)
                db.session.remove()
    return "finished"


class InProcessRunner:
    """The embedded default: jobs run on a background thread of the web process, with retries."""

    def __init__(self, app, attempts: int = 3):
        self.app = app
        self.attempts = attempts
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amif-job")
        self.futures: list[Future] = []

    def dispatch(self, job_id: str, scope_setting: str, queue_key: str) -> None:
        self.futures.append(self.executor.submit(self._run, job_id, scope_setting))

    def _run(self, job_id: str, scope_setting: str) -> None:
        for attempt in range(1, self.attempts + 1):
            try:
                run_job(job_id, scope_setting, app=self.app)
                return
            except Exception:
                log.exception("job %s failed (attempt %s of %s)", job_id, attempt, self.attempts)

    def wait(self, timeout: float = 30) -> None:
        futures, self.futures = self.futures, []
        for future in futures:
            future.result(timeout=timeout)

    def drain(self, timeout: float = 30) -> None:
        """Wait until no job is left, including the jobs that jobs enqueue."""
        while self.futures:
            self.wait(timeout)
