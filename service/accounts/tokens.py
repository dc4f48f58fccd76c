"""API tokens: ``amif_<random>``, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service.accounts.models import ApiToken, PlatformUser, User
from service.accounts.secrets import digest, new_secret
from service.extensions import db
from service.tenancy.model_base import utcnow


def create_token(person, *, name: str = "", expires_at: datetime | None = None) -> str:
    secret = new_secret("amif_")
    token = ApiToken(
        token_hash=digest(secret), prefix=secret[:12], name=name, tenant_id=person.tenant_id, expires_at=expires_at
    )
    if isinstance(person, User):
        token.user_id = person.id
    else:
        token.platform_user_id = person.id
    db.session.add(token)
    db.session.flush()
    return secret


def find_token(secret: str | None) -> ApiToken | None:
    """The live token for a Bearer secret, or None (unknown, revoked or expired)."""
    if not secret or len(secret) > 128:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= utcnow():
        return None
    return token


def owner_of(token: ApiToken):
    """The person behind a token; a tenant user is looked up within the current tenant scope."""
    if token.platform_user_id is not None:
        person = db.session.get(PlatformUser, token.platform_user_id)
    else:
        person = db.session.get(User, token.user_id)
    if person is None or not person.active:
        return None
    return person


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
