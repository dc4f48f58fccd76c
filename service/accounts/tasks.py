"""Background jobs of the accounts domain."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from service import mail
from service.accounts.models import EmailToken, User
from service.accounts.password_reset import RESET_LINK_LIFETIME, RESET_LINK_MINUTES
from service.accounts.registration import VERIFY_LINK_LIFETIME
from service.accounts.secrets import digest, link_secret
from service.extensions import db
from service.jobs.queue import job
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant


def _person(user_id: int) -> tuple[User, Tenant, str]:
    """The person a mail goes to (within the job's tenant scope), their tenant and the mail's language."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} not found in this tenant")
    tenant = db.session.get(Tenant, user.tenant_id)
    return user, tenant, mail_language(tenant, user.language)


def _link(token_id: int, purpose: str, lifetime, needed) -> tuple[EmailToken, Tenant, str, str] | None:
    """The token's link for this sending: its secret derived here from the token (secrets.link_secret) and only
    its hash kept, so it is in no job argument and a re-run writes the same link; valid ``lifetime`` from now.
    None when ``needed(token, user)`` says the link is no longer wanted."""
    token = db.session.get(EmailToken, token_id)
    if token is None:
        raise LookupError(f"e-mail token {token_id} not found in this tenant")
    user = db.session.get(User, token.user_id)
    if not needed(token, user):
        return None
    tenant = db.session.get(Tenant, token.tenant_id)
    secret = link_secret(purpose, token.tenant_id, token.id, token.created_at)
    token.token_hash = digest(secret)
    token.expires_at = utcnow() + lifetime
    db.session.flush()
    return token, tenant, mail_language(tenant, user.language), secret


def _sent(to: str, subject: str, body: str, language: str) -> dict:
    return {"message_id": mail.send(to=to, subject=subject, body=body, language=language), "language": language}


@job("accounts.send_welcome_email", queue="mail")
def send_welcome_email(user_id: int) -> dict:
    user, tenant, language = _person(user_id)
    with force_locale(language):
        subject = _("Welcome to AMIF Hub")
        body = _(
            "An account has been created for you in %(tenant)s.\n\n"
            "Sign in at %(url)s with this e-mail address.\n\n"
            "%(authority)s",
            tenant=tenant.name(language),
            url=tenant_url(tenant, "login"),
            authority=tenant.authority_name(language),
        )
    return _sent(user.email, subject, body, language)


def mail_language(tenant: Tenant, preferred: str | None) -> str:
    """The language of an e-mail: the person's, when the tenant offers it, else the tenant's default."""
    return preferred if preferred in tenant.languages else tenant.default_language


def tenant_url(tenant: Tenant, path: str) -> str:
    """An absolute link into the tenant's pages, for e-mails."""
    return f"{current_app.config['AMIF_BASE_URL']}/{tenant.code}/{path.lstrip('/')}"


@job("accounts.send_verification_email", queue="mail")
def send_verification_email(token_id: int) -> dict:
    """E-mail a confirmation link, valid 48 hours from sending (_link)."""
    link = _link(
        token_id,
        "verify",
        VERIFY_LINK_LIFETIME,
        lambda token, user: token.used_at is None and user.active and user.email_verified_at is None,
    )
    if link is None:
        return {"skipped": "no longer needed"}
    token, tenant, language, secret = link
    with force_locale(language):
        subject = _("Confirm your e-mail address for AMIF Hub")
        body = _(
            "Someone, probably you, registered this e-mail address in %(tenant)s.\n\n"
            "To confirm it, open this link within 48 hours and enter the password you chose:\n"
            "%(url)s\n\n"
            "If you did not register, ignore this e-mail: no account will be used without confirmation.\n\n"
            "%(authority)s",
            tenant=tenant.name(language),
            url=tenant_url(tenant, f"verify/{secret}"),
            authority=tenant.authority_name(language),
        )
    return _sent(token.email, subject, body, language)


@job("accounts.send_account_exists_email", queue="mail")
def send_account_exists_email(user_id: int) -> dict:
    """Someone registered an address that already has an account: tell its owner, nobody else."""
    user, tenant, language = _person(user_id)
    with force_locale(language):
        subject = _("You already have an AMIF Hub account")
        body = _(
            "Someone, probably you, tried to register this e-mail address in %(tenant)s, "
            "but it already has an account.\n\n"
            "Sign in at %(url)s. If it was not you, you can ignore this e-mail.\n\n"
            "%(authority)s",
            tenant=tenant.name(language),
            url=tenant_url(tenant, "login"),
            authority=tenant.authority_name(language),
        )
    return _sent(user.email, subject, body, language)


@job("accounts.send_reset_email", queue="mail")
def send_reset_email(token_id: int) -> dict:
    """E-mail a password reset link, valid 30 minutes from sending (_link); a link superseded or used meanwhile
    is not sent."""
    link = _link(token_id, "reset", RESET_LINK_LIFETIME, lambda token, user: token.used_at is None and user.active)
    if link is None:
        return {"skipped": "no longer needed"}
    token, tenant, language, secret = link
    with force_locale(language):
        subject = _("Set a new password for AMIF Hub")
        body = _(
            "Someone, probably you, asked to set a new password for this e-mail address in %(tenant)s.\n\n"
            "To choose a new password, open this link within %(minutes)s minutes. It works once:\n"
            "%(url)s\n\n"
            "If you did not ask for it, ignore this e-mail: your password stays as it is.\n\n"
            "%(authority)s",
            tenant=tenant.name(language),
            minutes=RESET_LINK_MINUTES,
            url=tenant_url(tenant, f"password/reset/{secret}"),
            authority=tenant.authority_name(language),
        )
    return _sent(token.email, subject, body, language)


@job("accounts.send_password_changed_email", queue="mail")
def send_password_changed_email(user_id: int) -> dict:
    """Tell the person their password was set by a reset link, and what to do if it was not them."""
    user, tenant, language = _person(user_id)
    with force_locale(language):
        subject = _("Your AMIF Hub password was changed")
        body = _(
            "The password of your account in %(tenant)s was changed with a link sent to this e-mail address. "
            "You were signed out everywhere.\n\n"
            "Sign in at %(url)s with the new password.\n\n"
            "If you did not change it, set a new password at once at %(reset_url)s "
            "and contact the managing authority.\n\n"
            "%(authority)s",
            tenant=tenant.name(language),
            url=tenant_url(tenant, "login"),
            reset_url=tenant_url(tenant, "password/forgot"),
            authority=tenant.authority_name(language),
        )
    return _sent(user.email, subject, body, language)
