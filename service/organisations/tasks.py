"""Background jobs of the organisations domain."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from service import mail
from service.accounts.models import User
from service.accounts.operations import find_user_by_email
from service.accounts.secrets import digest, link_secret
from service.accounts.tasks import mail_language, tenant_url
from service.extensions import db
from service.jobs.queue import job
from service.organisations.models import Organisation, OrganisationInvitation
from service.organisations.operations import INVITATION_LIFETIME
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant


@job("organisations.send_invitation", queue="mail")
def send_invitation(invitation_id: int) -> dict:
    """E-mail the invitation link. Its secret is derived here from the invitation (secrets.link_secret) and
    only its hash is kept (no secret in job arguments); a re-run of the job writes the same link."""
    invitation = db.session.get(OrganisationInvitation, invitation_id)
    if invitation is None:
        raise LookupError(f"invitation {invitation_id} not found in this tenant")
    if invitation.status(utcnow()) in ("accepted", "revoked"):
        return {"skipped": invitation.status(utcnow())}
    organisation = db.session.get(Organisation, invitation.organisation_id)
    inviter = db.session.get(User, invitation.invited_by)
    invitee = find_user_by_email(invitation.email)
    tenant = db.session.get(Tenant, invitation.tenant_id)
    secret = link_secret("invitation", invitation.tenant_id, invitation.id, invitation.created_at)
    invitation.token_hash = digest(secret)
    invitation.expires_at = utcnow() + INVITATION_LIFETIME  # counted from sending
    db.session.flush()
    language = mail_language(tenant, invitee.language if invitee is not None else invitation.language)
    with force_locale(language):
        subject = _("Invitation to %(organisation)s in AMIF Hub", organisation=organisation.name)
        body = _(
            "%(inviter)s invites you to act for %(organisation)s in %(tenant)s: to apply for funding "
            "and follow the organisation's applications.\n\n"
            "Open this link within 14 days to accept:\n%(url)s\n\n"
            "If you do not know the sender, ignore this e-mail.\n\n"
            "%(authority)s",
            inviter=inviter.name or inviter.email,
            organisation=organisation.name,
            tenant=tenant.name(language),
            url=tenant_url(tenant, f"invitations/{secret}"),
            authority=tenant.authority_name(language),
        )
    message_id = mail.send(to=invitation.email, subject=subject, body=body, language=language)
    return {"message_id": message_id, "language": language}
