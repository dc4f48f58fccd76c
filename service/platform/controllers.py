"""Request handlers of the platform pages and probes."""

from __future__ import annotations

import logging

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import select, text

from service.errors import discard_session
from service.extensions import db
from service.i18n import offered_languages
from service.tenancy.models import Tenant

log = logging.getLogger(__name__)


def landing():
    tenants = db.session.scalars(select(Tenant).where(Tenant.active.is_(True)).order_by(Tenant.code)).all()
    return render_template("platform/landing.html", tenants=tenants)


def healthz():
    """Liveness: the process answers."""
    return jsonify(status="ok")


def readyz():
    """Readiness: the process serves, and which dependency answers. 200 whenever the process answers: its body
    names a dependency that is down ("degraded"). The pod stays in the Service during an outage, so that
    people get the application's own 503 with Retry-After (JSON for the API, a page in their language)
    rather than the ingress's page; without Redis every request works anyway (jobs wait in the database)."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means unavailable
        log.warning("readiness: database: %s", error)
        checks["database"] = "unavailable"
    if current_app.config["REDIS_URL"]:
        from redis import Redis

        try:
            Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=1, socket_connect_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as error:  # noqa: BLE001
            log.warning("readiness: redis: %s", error)
            checks["redis"] = "unavailable"
    discard_session()
    return jsonify(status="ok" if all(v == "ok" for v in checks.values()) else "degraded", checks=checks), 200


def choose_language():
    """The language switcher outside any tenant: remembered in the session."""
    language = request.form.get("language", "")
    if language in offered_languages():
        session["language"] = language
    return redirect(safe_next(request.form.get("next", ""), url_for("platform.landing")))


def safe_next(target: str, fallback: str) -> str:
    """Only same-site paths: never redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target
