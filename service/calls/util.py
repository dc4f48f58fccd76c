"""Reads about calls."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import select

from service.calls.models import Call
from service.extensions import db
from service.tenancy.model_base import utcnow


def listed_publicly(now: datetime | None = None, *, include_closed: bool = False) -> list[Call]:
    """Published calls that are open or upcoming (and closed ones when asked), soonest closing first."""
    now = now or utcnow()
    query = select(Call).where(Call.status.in_(("published", "closed")))
    if not include_closed:
        query = query.where(Call.status == "published", Call.closes_at > now)
    return list(db.session.scalars(query.order_by(Call.closes_at, Call.id)))


def all_calls() -> list[Call]:
    return list(db.session.scalars(select(Call).order_by(Call.created_at.desc(), Call.id.desc())))


def call_or_404(call_id: int, *, drafts: bool = False) -> Call:
    """A call of the current tenant; drafts only for the managing authority. Anything else is 404."""
    call = db.session.get(Call, call_id)
    if call is None or (call.status == "draft" and not drafts):
        abort(404)
    return call


def time_left(call: Call, now: datetime | None = None):
    """Time until the call closes (None when closed or not yet open)."""
    now = now or utcnow()
    if not call.is_open(now):
        return None
    return call.closes_at - now
