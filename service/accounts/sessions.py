"""Server-side sign-in sessions: 30 idle minutes, 12 hours at most, revoked on sign-out."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from service.accounts.models import AuthSession, PlatformUser, User
from service.accounts.secrets import digest, new_secret
from service.extensions import db
from service.tenancy.model_base import utcnow
from service.tenancy.scope import current_scope

_TOUCH_EVERY = timedelta(seconds=60)


def open_session(person) -> str:
    """Start a session for a user who has proven who they are; returns the cookie's secret."""
    secret = new_secret("s_")
    row = AuthSession(token_hash=digest(secret), tenant_id=person.tenant_id)
    if isinstance(person, User):
        row.user_id = person.id
    else:
        row.platform_user_id = person.id
    db.session.add(row)
    db.session.flush()
    person.session_secret = secret
    return secret


def find_session(secret: str | None) -> AuthSession | None:
    """The live session for a cookie secret, or None (unknown, revoked, idle or too old)."""
    if not secret or not isinstance(secret, str) or len(secret) > 128:
        return None
    row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == digest(secret)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    config = current_app.config
    if (
        now - row.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
        or now - row.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]
    ):
        row.revoked_at = now
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
    return row


def person_of(row: AuthSession, secret: str):
    """The user behind a live session, looked up within the current tenant scope."""
    if row.platform_user_id is not None:
        person = db.session.get(PlatformUser, row.platform_user_id)
    else:
        scope = current_scope()
        if scope is None or scope.tenant_id != row.tenant_id:
            return None
        person = db.session.get(User, row.user_id)
    if person is None or not person.active:
        return None
    person.session_secret = secret
    return person


def close_session(secret: str | None) -> None:
    if not secret:
        return
    row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == digest(secret)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def close_all_sessions(person) -> None:
    """Revoke every session of a person (password change, deactivation)."""
    column = AuthSession.user_id if isinstance(person, User) else AuthSession.platform_user_id
    for row in db.session.scalars(select(AuthSession).where(column == person.id, AuthSession.revoked_at.is_(None))):
        row.revoked_at = utcnow()
