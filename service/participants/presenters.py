"""What the register's pages and API show, gathered once: rows as each reader may see them
(service.participants.util), counts per indicator, an import's progress with its report in the reader's
language."""

from __future__ import annotations

from dataclasses import asdict

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from service.extensions import db
from service.participants import operations
from service.participants.messages import column_label, import_message
from service.participants.models import Participant, ParticipantImport, ParticipantIndicator
from service.participants.util import COUNT_READERS, KEY_SHOWN, is_beneficiary, may_see_children
from service.projects.models import Project

PAGE_SIZE = 100


def _visible(project: Project, user):
    query = select(Participant).where(Participant.project_id == project.id)
    if not may_see_children(user, project):
        query = query.where(Participant.child.is_(False))
    return query


def participant_json(participant: Participant, codes: list[str]) -> dict:
    return {
        "id": participant.id,
        "person": participant.person_key[:KEY_SHOWN],
        "sex": participant.sex,
        "age_band": participant.age_band,
        "child": participant.child,
        "first_participation": participant.first_participation.isoformat(),
        "indicators": codes,
        "registered_at": participant.registered_at.isoformat(),
    }


def rows(project: Project, user, *, page: int = 1, size: int = PAGE_SIZE) -> tuple[list[dict], int, int]:
    """One page of the participants the person may see, the number of them, and of the children withheld."""
    visible = _visible(project, user)
    total = db.session.scalar(select(func.count()).select_from(visible.subquery()))
    participants = list(db.session.scalars(visible.order_by(Participant.id).offset((page - 1) * size).limit(size)))
    codes = _codes_of([p.id for p in participants])
    hidden = 0
    if not may_see_children(user, project):
        hidden = db.session.scalar(
            select(func.count(Participant.id)).where(Participant.project_id == project.id, Participant.child)
        )
    return [participant_json(p, codes.get(p.id, [])) for p in participants], total, hidden


def all_rows(project: Project, user) -> list[dict]:
    participants = list(db.session.scalars(_visible(project, user).order_by(Participant.id)))
    codes = _codes_of(None, project_id=project.id)
    return [participant_json(p, codes.get(p.id, [])) for p in participants]


def _codes_of(ids: list[int] | None, project_id: int | None = None) -> dict[int, list[str]]:
    query = select(ParticipantIndicator.participant_id, ParticipantIndicator.indicator_code).order_by(
        ParticipantIndicator.indicator_code
    )
    if ids is not None:
        if not ids:
            return {}
        query = query.where(ParticipantIndicator.participant_id.in_(ids))
    else:
        query = query.where(ParticipantIndicator.project_id == project_id)
    codes: dict[int, list[str]] = {}
    for participant_id, code in db.session.execute(query):
        codes.setdefault(participant_id, []).append(code)
    return codes


def counts_json(project: Project) -> dict:
    """Every participant indicator of the project (also those still at 0), by sex and by age band."""
    counts = operations.counts(project.id)
    codes = operations.participant_indicators(project)
    codes += sorted(code for code in counts if code not in codes)  # tallies of an indicator since dropped
    return {code: asdict(counts.get(code) or operations.rules.Breakdown()) for code in codes}


def errors_of(record: ParticipantImport) -> list[dict]:
    return [
        {
            "line": error.get("line"),
            "column": column_label(error.get("column")) or None,
            "reason": import_message(error),
        }
        for error in record.errors or []
    ]


def import_json(record: ParticipantImport) -> dict:
    return {
        "id": record.id,
        "project_id": record.project_id,
        "filename": record.filename,
        "status": record.status,
        "rows_total": record.rows_total,
        "rows_read": record.rows_read,
        "rows_done": record.rows_done,
        "created": record.created,
        "merged": record.merged,
        "errors": errors_of(record),
        "created_at": record.created_at.isoformat(),
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
    }


def project_links(project: Project) -> list[tuple[str, str]]:
    """The project page's link to its register, for those who may read its counts (a template global)."""
    if not current_user.is_authenticated:
        return []
    if current_user.role not in COUNT_READERS and not is_beneficiary(current_user, project):
        return []
    return [(_("Participant register"), url_for("participants.register", project_id=project.id))]
