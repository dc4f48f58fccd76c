"""Reading the audit trail of the current tenant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service.audit.models import AuditEntry
from service.extensions import db

PAGE_SIZE = 50


def entries(
    *, before_id: int | None = None, entity: str | None = None, since: datetime | None = None, limit: int = PAGE_SIZE
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return list(db.session.scalars(query))
