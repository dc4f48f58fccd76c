"""Records every ORM change as an audit entry, in the same transaction as the change.

Runs after each flush, when ids are assigned and attribute history still holds the values
before the change. Entries are written with a Core insert on the session's connection so that
they are part of the same commit or rollback. Models opt out with ``__audit__ = False`` and
leave secrets out with ``__audit_exclude__``.

A change to a JSON document (a dict: an application's texts, a call's texts in each language) records the
document's keys that changed, before and after (a key removed is after ``None``), not the whole
document twice: an autosave that changes one of nine texts records that text. The entry that created the object
holds the whole document, so the entries still rebuild every version of it.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from service.tenancy.model_base import TenantOwned, utcnow
from service.tenancy.scope import current_scope

_actor: ContextVar[tuple[str, str, str | None]] = ContextVar("amif_actor", default=("system", "", None))


def set_actor(actor: str, label: str = "", request_id: str | None = None):
    return _actor.set((actor, label, request_id))


def reset_actor(token) -> None:
    _actor.reset(token)


def current_actor() -> tuple[str, str, str | None]:
    return _actor.get()


def install() -> None:
    """Once per process: every app the process makes (tests make many) shares the listener; a second one would
    record every change twice."""
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "after_flush", _record)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _columns(obj) -> list:
    """The audited column attributes of the object's class, in the table's order (worked out once per class)."""
    cls = type(obj)
    columns = _COLUMNS.get(cls)
    if columns is None:
        excluded = getattr(cls, "__audit_exclude__", set())
        columns = _COLUMNS[cls] = [a for a in inspect(cls).column_attrs if a.key not in excluded]
    return columns


_COLUMNS: dict[type, list] = {}


def _snapshot(obj, *, before: bool) -> dict:
    state = inspect(obj)
    values = {}
    for attr in _columns(obj):
        history = state.attrs[attr.key].history
        if before and history.deleted:
            value = history.deleted[0]
        elif before and history.added:
            continue  # newly set, no earlier value
        else:
            value = state.attrs[attr.key].value if not before else state.attrs[attr.key].loaded_value
        values[attr.key] = _plain(value)
    return values


def _changed(obj) -> tuple[dict, dict]:
    """The columns whose value changed, before and after (of a document, the keys that changed). Only attributes
    set since the object was loaded can have changed (SQLAlchemy keeps their loaded value in ``committed_state``),
    so only those are compared: an autosave that sets 4 of an application's 30 columns compares 4."""
    state = inspect(obj)
    touched = state.committed_state
    before, after = {}, {}
    for attr in _columns(obj):
        if attr.key not in touched:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if isinstance(old, dict) and isinstance(new, dict):
                old, new = _changed_keys(old, new)
                if not new:
                    continue
            before[attr.key] = _plain(old)
            after[attr.key] = _plain(new)
    return before, after


def _changed_keys(old: dict, new: dict) -> tuple[dict, dict]:
    """A document's keys whose value changed: before (a key added has none), after (a key removed is None)."""
    keys = [key for key in dict.fromkeys([*old, *new]) if old.get(key, _ABSENT) != new.get(key, _ABSENT)]
    return {key: old[key] for key in keys if key in old}, {key: new.get(key) for key in keys}


_ABSENT = object()


def _entity_id(obj) -> str:
    # The identity key is not set yet for rows inserted by this flush; the primary key is.
    return ",".join(str(v) for v in inspect(obj).mapper.primary_key_from_instance(obj))


def _tenant_of(obj) -> int | None:
    if isinstance(obj, TenantOwned) or hasattr(obj, "tenant_id"):
        return getattr(obj, "tenant_id", None)
    return None


def _record(session, flush_context) -> None:
    from service.audit.models import AuditEntry

    rows = []
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not getattr(type(obj), "__audit__", True) or not hasattr(obj, "__table__"):
                continue
            if action == "create":
                before, after = None, _snapshot(obj, before=False)
            elif action == "delete":
                before, after = _snapshot(obj, before=False), None
            else:
                before, after = _changed(obj)  # nothing when every column set kept its value
                if not after:
                    continue
            rows.append(_row(obj, action, before, after))
    if not rows:
        return
    scope = current_scope()
    for row in rows:
        # A platform-scope change to a tenant's row (e.g. the tenant registry) is filed under
        # the platform; within a tenant scope every entry belongs to that tenant.
        row["tenant_id"] = scope.tenant_id if scope is not None and not scope.is_platform else None
    session.connection().execute(_insert_entries(AuditEntry.__table__), rows)


@cache
def _insert_entries(table):
    """The entries' INSERT, built once (its cache key is then computed once, not at every write). inline(): the
    entries' ids are not read back (no RETURNING for a single entry, as for several)."""
    return insert(table).inline()


def _row(obj, action: str, before, after) -> dict:
    actor, label, request_id = current_actor()
    return {
        "at": utcnow(),
        "actor": actor,
        "actor_label": label,
        "action": action,
        "entity": obj.__table__.name,
        "entity_id": _entity_id(obj),
        "before": before,
        "after": after,
        "request_id": request_id,
    }
