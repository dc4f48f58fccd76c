"""API tokens: ``amif_<random>``, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, or_, select

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
# The start of a statement that reads, with a tenant user's token, what the request reads first (the API's
# read_with_token): the token and its user, then the reader's entities (``User.id`` is the reader's id there). Only
# a live token of an active person finds a row, so that nothing is read along (or locked) for any other; such a
# token is then read alone and refused as before.
TOKEN_WITH_USER = (
    select(ApiToken, User)
    .join(User, User.id == ApiToken.user_id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > bindparam("now")),
        User.active.is_(True),
    )
)
_ALONG = "_amif_along"  # on a token read by such a statement: what was read along with it


def find_token(secret: str | None, *, along: tuple | None = None) -> ApiToken | None:
    """The live token for a Bearer secret, or None (unknown, revoked or expired).

    ``along``: (a statement that starts with :data:`TOKEN_WITH_USER`, its values). Within a tenant's scope it is
    read instead of the token alone, and what it read after the token and its user is kept for :func:`read_along`.
    When it finds no row (an unknown, revoked or expired token, another tenant's, one without an active person here,
    or nothing to read along), the token is read alone, as without it, and nothing is kept."""
    if not secret or len(secret) > 128:
        return None
    values = {"token_hash": digest(secret)}
    query, row, tail = _TOKEN, None, None
    scope = current_scope()
    if scope is not None and scope.tenant_id is not None:
        # Within a tenant's scope the user behind the token comes in the same statement: the scope's criteria and
        # row-level security apply to the join, so another tenant's user is not read. Outside a tenant's scope (the
        # Commission's API, a public read) a query on users is refused, so the token is read alone.
        query = _TOKEN_AND_USER
        if along is not None:
            row = db.session.execute(along[0], {**along[1], **values, "now": utcnow()}).first()
            tail = tuple(row[2:]) if row is not None else None
    if row is None:
        row = db.session.execute(query, values).first()
    if row is None:
        return None
    token = row[0]
    if len(row) > 1 and row[1] is not None:
        setattr(token, _OWNER, row[1])  # held here: the session keeps what it read only while something does
    setattr(token, _ALONG, tail)
    if token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= utcnow():
        return None
    return token


def read_along(token: ApiToken) -> tuple | None:
    """What :func:`find_token` read along with this token (once; None when it read the token alone)."""
    return token.__dict__.pop(_ALONG, None)


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
