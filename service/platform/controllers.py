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
    """Readiness: which dependency answers. Without the database nothing can be served (503). Without Redis
    every request still works (jobs wait in the database until the sweeper hands them over), so the pod
    stays in the Service: 200 with status "degraded" and the dependency named."""
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
            Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=1, socket_connect_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as error:  # noqa: BLE001
            log.warning("readiness: redis: %s", error)
            checks["redis"] = "unavailable"
    discard_session()
    if checks["database"] != "ok":
        return jsonify(status="unavailable", checks=checks), 503
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return jsonify(status=status, checks=checks), 200


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
