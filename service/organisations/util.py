"""Reads about organisations: which ones a person acts for."""

from __future__ import annotations

from sqlalchemy import select

from service.accounts.models import User
from service.accounts.secrets import digest
from service.extensions import db
from service.organisations.models import Membership, Organisation, OrganisationInvitation
from service.tenancy.model_base import utcnow


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


def _memberships(user_id: int, organisation_id):
    return select(Membership.id).where(Membership.user_id == user_id, Membership.organisation_id == organisation_id)


def is_member(user_id: int, organisation_id: int) -> bool:
    return db.session.scalar(_memberships(user_id, organisation_id)) is not None


def member_of(user_id: int, organisation_id):
    """SQL: the user is a member of the organisation; ``organisation_id`` may be a column of the enclosing query
    (``Application.organisation_id``), so that one statement reads a row and whether its reader may see it."""
    return _memberships(user_id, organisation_id).exists()


# Managing authority staff who read every organisation of the tenant (never members of one).
STAFF_READERS = frozenset({"ma_admin", "case_officer", "auditor"})


def readable_organisation(user, organisation_id: int) -> Organisation | None:
    """The organisation if ``user`` may see it (a member, or MA staff), else None: answer 404."""
    organisation = db.session.get(Organisation, organisation_id)  # the tenant scope hides others'
    if organisation is None:
        return None
    if user.role in STAFF_READERS or is_member(user.id, organisation_id):
        return organisation
    return None


def visible_organisations(user) -> list[Organisation]:
    """What a person may list: their own organisations; MA staff, every one of the tenant."""
    if user.role in STAFF_READERS:
        return list(db.session.scalars(select(Organisation).order_by(Organisation.name, Organisation.id)))
    return organisations_of(user.id)


def members_of(organisation_id: int) -> list[tuple[Membership, User]]:
    query = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == organisation_id)
        .order_by(Membership.created_at, Membership.id)
    )
    return [(m, u) for m, u in db.session.execute(query)]


def invitations_of(organisation_id: int) -> list[OrganisationInvitation]:
    query = (
        select(OrganisationInvitation)
        .where(OrganisationInvitation.organisation_id == organisation_id)
        .order_by(OrganisationInvitation.created_at.desc(), OrganisationInvitation.id.desc())
    )
    return list(db.session.scalars(query))


def find_invitation(secret) -> OrganisationInvitation | None:
    """The live invitation for a link's secret in this tenant (not accepted, replaced or expired)."""
    if not isinstance(secret, str) or not secret or len(secret) > 128:
        return None
    invitation = db.session.scalar(
        select(OrganisationInvitation).where(OrganisationInvitation.token_hash == digest(secret))
    )
    if invitation is None or invitation.status(utcnow()) != "pending":
        return None
    return invitation
