"""Self-registration of applicants, proven by a link e-mailed to the address.

Plain functions that flush; the request commits. Registering an address already in use in the
tenant answers exactly like a new registration (no account enumeration): the owner of an
unconfirmed account gets a new link, a confirmed one an "you already have an account" e-mail.

Confirming needs the link *and* the password chosen at registration, so a stranger who
registered someone else's address first cannot have that person confirm the stranger's account
("pre-account hijacking"); a later registration of an unconfirmed address replaces the password.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.accounts import passwords
from service.accounts.models import EmailToken, User
from service.accounts.operations import AccountError, create_user, find_user_by_email, normalise_email, set_password
from service.accounts.secrets import digest
from service.extensions import db
from service.jobs.queue import enqueue
from service.tenancy.model_base import utcnow

VERIFY_LINK_LIFETIME = timedelta(hours=48)
RESEND_PAUSE = timedelta(minutes=1)  # at most one new link a minute per person: no mail bombing


def register(*, email: str, name: str, password: str, language: str | None) -> User | None:
    """Register an applicant, unconfirmed, and queue the e-mail with the confirmation link.

    Returns the new user, or None when the address was already in use (the caller must answer
    the same either way)."""
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError("password", "too_short")
    existing = find_user_by_email(email)
    if existing is None:
        user = create_user(
            email=email,
            role="applicant",
            name=name,
            password=password,
            language=language,
            send_welcome=False,
            email_verified=False,
        )
        send_verification(user)
        return user
    if existing.active and existing.email_verified_at is None:
        existing.name, existing.language = name.strip(), language
        set_password(existing, password, close_sessions=False)
        send_verification(existing)
        return None
    passwords.hash_password(password)  # the same work as a registration: the timing tells nothing
    if existing.active:
        hour = utcnow().strftime("%Y%m%d%H")  # at most one such e-mail an hour
        enqueue("accounts.send_account_exists_email", key=f"exists-{existing.id}-{hour}", user_id=existing.id)
    return None


def send_verification(user: User) -> EmailToken | None:
    """Queue a new confirmation link for an unconfirmed user; None if one was queued moments ago."""
    recent = db.session.scalar(
        select(EmailToken.id).where(
            EmailToken.user_id == user.id,
            EmailToken.purpose == "verify",
            EmailToken.created_at > utcnow() - RESEND_PAUSE,
        )
    )
    if recent is not None:
        return None
    token = EmailToken(purpose="verify", user_id=user.id, email=user.email, expires_at=utcnow() + VERIFY_LINK_LIFETIME)
    db.session.add(token)
    db.session.flush()
    enqueue("accounts.send_verification_email", key=f"email-token-{token.id}", token_id=token.id)
    return token


def resend_verification(email: str) -> None:
    """A new link for an unconfirmed account with this address; silently nothing otherwise."""
    user = find_user_by_email(email)
    if user is not None and user.active and user.email_verified_at is None:
        send_verification(user)


def find_verification(secret) -> EmailToken | None:
    """The live confirmation token for a link's secret in this tenant (unused, unexpired), or None."""
    if not isinstance(secret, str) or not secret or len(secret) > 128:
        return None
    token = db.session.scalar(
        select(EmailToken).where(EmailToken.token_hash == digest(secret), EmailToken.purpose == "verify")
    )
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    return token


def verify_email(secret, password: str) -> User:
    """Confirm the address of the link's user; the link is used up. AccountError when it cannot be."""
    token = find_verification(secret)
    user = db.session.get(User, token.user_id) if token is not None else None
    if user is None or not user.active or normalise_email(user.email) != token.email:
        raise AccountError("token", "invalid")
    if not passwords.verify_password(user.password_hash, password or ""):
        raise AccountError("password", "wrong_password")
    now = utcnow()
    token.used_at = now
    if user.email_verified_at is None:
        user.email_verified_at = now
    return user


def is_verified(user) -> bool:
    """Whether the person proved their e-mail address (platform users have no such step)."""
    return getattr(user, "email_verified_at", True) is not None
