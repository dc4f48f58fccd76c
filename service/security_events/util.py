"""Reading the tenant's security events: newest first, filtered by person, answer and days (the tenant's)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from service.accounts.roles import AUDIT_READERS
from service.extensions import db
from service.security_events.models import SecurityEvent
from service.tenancy.current import current_tenant

READERS = AUDIT_READERS  # the MA administrator and the tenant's auditors
PAGE_SIZE = 50


def _start_of(day: date) -> datetime:
    """The instant a day of the tenant's calendar begins."""
    return datetime.combine(day, time.min, tzinfo=current_tenant().zone)


def events(
    *,
    person: str | None = None,
    status: int | None = None,
    since: date | None = None,
    until: date | None = None,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> list[SecurityEvent]:
    """``person``: an e-mail or an actor ("user:12"), exactly; ``since``/``until``: days, both included."""
    query = select(SecurityEvent).order_by(SecurityEvent.id.desc()).limit(limit)
    if person:
        query = query.where(or_(func.lower(SecurityEvent.actor_label) == person.lower(), SecurityEvent.actor == person))
    if status is not None:
        query = query.where(SecurityEvent.status == status)
    if since is not None:
        query = query.where(SecurityEvent.last_at >= _start_of(since))
    if until is not None:
        query = query.where(SecurityEvent.first_at < _start_of(until + timedelta(days=1)))
    if before_id is not None:
        query = query.where(SecurityEvent.id < before_id)
    return list(db.session.scalars(query))
