"""The decisions in force: per application, the latest approved decision (a correction replaces what it
corrects). The one rule the budget left, the statistics and the programme's committed amounts count by."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.sql import Subquery

from service.decisions.models import Decision
from service.extensions import db


def decisions_in_force(*conditions, options=()) -> dict[int, Decision]:
    """The decision in force of each application the conditions select (on Decision), by application id.
    ``options``: loader options, e.g. the columns a caller reads (``load_only``)."""
    in_force = in_force_ids(*conditions)
    found = db.session.scalars(select(Decision).options(*options).join(in_force, in_force.c.id == Decision.id))
    return {decision.application_id: decision for decision in found}


def grants_in_force(*conditions, options=()) -> dict[int, Decision]:
    """Of those, the grants (a grant corrected into a rejection is not one)."""
    in_force = decisions_in_force(*conditions, options=options)
    return {key: decision for key, decision in in_force.items() if decision.granted}


def in_force_ids(*conditions) -> Subquery:
    """The rule in SQL, for a query to join: the id of each application's decision in force among those the
    conditions select (column ``id``: the latest approved; later ones replace earlier ones)."""
    return (
        select(func.max(Decision.id).label("id"))
        .where(Decision.status == "approved", *conditions)
        .group_by(Decision.application_id)
        .subquery()
    )
