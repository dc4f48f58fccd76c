"""The register's background work: an import of participants (its progress visible while it runs) and, daily,
the erasure of participants whose retention has ended (service.participants.retention)."""

from __future__ import annotations

from service.extensions import db
from service.jobs.progress import record_progress
from service.jobs.queue import job
from service.jobs.runs import current_run
from service.jobs.sweeper import MAX_ATTEMPTS
from service.participants import bulk, imports, retention
from service.participants.keys import tenant_key
from service.participants.models import ParticipantImport
from service.participants.operations import indicator_parents, participant_indicators, today
from service.projects.models import Project
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

RETENTION_EVERY = 86400  # seconds: erasure is due by the day
IMPORT_JOB = "participants.import"
RETENTION_JOB = "participants.retention"


def _progress(row_id: int, **values) -> None:
    record_progress(ParticipantImport, row_id, **values)


def _gave_up(attempts: int) -> dict:
    return {"line": None, "column": None, "code": "gave_up", "params": {"count": attempts}}


def import_given_up(import_id: int) -> None:
    """The sweeper gave the import's run up: its process was killed or stalled at every attempt, so the job's own
    handling below never ran. The importer is told so, and the file (personal data) is not kept."""
    record = db.session.get(ParticipantImport, import_id)
    if record is not None and record.status not in ("done", "refused"):
        _refuse(import_id, [_gave_up(MAX_ATTEMPTS)], rows=0)


@job(IMPORT_JOB, on_given_up=import_given_up)
def import_participants(import_id: int) -> dict:
    """Check every row of the import's file, then (only if every row is valid) register all its people in the
    job's one transaction; the file is erased with the outcome. An error undoes the registrations and shows the
    import as interrupted until the queue's next attempt runs it again from the file; after the last attempt the
    import is refused with that reason and the file erased."""
    try:
        return _import(import_id)
    except Exception:
        db.session.rollback()
        run = current_run()
        if run is not None and run.attempt >= MAX_ATTEMPTS:
            # The queue tries no more: the importer is told so, and the file (personal data) is not kept.
            _refuse(import_id, [_gave_up(run.attempt)], rows=0)
            db.session.commit()
        else:
            _progress(import_id, status="failed")
        raise


def _import(import_id: int) -> dict:
    record = db.session.get(ParticipantImport, import_id)
    if record is None or record.status in ("done", "refused"):
        return {"import": import_id, "status": record.status if record else "missing"}
    project = db.session.get(Project, record.project_id)
    content, user_id = record.content or b"", record.created_by
    context = imports.Context(
        key=tenant_key(),
        allowed=frozenset(participant_indicators(project)),
        parents=indicator_parents(),
        start=project.project_start,
        end=project.project_end,
        today=today(),
    )
    _progress(import_id, status="validating", rows_read=0, rows_done=0, errors=[])
    try:
        outcome = imports.read(content, context, progress=lambda rows: _progress(import_id, rows_read=rows))
    except imports.FileProblem as problem:
        return _refuse(import_id, [problem.as_error()], rows=0)
    if outcome.errors:
        errors = outcome.errors
        if outcome.more_errors:
            errors = [*errors, {"line": None, "column": None, "code": "more", "params": {"count": outcome.more_errors}}]
        return _refuse(import_id, errors, rows=outcome.rows)
    _progress(import_id, status="writing", rows_read=outcome.rows, rows_total=outcome.rows)
    created = bulk.write(
        outcome.people.values(),
        tenant_id=current_tenant().id,
        project_id=project.id,
        user_id=user_id,
        now=utcnow(),
    )
    record = db.session.get(ParticipantImport, import_id)
    record.status, record.rows_done, record.created = "done", outcome.rows, created
    record.merged, record.content, record.finished_at = outcome.rows - created, None, utcnow()
    db.session.flush()
    return {"import": import_id, "status": "done", "rows": outcome.rows, "created": created}


def _refuse(import_id: int, errors: list[dict], *, rows: int) -> dict:
    record = db.session.get(ParticipantImport, import_id)
    record.status, record.errors, record.rows_read = "refused", errors, rows
    record.rows_total, record.content, record.finished_at = rows, None, utcnow()
    db.session.flush()
    return {"import": import_id, "status": "refused", "errors": len(errors)}


@job(RETENTION_JOB)
def erase_after_retention() -> dict:
    """In each tenant's scope: the projects whose retention has ended lose their participant rows, keep their
    counts, and the erasure is recorded (CPR Art. 82)."""
    erased = retention.erase_due(today(), by=RETENTION_JOB)
    return {"projects": len(erased), "participants": sum(record.participants for record in erased)}
