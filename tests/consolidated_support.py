"""Running the Commission's consolidated export jobs in tests, as a worker would (in the platform scope)."""

from __future__ import annotations

from sqlalchemy import select

from service.extensions import db
from service.jobs.models import JobRun
from service.tenancy.scope import platform_scope
from workers.runner import run_job

BUILD_JOB = "consolidated.build"


def run_platform_jobs(app, name: str = BUILD_JOB) -> list[str]:
    """Run the unfinished runs of this platform job; a failing one is recorded on its run (the test reads it)."""
    with app.app_context(), platform_scope():
        ids = list(db.session.scalars(select(JobRun.id).where(JobRun.name == name, JobRun.status != "finished")))
    for job_id in ids:
        try:
            run_job(job_id, "platform", app=app)
        except Exception:  # noqa: BLE001, S110 - recorded on the run by the runner
            pass
    return ids
