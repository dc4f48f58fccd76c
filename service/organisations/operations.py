"""Changes to organisations: register one, invite colleagues, accept an invitation.

Plain functions that flush; the request commits. Only applicants act for organisations: the
managing authority's staff never become members (they assess the organisations' applications).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from service.accounts import passwords
from service.accounts.models import User
from service.accounts.operations import create_user, find_user_by_email, normalise_email, set_password
from service.extensions import db
from service.jobs.queue import enqueue
from service.organisations import numbers
from service.organisations.models import Membership, Organisation, OrganisationInvitation
from service.organisations.types import type_codes
from service.organisations.util import is_member
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant
from service.tenancy.scope import current_tenant_id

INVITATION_LIFETIME = timedelta(days=14)
MEMBER_ROLE = "applicant"


class OrganisationError(ValueError):
    """A change that cannot be made; ``field`` names the input at fault, ``code`` the reason."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


def create_organisation(user: User, *, name: str, number: str, organisation_type: str) -> Organisation:
    """Register an organisation with ``user`` as its first member (role "owner").

    ``number`` is validated and normalised for the tenant's country (a Y-tunnus in Finland). A
    number already registered in this tenant is refused: the person should ask a member to
    invite them."""
    country = db.session.get(Tenant, current_tenant_id()).country
    if user.role != MEMBER_ROLE:
        raise OrganisationError("user", "not_an_applicant")
    if organisation_type not in type_codes():
        raise OrganisationError("organisation_type", "unknown")
    name = " ".join(name.split())
    if not name or len(name) > 200 or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        raise OrganisationError("name", "invalid")
    try:
        normalised = numbers.normalise(country, number)
    except numbers.InvalidNumber as error:
        raise OrganisationError("number", error.reason) from error
    taken = select(Organisation.id).where(Organisation.country == country, Organisation.number == normalised)
    if db.session.scalar(taken) is not None:
        raise OrganisationError("number", "taken")
    organisation = Organisation(name=name, country=country, number=normalised, organisation_type=organisation_type)
    db.session.add(organisation)
    db.session.flush()
    db.session.add(Membership(organisation_id=organisation.id, user_id=user.id, role="owner"))
    db.session.flush()
    return organisation


def invite(organisation: Organisation, *, email: str, by: User, language: str | None = None) -> OrganisationInvitation:
    """Invite an address into the organisation; the e-mail with the link is sent by a job.

    Only members invite. A newer invitation to the same address replaces the pending ones."""
    if not is_member(by.id, organisation.id):
        raise OrganisationError("organisation", "not_a_member")
    email = normalise_email(email)
    invitee = find_user_by_email(email)
    if invitee is not None and is_member(invitee.id, organisation.id):
        raise OrganisationError("email", "already_a_member")
    if invitee is not None and invitee.role != MEMBER_ROLE:
        raise OrganisationError("email", "not_an_applicant")
    now = utcnow()
    pending = select(OrganisationInvitation).where(
        OrganisationInvitation.organisation_id == organisation.id,
        func.lower(OrganisationInvitation.email) == email,
        OrganisationInvitation.accepted_at.is_(None),
        OrganisationInvitation.revoked_at.is_(None),
    )
    for earlier in db.session.scalars(pending):
        earlier.revoked_at = now
    invitation = OrganisationInvitation(
        organisation_id=organisation.id,
        email=email,
        language=language,
        invited_by=by.id,
        expires_at=now + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    enqueue("organisations.send_invitation", key=f"invitation-{invitation.id}", invitation_id=invitation.id)
    return invitation


def accept(invitation: OrganisationInvitation, user: User) -> Membership:
    """``user`` joins the invitation's organisation as a member; the invitation is used up."""
    if user.role != MEMBER_ROLE:
        raise OrganisationError("user", "not_an_applicant")
    membership = db.session.scalar(
        select(Membership).where(
            Membership.organisation_id == invitation.organisation_id, Membership.user_id == user.id
        )
    )
    if membership is None:
        membership = Membership(organisation_id=invitation.organisation_id, user_id=user.id, role="member")
        db.session.add(membership)
    invitation.accepted_at = utcnow()
    invitation.accepted_by = user.id
    db.session.flush()
    return membership


def register_invited(
    invitation: OrganisationInvitation, *, name: str, password: str, language: str | None
) -> tuple[User, Membership]:
    """Create the invitee's account (the link proves the address: no separate confirmation) and join.

    An unconfirmed account with the address gets the new password and is confirmed (whoever
    registered it before never proved the address); a confirmed one must sign in instead."""
    if len(password) < passwords.MIN_LENGTH:
        raise OrganisationError("password", "too_short")
    user = find_user_by_email(invitation.email)
    if user is None:
        user = create_user(
            email=invitation.email,
            role=MEMBER_ROLE,
            name=name,
            password=password,
            language=language,
            send_welcome=False,
        )
    elif user.email_verified_at is None and user.active:
        user.name, user.language = name.strip(), language
        set_password(user, password, close_sessions=True)
        user.email_verified_at = utcnow()
    else:
        raise OrganisationError("email", "has_account")
    return user, accept(invitation, user)
