"""API tokens: ``amif_<random>``, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from service.accounts.models import ApiToken, PlatformUser, User
from service.accounts.secrets import digest, new_secret
from service.extensions import db
from service.tenancy.model_base import utcnow
from service.tenancy.scope import current_scope
from service.tenancy.scoping import built_once

_OWNER = "_amif_owner"  # on a token read by find_token within a tenant's scope: its user, read in the same statement


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


# Built once (every API request reads its token), the hash bound at each execution.
_TOKEN = built_once(select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash")))
_TOKEN_AND_USER = built_once(
    select(ApiToken, User)
    .outerjoin(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def find_token(secret: str | None) -> ApiToken | None:
    """The live token for a Bearer secret, or None (unknown, revoked or expired)."""
    if not secret or len(secret) > 128:
        return None
    query = _TOKEN
    scope = current_scope()
    if scope is not None and scope.tenant_id is not None:
        # Within a tenant's scope the user behind the token comes in the same statement: the scope's criteria and
        # row-level security apply to the join, so another tenant's user is not read. Outside a tenant's scope (the
        # Commission's API, a public read) a query on users is refused, so the token is read alone.
        query = _TOKEN_AND_USER
    row = db.session.execute(query, {"token_hash": digest(secret)}).first()
    if row is None:
        return None
    token = row[0]
    if len(row) > 1 and row[1] is not None:
        setattr(token, _OWNER, row[1])  # held here: the session keeps what it read only while something does
    if token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= utcnow():
        return None
    return token


def owner_of(token: ApiToken):
    """The person behind a token; a tenant user is looked up within the current tenant scope (read already
    with the token by :func:`find_token` in that scope)."""
    if token.platform_user_id is not None:
        person = db.session.get(PlatformUser, token.platform_user_id)
    else:
        person = getattr(token, _OWNER, None)
        scope = current_scope()
        if person is None or scope is None or person.tenant_id != scope.tenant_id:
            person = db.session.get(User, token.user_id)
    if person is None or not person.active:
        return None
    return person


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
