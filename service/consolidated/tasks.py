"""The background job that builds the consolidated export: its progress (tenants done) is committed as it goes,
its files and status at the end in the job's one transaction; a failure is recorded, and a retry (rq's, or the
sweeper's after a killed worker) builds the whole again."""

from __future__ import annotations

from service.consolidated import operations
from service.consolidated.models import ConsolidatedExport
from service.extensions import db
from service.jobs.progress import record_progress
from service.jobs.queue import job


@job(operations.BUILD_JOB)
def build_export(export_id: int) -> dict:
    def progress(**values) -> None:
        record_progress(ConsolidatedExport, export_id, **values)

    try:
        return operations.build(export_id, progress)
    except Exception as error:
        db.session.rollback()
        progress(status="failed", error=f"{type(error).__name__}: {error}"[:2000])
        raise
