"""The background job that builds a transmission: its progress is committed as it goes, its content and problems
are written at the end in the job's one transaction (a job killed half-way leaves no half-built content, and its
retry builds the whole again from the data)."""

from __future__ import annotations

from service.extensions import db
from service.jobs.progress import record_progress
from service.jobs.queue import job
from service.tenancy.model_base import utcnow
from service.transmissions import build, rules, schema
from service.transmissions.models import TransmissionDraft
from service.transmissions.operations import BUILD_JOB


def _progress(row_id: int, **values) -> None:
    record_progress(TransmissionDraft, row_id, **values)


@job(BUILD_JOB)
def build_transmission(draft_id: int) -> dict:
    try:
        return _build(draft_id)
    except Exception:
        db.session.rollback()
        _progress(draft_id, status="failed")
        raise


def _build(draft_id: int) -> dict:
    draft = db.session.get(TransmissionDraft, draft_id)
    if draft is None or draft.status not in ("queued", "building", "failed"):
        return {"draft": draft_id, "status": draft.status if draft else "missing"}
    cut = rules.from_version(draft.version)
    _progress(draft_id, status="building", rows_done=0, rows_total=0)
    content, problems = build.content_of(
        cut, progress=lambda done, total: _progress(draft_id, rows_done=done, rows_total=total)
    )
    problems += [
        {"code": "schema", "path": found["path"], "params": {"message": found["message"]}}
        for found in schema.problems(content)
    ]
    draft = db.session.get(TransmissionDraft, draft_id)
    draft.content = content
    draft.problems = problems
    draft.status = "invalid" if problems else "ready"
    draft.built_at = utcnow()
    db.session.flush()
    return {"draft": draft_id, "status": draft.status, "problems": len(problems)}
