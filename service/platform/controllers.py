"""Request handlers of the platform pages and probes."""

from __future__ import annotations

import logging

from flask import current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select, text

from service.errors import discard_session
from service.extensions import db
from service.i18n import offered_languages
from service.security import safe_next
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


def sign_in():
    """The platform administrator's sign-in (platform people have no tenant, so no tenant's sign-in page)."""
    from service.accounts import passwords, sessions, two_factor
    from service.accounts.models import PlatformUser
    from service.accounts.operations import normalise_email
    from service.accounts.platform_access import SESSION_KEY
    from service.platform.forms import PlatformSignInForm

    form = PlatformSignInForm()
    status = 200
    if form.validate_on_submit():
        person = db.session.scalar(select(PlatformUser).where(PlatformUser.email == normalise_email(form.email.data)))
        secret_ok = passwords.verify_password(person.password_hash if person else None, form.password.data)
        code_ok = person is not None and (
            not person.two_factor_enabled or two_factor.verify(person.totp_secret, form.code.data or "")
        )
        if person is not None and person.active and secret_ok and code_ok:
            secret = sessions.open_session(person)
            session.clear()  # a new session: no fixation
            session.permanent = True
            session[SESSION_KEY] = secret
            home = url_for("consolidated.index") if person.role == "commission" else url_for("exchange.rates")
            return redirect(safe_next(request.args.get("next", ""), home), 303)
        form.password.errors.append(_("Wrong e-mail address, password or code."))
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("platform/sign_in.html", form=form), status


def sign_out():
    from service.accounts import sessions
    from service.accounts.forms import EmptyForm
    from service.accounts.platform_access import SESSION_KEY

    if EmptyForm().validate_on_submit():
        sessions.close_session(session.get(SESSION_KEY))
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("platform.sign_in"), 303)
