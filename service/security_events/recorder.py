"""Records refused access: after a request answered 403 or 404 to a signed-in person or a token.

Which refusals: the request's URL named a tenant and matched a route (an unknown URL names no object), and the
caller is known — a person signed in to this tenant, an API token of it, or a session or token of another tenant
(recorded without its person: this tenant is not told who they are). Anonymous visitors are not recorded: there
is nobody to name, and their 404s are the web's background noise.

"Another tenant's id": the event is the asked tenant's and says only that its URL answered 404 — never whether the
id exists elsewhere (nothing here looks).

Cheap and safe: the row is written in its own short transaction on its own connection, so the refused request's
rollback does not take it along, and a failure to write is logged and never changes the answer. Flooding is
bounded: one row per person, method, path and answer in each minute, counted; and at most ``ROWS_PER_MINUTE``
rows per person in a minute, beyond which the refusals of that minute are counted on one row of path ``*``.
"""

from __future__ import annotations

import logging

from flask import g, request
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.extensions import db
from service.security_events.models import SecurityEvent
from service.tenancy.current import current_tenant_or_none
from service.tenancy.model_base import utcnow
from service.tenancy.scope import current_scope

log = logging.getLogger(__name__)

RECORDED = (403, 404)
# Our choice, not a rule: a person who asks for more than this many different refused URLs in a minute is a
# script; its further refusals are counted together.
ROWS_PER_MINUTE = 50
OVERFLOW_PATH = "*"


def install(app) -> None:
    app.after_request(_after_request)


def _after_request(response):
    # During an outage of the database the answer must not wait for a write that cannot succeed.
    if response.status_code in RECORDED and not g.get("database_unavailable"):
        try:
            event = describe(response.status_code)
            if event is not None:
                write(event)
        except Exception:  # noqa: BLE001 - recording never changes the answer
            log.exception("a security event could not be recorded")
    return response


def describe(status: int) -> dict | None:
    """The event of this request, or None when it is not one to record."""
    tenant = current_tenant_or_none()
    scope = current_scope()
    if tenant is None or scope is None or scope.tenant_id != tenant.id or request.url_rule is None:
        return None
    who = _who(tenant)
    if who is None:
        return None
    object_type, object_id = _object(request.view_args or {})
    return {
        **who,
        "via": "api" if request.path.startswith("/api/") else "page",
        "method": request.method[:8],
        "path": _path(request.url_rule.rule, request.view_args or {}, tenant.code)[:500],
        "object_type": object_type,
        "object_id": object_id,
        "status": status,
        "ip": (request.remote_addr or "")[:45] or None,
    }


def _who(tenant) -> dict | None:
    person = g.get("api_user") or g.get("_login_user")
    if person is not None and getattr(person, "is_authenticated", True) and getattr(person, "id", None) is not None:
        own = getattr(person, "tenant_id", None) == tenant.id
        return {
            "actor": f"{person.kind}:{person.id}",
            "actor_label": (person.email or "")[:254],
            "actor_role": person.role,
            "actor_tenant": tenant.code if own else None,
        }
    if g.get("foreign_session") or g.get("foreign_token"):
        # Whose it is stays with its own tenant: only that the session or token was another tenant's.
        kind = "foreign_token" if g.get("foreign_token") else "foreign_session"
        return {"actor": kind, "actor_label": "", "actor_role": None, "actor_tenant": None}
    return None


def _object(view_args: dict) -> tuple[str | None, str | None]:
    """The last id the URL names (``/applications/3/attachments/7``: row 7 of ``attachments``)."""
    found = (None, None)
    for name, value in view_args.items():
        if isinstance(value, int) and name.endswith("_id"):
            found = (name[: -len("_id")], str(value))
        elif isinstance(value, int) and name == "row_id":
            found = ("row", str(value))
    return found


def _path(rule: str, view_args: dict, tenant_code: str) -> str:
    """The path with its tenant and numbers, but no other variable part: a link's secret in the path is not kept."""
    path = rule.replace("<tenant>", tenant_code)
    for name, value in view_args.items():
        shown = str(value) if isinstance(value, int) or name == "tenant" else f"<{name}>"
        for pattern in (f"<{name}>", *(f"<{kind}:{name}>" for kind in ("int", "string", "path", "any", "uuid"))):
            path = path.replace(pattern, shown)
    return path


def write(event: dict) -> None:
    """In a session of its own: its own transaction, committed now (the tenant scope is the request's)."""
    now = utcnow()
    minute = now.replace(second=0, microsecond=0)
    with Session(db.engine) as session:
        rows = session.scalar(
            select(func.count())
            .select_from(SecurityEvent)
            .where(SecurityEvent.actor == event["actor"], SecurityEvent.minute == minute)
        )
        if rows >= ROWS_PER_MINUTE:
            event = {**event, "path": OVERFLOW_PATH, "object_type": None, "object_id": None}
        values = {**event, "tenant_id": current_scope().tenant_id, "minute": minute, "first_at": now, "last_at": now}
        values["count"] = 1
        session.execute(_upsert(session, values))
        session.commit()


def _upsert(session, values: dict):
    table = SecurityEvent.__table__
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise RuntimeError(f"security events are not written on {dialect}")
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table).values(**values)
    return statement.on_conflict_do_update(
        index_elements=["tenant_id", "actor", "method", "path", "status", "minute"],
        set_={"count": table.c.count + 1, "last_at": statement.excluded.last_at},
    )
