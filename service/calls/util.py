"""Reads about calls."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.calls.models import Call
from service.catalogue.models import Indicator, SpecificObjective
from service.extensions import db
from service.tenancy.model_base import utcnow


def listed_publicly(now: datetime | None = None, *, include_closed: bool = False) -> list[Call]:
    """Published calls that are open or upcoming (and closed ones when asked), soonest closing first."""
    now = now or utcnow()
    query = select(Call).where(Call.status.in_(("published", "closed")))
    if not include_closed:
        query = query.where(Call.status == "published", Call.closes_at > now)
    # The list shows each call's objectives and the API its changes: loaded in two queries, not one per call.
    query = query.options(selectinload(Call.objectives), selectinload(Call.changes))
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


def specific_objectives() -> dict[str, SpecificObjective]:
    """The catalogue's specific objectives a call can cover (SO1–SO4, not technical assistance), newest version
    of each, in order."""
    rows = db.session.scalars(
        select(SpecificObjective)
        .where(SpecificObjective.code != "TA")
        .order_by(SpecificObjective.number, SpecificObjective.valid_from)
    )
    return {row.code: row for row in rows}


def indicators() -> dict[str, Indicator]:
    """The common indicators, newest version of each, in the catalogue's order."""
    rows = db.session.scalars(select(Indicator).order_by(Indicator.valid_from, Indicator.id))
    latest = {row.code: row for row in rows}
    return dict(sorted(latest.items(), key=lambda item: (item[1].specific_objective, item[1].id)))
