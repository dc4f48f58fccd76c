"""Request handlers of the platform pages and probes."""

from __future__ import annotations

import logging

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import select, text

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
    """Readiness: the database answers, and Redis when configured."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        log.warning("readiness: database: %s", error)
        checks["database"] = "unavailable"
    if current_app.config["REDIS_URL"]:
        from redis import Redis

        try:
            Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as error:  # noqa: BLE001
            log.warning("readiness: redis: %s", error)
            checks["redis"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    db.session.rollback()
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


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
