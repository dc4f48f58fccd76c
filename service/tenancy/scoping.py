"""SQLAlchemy listeners that make every tenant-owned query and write follow the scope.

- Reads (ORM selects, updates, deletes) on a TenantOwned model get ``tenant_id = <scope>``
  added by ``with_loader_criteria``, also for relationship loads; outside a tenant scope they
  raise :class:`TenantScopeMissing` instead of returning everything or nothing.
- Writes: new rows take the scope's tenant; a row of another tenant cannot be inserted,
  changed or deleted (:class:`CrossTenantWrite`).
- PostgreSQL: each transaction sets ``app.tenant_id`` with ``set_config(.., true)`` so that
  row-level security sees the same scope; a pooled connection keeps nothing between
  transactions (ISOLATION.md).
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session, with_loader_criteria

from service.tenancy.model_base import TenantOwned
from service.tenancy.scope import CrossTenantWrite, Scope, TenantScopeMissing, current_scope

_SET_TENANT = text("SELECT set_config('app.tenant_id', :value, true)")
_installed = False


def install(db) -> None:
    """Register the listeners once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    event.listen(Session, "do_orm_execute", _filter_reads)
    event.listen(Session, "before_flush", _guard_writes)
    event.listen(Session, "after_begin", _set_transaction_tenant)

    from service.tenancy import scope as scope_module

    def follow_scope(scope: Scope | None) -> None:
        session = db.session()
        _detach_other_tenants(session, scope)
        # A scope entered while the request's transaction is already open (the tenant is
        # looked up first) must reach that transaction too.
        if session.in_transaction():
            connection = session.connection()
            if connection.dialect.name == "postgresql":
                value = scope.setting() if scope is not None else ""
                connection.execute(_SET_TENANT, {"value": value})

    scope_module._on_change.append(follow_scope)


def _detach_other_tenants(session, scope: Scope | None) -> None:
    """``Session.get`` answers from the identity map without SQL: rows of any other tenant must
    leave it when the scope changes. Pending changes stay, so the write guard still refuses them."""
    tenant_id = scope.tenant_id if scope is not None else object()
    changed = set(session.new) | set(session.dirty) | set(session.deleted)
    for obj in list(session.identity_map.values()):
        state = inspect(obj)
        if isinstance(obj, TenantOwned) and obj not in changed and state.persistent:
            # Read the loaded value only: touching an expired attribute would reload it, out of scope.
            if state.dict.get("tenant_id") != tenant_id:
                session.expunge(obj)


def _touches_tenant_data(execute_state) -> list[type]:
    return [m.class_ for m in execute_state.all_mappers if issubclass(m.class_, TenantOwned)]


def _filter_reads(execute_state) -> None:
    if not (execute_state.is_select or execute_state.is_update or execute_state.is_delete):
        return
    if execute_state.is_column_load or execute_state.is_relationship_load:
        return  # carries the criteria of the statement that loaded the parent
    statement = execute_state.statement
    scoped = _kept(statement)
    scope = current_scope()
    if scoped is not None and scope is not None:
        found = scoped.get(scope.tenant_id)
        if found is not None:  # made below for this tenant's scope, after the same checks passed
            execute_state.statement = found
            return
    owned = _touches_tenant_data(execute_state)
    if not owned:
        return
    if scope is None:
        raise TenantScopeMissing(f"query on {', '.join(sorted(c.__name__ for c in owned))} outside a tenant scope")
    if scope.is_platform:
        for cls in owned:
            if not cls.__platform_rows__:
                raise TenantScopeMissing(f"{cls.__name__} needs a tenant scope, not the platform scope")
    filtered = statement.options(_criteria(scope.tenant_id))
    if scoped is not None:
        filtered = scoped.setdefault(scope.tenant_id, filtered)
    execute_state.statement = filtered


# id of a statement built once -> (the statement, kept so that its id is never another's; tenant id -> the statement
# with that scope's criteria). Keyed by the object itself, not by an attribute on it: a statement derived from one
# built once (.where(), .options(), ...) copies its attributes but is another object, so it is filtered as any other.
_BUILT_ONCE: dict[int, tuple[object, dict]] = {}


def built_once(statement):
    """Mark a statement built once (at import) and executed with its values bound at each execution: the scope's
    criteria are added to it once per tenant, and the result is kept. The scoped statement is then the same object
    at every execution, so its cache key (a walk over every column and condition, about a sixth of a small query's
    CPU) is computed once instead of at each execution. The criteria are the same as for any statement."""
    _BUILT_ONCE.setdefault(id(statement), (statement, {}))
    return statement


def _kept(statement) -> dict | None:
    """tenant id -> the scoped forms kept of a statement built once; None for any other statement."""
    built = _BUILT_ONCE.get(id(statement))
    return built[1] if built is not None and built[0] is statement else None


def scoped_forms(statement) -> dict:
    """tenant id -> the scoped form kept of a statement built once (empty for any other statement)."""
    return _kept(statement) or {}


@lru_cache(maxsize=1024)
def _criteria(tenant_id: int | None):
    """The scope's criteria, made once per tenant (an option is immutable and may be shared by every statement and
    thread; making it costs about a tenth of a small query's CPU): ``tenant_id = <the tenant>`` on every
    TenantOwned entity, ``tenant_id IS NULL`` in the platform scope."""
    if tenant_id is None:
        return with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id.is_(None), include_aliases=True)
    return with_loader_criteria(
        TenantOwned, lambda cls: cls.tenant_id == tenant_id, include_aliases=True, track_closure_variables=True
    )


def _guard_writes(session, flush_context, instances) -> None:
    scope = current_scope()
    for obj in session.new:
        if isinstance(obj, TenantOwned):
            _check_new(obj, scope)
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, TenantOwned):
            history = inspect(obj).attrs.tenant_id.history
            if history.has_changes() and history.deleted and history.deleted[0] is not None:
                raise CrossTenantWrite(f"{type(obj).__name__} cannot move to another tenant")
            _check_existing(obj, scope)


def _check_new(obj, scope: Scope | None) -> None:
    if scope is None:
        raise TenantScopeMissing(f"new {type(obj).__name__} outside a tenant scope")
    if scope.is_platform:
        if not obj.__platform_rows__ or obj.tenant_id is not None:
            raise TenantScopeMissing(f"new {type(obj).__name__} needs a tenant scope")
        return
    if obj.tenant_id is None:
        obj.tenant_id = scope.tenant_id
    elif obj.tenant_id != scope.tenant_id:
        raise CrossTenantWrite(f"new {type(obj).__name__} names another tenant")


def _check_existing(obj, scope: Scope | None) -> None:
    if scope is None:
        raise TenantScopeMissing(f"{type(obj).__name__} changed outside a tenant scope")
    expected = scope.tenant_id
    if obj.tenant_id != expected:
        raise CrossTenantWrite(f"{type(obj).__name__} of another tenant changed")


def _set_transaction_tenant(session, transaction, connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    if transaction.nested:
        return  # a SAVEPOINT is inside the transaction, which set the scope as it began (and follows its changes)
    scope = current_scope()
    if scope is not None:
        connection.execute(_SET_TENANT, {"value": scope.setting()})
