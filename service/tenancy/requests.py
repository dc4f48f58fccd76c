"""Resolving the tenant of a request from its URL, once, and entering its scope."""

from __future__ import annotations

from flask import abort, g
from sqlalchemy import select

from service.extensions import db
from service.tenancy import scope as tenant_scope
from service.tenancy.models import Tenant


def find_tenant(code: str) -> Tenant | None:
    if not isinstance(code, str) or not code.isascii() or not code.isalpha() or len(code) > 8:
        return None
    return db.session.scalar(select(Tenant).where(Tenant.code == code.lower(), Tenant.active.is_(True)))


def bind_tenant_urls(blueprint) -> None:
    """Make ``<tenant>`` in the blueprint's URLs select the tenant, or answer 404."""

    @blueprint.url_value_preprocessor
    def _resolve(endpoint, values):
        code = (values or {}).pop("tenant", None)
        if code is None:
            return
        tenant = find_tenant(code)
        if tenant is None or tenant.code != code:
            abort(404)
        g.tenant = tenant
        g.tenant_scope_token = tenant_scope.enter(tenant_scope.Scope(tenant.id))

    @blueprint.url_defaults
    def _add_tenant(endpoint, values):
        if "tenant" not in values and g.get("tenant") is not None:
            values["tenant"] = g.tenant.code


def leave_request_scope(exc=None) -> None:
    token = g.pop("tenant_scope_token", None)
    if token is not None:
        tenant_scope.leave(token)
