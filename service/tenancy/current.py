"""The tenant the current unit of work acts for: one handle for requests, jobs and CLI commands.

The tenant scope (service.tenancy.scope) says which tenant's rows may be touched; :func:`current_tenant`
gives that tenant's row. A request resolves its tenant from the URL once (service.tenancy.requests) and
keeps it here; a job (workers.runner) or a CLI command enters a tenant scope, and its tenant is read on
first use, once per application context. Inside a platform scope, or with no scope, there is no tenant.

The row is detached from the session: a rollback does not expire it, so error pages and messages can still
read its languages and time zone without a query, even while the database is down. It is a copy, never the
instance the unit of work may itself have loaded (and change, as ``amif tenants sync`` does).
"""

from __future__ import annotations

from datetime import date

from flask import g, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import make_transient_to_detached

from service.extensions import db
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant
from service.tenancy.scope import TenantScopeMissing, current_scope

_KEPT = "_amif_tenants"  # flask.g: tenant id -> its detached row, for this application context


class NoCurrentTenant(TenantScopeMissing):
    """The tenant was asked for outside any tenant's scope (a platform page, a platform job, no scope)."""


def current_tenant() -> Tenant:
    """The tenant of the current scope; raises :class:`NoCurrentTenant` where there is none."""
    tenant = current_tenant_or_none()
    if tenant is None:
        scope = current_scope()
        where = "no scope" if scope is None else "the platform scope"
        raise NoCurrentTenant(f"no current tenant: the code runs in {where}, not in a tenant's scope")
    return tenant


def tenant_today() -> date:
    """Today in the current tenant's time zone: the day of its calendar (due days, ledger days, cut-offs)."""
    return utcnow().astimezone(current_tenant().zone).date()


def current_tenant_or_none() -> Tenant | None:
    """The tenant of the current scope, or None (platform scope, no scope, or no application context)."""
    scope = current_scope()
    if scope is None or scope.tenant_id is None or not has_app_context():
        return None
    kept = g.setdefault(_KEPT, {})
    tenant = kept.get(scope.tenant_id)
    if tenant is None:
        tenant = kept[scope.tenant_id] = _detached_copy(scope.tenant_id)
    return tenant


def keep(tenant: Tenant) -> None:
    """Make a row already read and detached (a request's, from its URL) the current tenant of its scope."""
    g.setdefault(_KEPT, {})[tenant.id] = tenant


def _detached_copy(tenant_id: int) -> Tenant:
    table = Tenant.__table__
    row = db.session.execute(select(table).where(table.c.id == tenant_id)).mappings().first()
    if row is None:
        raise NoCurrentTenant(f"the scope names tenant {tenant_id}, which does not exist")
    tenant = Tenant(**{column.key: row[column.name] for column in table.columns})
    make_transient_to_detached(tenant)  # loaded values, no history: as if read and then expunged
    return tenant


def register(app) -> None:
    """Templates read the tenant through the same handle: ``current_tenant_or_none()``."""
    app.jinja_env.globals["current_tenant"] = current_tenant
    app.jinja_env.globals["current_tenant_or_none"] = current_tenant_or_none
