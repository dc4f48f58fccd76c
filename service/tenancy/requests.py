"""Resolving the tenant of a request from its URL, once, and entering its scope.

The tenant's row is read once per request and detached from the session, and is the request's
``current_tenant()`` (service.tenancy.current): a rollback does not expire it, so error pages and messages
can still read its languages and time zone without a query, even while the database is down.
``g.tenant_code`` is the URL's code, set before the lookup, so that an outage that fails the lookup itself
still answers in the tenant's default language (:func:`languages_without_query`).
"""

from __future__ import annotations

import logging
import threading
import tomllib
from pathlib import Path

from flask import abort, current_app, g
from sqlalchemy import select

from service.extensions import db, discard_session
from service.tenancy import scope as tenant_scope
from service.tenancy.current import current_tenant_or_none, keep
from service.tenancy.models import Tenant

log = logging.getLogger(__name__)
# The languages of each tenant this process has resolved: what an outage answers in.
_known_languages: dict[str, tuple[str, ...]] = {}
_lock = threading.Lock()


def _plausible_code(code) -> bool:
    return isinstance(code, str) and code.isascii() and code.isalpha() and len(code) <= 8


def find_tenant(code: str) -> Tenant | None:
    if not _plausible_code(code):
        return None
    return db.session.scalar(select(Tenant).where(Tenant.code == code.lower(), Tenant.active.is_(True)))


def bind_tenant_urls(blueprint) -> None:
    """Make ``<tenant>`` in the blueprint's URLs select the tenant, or answer 404."""

    @blueprint.url_value_preprocessor
    def _resolve(endpoint, values):
        code = (values or {}).pop("tenant", None)
        if code is None:
            return
        if _plausible_code(code):
            g.tenant_code = code
        tenant = find_tenant(code)
        if tenant is None or tenant.code != code:
            abort(404)
        db.session.expunge(tenant)  # read once: stays readable after a rollback and during an outage
        with _lock:
            _known_languages[tenant.code] = tuple(tenant.languages)
        keep(tenant)
        g.tenant_scope_token = tenant_scope.enter(tenant_scope.Scope(tenant.id))

    @blueprint.url_defaults
    def _add_tenant(endpoint, values):
        tenant = current_tenant_or_none()
        if "tenant" not in values and tenant is not None:
            values["tenant"] = tenant.code


def languages_without_query(code: str) -> tuple[str, ...] | None:
    """A tenant's languages (default first) without the database: as last resolved by this process,
    else from its definition in ``tenants/<code>/tenant.toml``; None for no such tenant."""
    if not _plausible_code(code):
        return None
    with _lock:
        known = _known_languages.get(code)
    if known:
        return known
    path = Path(current_app.config["AMIF_TENANTS_DIR"]) / code / "tenant.toml"
    try:
        languages = tomllib.loads(path.read_text(encoding="utf-8")).get("languages")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages):
        return tuple(languages)
    return None


def leave_request_scope(exc=None) -> None:
    token = g.pop("tenant_scope_token", None)
    if token is None:
        return
    try:
        tenant_scope.leave(token)  # the scope is left first; then the open transaction is told
    except Exception as error:  # noqa: BLE001 - a broken connection: the session goes, the scope is left
        log.warning("leaving the tenant scope: %s", error)
        discard_session()
