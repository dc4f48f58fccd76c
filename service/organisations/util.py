"""Reads about organisations: which ones a person acts for."""

from __future__ import annotations

from sqlalchemy import select

from service.extensions import db
from service.organisations.models import Membership, Organisation


def organisations_of(user_id: int) -> list[Organisation]:
    """The organisations the user is a member of, in the current tenant, by name."""
    query = (
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user_id)
        .order_by(Organisation.name, Organisation.id)
    )
    return list(db.session.scalars(query))


def organisation_ids_of(user_id: int) -> list[int]:
    return [o.id for o in organisations_of(user_id)]


def is_member(user_id: int, organisation_id: int) -> bool:
    query = select(Membership.id).where(Membership.user_id == user_id, Membership.organisation_id == organisation_id)
    return db.session.scalar(query) is not None
