"""Forgotten passwords: a link e-mailed to the address sets a new password.

Plain functions that flush; the request commits. Asking for a link answers the same whether or not the address
has an account (no account enumeration) and does the same small work either way: the e-mail goes out in a job
(queue "mail"), never while the request waits for SMTP.

A link is an :class:`EmailToken` of purpose "reset": only the SHA-256 of its secret is stored, it is bound to
the tenant and the person, lives 30 minutes from sending, and works once. A newer link, a password changed
by any way, or the person deactivated, ends it. Setting the password closes all the person's sessions; it does
not sign in, so two-factor sign-in is asked for as always at the next sign-in.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.accounts.models import EmailToken, User
from service.accounts.operations import AccountError, end_reset_links, find_user_by_email, normalise_email, set_password
from service.accounts.secrets import digest
from service.extensions import db
from service.jobs.queue import enqueue
from service.tenancy.model_base import utcnow

PURPOSE = "reset"
RESET_LINK_LIFETIME = timedelta(minutes=30)  # stated in the e-mail and on the pages
RESET_LINK_MINUTES = 30


def request_reset(email: str) -> EmailToken | None:
    """Queue a reset link for the active account with this address in the current tenant; silently nothing
    otherwise. Any earlier link of the person stops working (superseded)."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return None
    end_reset_links(user)
    token = EmailToken(purpose=PURPOSE, user_id=user.id, email=user.email, expires_at=utcnow() + RESET_LINK_LIFETIME)
    db.session.add(token)
    db.session.flush()
    enqueue("accounts.send_reset_email", key=f"email-token-{token.id}", token_id=token.id)
    return token


def find_reset(secret) -> EmailToken | None:
    """The live reset token for a link's secret in this tenant (sent, unused, unexpired, its person active and
    still at the address the link was sent to), or None."""
    if not isinstance(secret, str) or not secret or len(secret) > 128:
        return None
    token = db.session.scalar(
        select(EmailToken).where(EmailToken.token_hash == digest(secret), EmailToken.purpose == PURPOSE)
    )
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    user = db.session.get(User, token.user_id)
    if user is None or not user.active or normalise_email(user.email) != token.email:
        return None
    return token


def reset_password(secret, password: str) -> User:
    """Set a new password by a live link; the link is used up, every session of the person closed and a
    confirmation e-mail queued. AccountError ("token" or "password") when it cannot be; nothing changed then."""
    token = find_reset(secret)
    if token is None:
        raise AccountError("token", "invalid")
    user = db.session.get(User, token.user_id)
    set_password(user, password, close_sessions=True)  # checks the rules first; ends this link and any other
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the link proved the address
    enqueue("accounts.send_password_changed_email", key=f"password-changed-{token.id}", user_id=user.id)
    return user
