"""Periodic platform jobs, enqueued by ``amif scheduler``."""

from __future__ import annotations

from sqlalchemy import or_, update

from service.accounts.models import AuthSession
from service.extensions import db
from service.jobs.queue import job
from service.tenancy.model_base import utcnow


@job("platform.expire_sessions")
def expire_sessions(idle_minutes: int = 30, absolute_hours: int = 12) -> dict:
    """Mark sessions past their idle or absolute limit as revoked (they are refused anyway)."""
    from datetime import timedelta

    now = utcnow()
    result = db.session.execute(
        update(AuthSession)
        .where(AuthSession.revoked_at.is_(None))
        .where(
            or_(
                AuthSession.last_seen_at < now - timedelta(minutes=idle_minutes),
                AuthSession.created_at < now - timedelta(hours=absolute_hours),
            )
        )
        .values(revoked_at=now)
    )
    return {"expired": result.rowcount}
