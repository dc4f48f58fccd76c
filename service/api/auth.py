"""Bearer-token authentication for the API.

A token is looked up by its hash before the tenant matters; then a token of another tenant
answers 404 (the object "does not exist" for it), a missing, expired or revoked token 401.
The tokens themselves are the accounts domain's: it puts its token store in ``app.extensions[TOKENS]``
(an object with ``find_token(secret, along=None)``, ``owner_of(token)`` and ``read_along(token)``), as Flask-Login
is given a user loader.

A view may name what it reads first (:func:`read_with_token`): that read then comes in the statement that reads the
token, one round trip fewer on the requests an applicant makes most (issue 15's deadline peak).
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps
from typing import Protocol

from flask import abort, current_app, g, request
from sqlalchemy import Select

from service.audit.recorder import set_actor
from service.tenancy.current import current_tenant_or_none
from service.tenancy.model_base import utcnow

_TOUCH_EVERY = timedelta(seconds=60)
TOKENS = "amif_api_tokens"  # app.extensions key: the token store (service.accounts.tokens)
FIRST_READ = "amif_first_read"  # on a view: what it reads first, read in the statement that reads the token


class ReadWithToken(Protocol):
    """What a view reads first, in the statement that reads the caller's token (a domain's, e.g. an applicant's
    application). ``statement`` starts from the token store's token with its user and adds its own entities;
    ``bind`` gives its values from the URL's; ``received`` is called with the person and what was read along (None
    when the token was read alone) once the token has passed every check, never before."""

    statement: Select

    def bind(self, view_args: dict) -> dict: ...

    def received(self, person, values: tuple | None) -> None: ...


def read_with_token(read: ReadWithToken):
    """Mark an API view: ``read`` comes in the statement that reads the caller's token (see :class:`ReadWithToken`).
    Whatever the view then reads is read as before when nothing came along (another kind of caller, a token read
    alone); nothing is decided from it before the token is found good."""

    def mark(view):
        setattr(view, FIRST_READ, read)
        return view

    return mark


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def api_auth(*roles: str, platform_roles: tuple[str, ...] = ()):
    """Require a token of this tenant with one of ``roles`` (any tenant role if none given);
    platform users pass only with one of ``platform_roles``."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            person = authenticate(getattr(view, FIRST_READ, None))
            tenant = current_tenant_or_none()
            if person.tenant_id is None:
                if person.role not in platform_roles:
                    abort(404 if tenant is not None else 403)
            else:
                if tenant is None or person.tenant_id != tenant.id:
                    abort(404)
                if roles and person.role not in roles:
                    abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def authenticate(read: ReadWithToken | None = None):
    tokens = current_app.extensions[TOKENS]
    along = (read.statement, read.bind(request.view_args or {})) if read is not None else None
    token = tokens.find_token(bearer_secret(), along=along)
    if token is None:
        abort(401)
    tenant = current_tenant_or_none()
    if token.tenant_id is not None and (tenant is None or token.tenant_id != tenant.id):
        g.foreign_token = tenant is not None  # recorded as a security event of the asked tenant, without its person
        abort(404)
    person = tokens.owner_of(token)
    if person is None:
        abort(401)
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        token.last_used_at = now
    g.api_user, g.api_token = person, token
    set_actor(f"{person.kind}:{person.id}", person.email, g.get("request_id"))
    if read is not None:
        read.received(person, tokens.read_along(token))
    return person


def optional_caller():
    """The caller when a token is given (an invalid one still answers 401), else None: for public reads."""
    if bearer_secret() is None:
        return None
    return authenticate()
