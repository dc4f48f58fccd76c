"""The tenant scope: which tenant's data the current unit of work may touch.

One mechanism for requests, CLI commands and background jobs: a context variable. A request
enters the tenant named in its URL; a job re-enters the tenant it was enqueued for; platform
work (the tenant registry, the shared catalogue, the Commission's aggregation, which visits
each tenant in turn) runs in the platform scope, in which no tenant's rows are visible.
With no scope at all, any query on tenant-owned data raises (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class TenantScopeMissing(RuntimeError):
    """Tenant-owned data was touched outside any tenant scope."""


class CrossTenantWrite(RuntimeError):
    """An object of one tenant was written while in another tenant's scope."""


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None  # None: the platform scope

    @property
    def is_platform(self) -> bool:
        return self.tenant_id is None

    def setting(self) -> str:
        """The value of PostgreSQL's ``app.tenant_id`` for this scope."""
        return "platform" if self.tenant_id is None else str(self.tenant_id)


_scope: ContextVar[Scope | None] = ContextVar("amif_tenant_scope", default=None)
# Called with the new scope whenever one is entered or left, so an open database transaction
# can follow (see tenancy.scoping); set by the app factory.
_on_change: list = []


def current_scope() -> Scope | None:
    return _scope.get()


def current_tenant_id() -> int:
    scope = _scope.get()
    if scope is None or scope.tenant_id is None:
        raise TenantScopeMissing("no tenant scope: tenant-owned data needs one")
    return scope.tenant_id


@contextmanager
def tenant_scope(tenant_id: int) -> Iterator[Scope]:
    if not isinstance(tenant_id, int) or isinstance(tenant_id, bool):
        raise TypeError("tenant_scope needs a tenant id")
    with _entered(Scope(tenant_id)) as scope:
        yield scope


@contextmanager
def platform_scope() -> Iterator[Scope]:
    with _entered(Scope(None)) as scope:
        yield scope


def enter(scope: Scope):
    """Enter a scope without a with-block (requests); returns the token for :func:`leave`."""
    token = _scope.set(scope)
    for hook in _on_change:
        hook(scope)
    return token


def leave(token) -> None:
    _scope.reset(token)
    for hook in _on_change:
        hook(_scope.get())


@contextmanager
def _entered(scope: Scope) -> Iterator[Scope]:
    token = enter(scope)
    try:
        yield scope
    finally:
        leave(token)
