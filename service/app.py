"""The application factory."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, request

from service import config as configuration
from service.extensions import babel, csrf, db, limiter, login_manager
from service.tenancy.current import current_tenant_or_none


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(configuration.load(overrides))
    logging.basicConfig(level=app.config["LOG_LEVEL"])

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from service import i18n
    from service.money import display as money_display
    from service.tenancy import current as tenant_handle

    babel.init_app(app, locale_selector=i18n.select_language, timezone_selector=_tenant_timezone)
    i18n.register_filters(app)
    money_display.register(app)
    tenant_handle.register(app)

    _install_data_rules(app)
    _install_jobs(app)
    _bounded_int_converter(app)
    _register_blueprints(app)
    _install_request_hooks(app)

    from service.cli import register_commands

    register_commands(app)
    return app


def _tenant_timezone():
    tenant = current_tenant_or_none()
    return tenant.timezone if tenant is not None else "UTC"


def _install_data_rules(app: Flask) -> None:
    # Import every model so the mappers exist before the listeners look at them.
    import service.accounts.models  # noqa: F401
    import service.applications.models  # noqa: F401
    import service.assessment.models  # noqa: F401
    import service.audit.models  # noqa: F401
    import service.calls.models  # noqa: F401
    import service.catalogue.models  # noqa: F401
    import service.decisions.models  # noqa: F401
    import service.exchange.models  # noqa: F401
    import service.idempotency.models  # noqa: F401
    import service.jobs.models  # noqa: F401
    import service.notifications.models  # noqa: F401
    import service.organisations.models  # noqa: F401
    import service.programmes.models  # noqa: F401
    import service.projects.models  # noqa: F401
    import service.tenancy.models  # noqa: F401
    from service.api import messages
    from service.audit import recorder
    from service.tenancy import scoping

    scoping.install(db)
    recorder.install()
    messages.install()


def _install_jobs(app: Flask) -> None:
    from service.jobs import queue, registry

    registry.load_all()
    queue.install()
    if app.config["AMIF_RUN_JOBS_IN_PROCESS"]:
        from workers.runner import InProcessRunner

        dispatcher = InProcessRunner(app)
        app.extensions["amif_jobs"] = dispatcher
    else:
        from workers.queues import RqDispatcher

        dispatcher = RqDispatcher(app)
    app.extensions[queue.DISPATCHER] = dispatcher


def _bounded_int_converter(app: Flask) -> None:
    """Ids in URLs fit PostgreSQL's integer: a larger one is no object of ours (404), never a database error."""
    from werkzeug.routing import IntegerConverter

    class IdConverter(IntegerConverter):
        def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = IdConverter


def _register_blueprints(app: Flask) -> None:
    from service.accounts.blueprint import blueprint as accounts
    from service.api.blueprint import register_api
    from service.applications.blueprint import blueprint as applications
    from service.assessment.blueprint import blueprint as assessment
    from service.audit.blueprint import blueprint as audit
    from service.calls.blueprint import blueprint as calls
    from service.decisions.blueprint import blueprint as decisions
    from service.exchange.blueprint import blueprint as exchange
    from service.notifications.blueprint import blueprint as notifications
    from service.notifications.operations import unread_for_current_user
    from service.organisations.blueprint import blueprint as organisations
    from service.platform.blueprint import blueprint as platform
    from service.programmes.blueprint import blueprint as programmes
    from service.projects.blueprint import blueprint as projects
    from service.statistics.blueprint import blueprint as statistics

    app.register_blueprint(platform)
    app.register_blueprint(exchange)
    app.register_blueprint(accounts)
    app.register_blueprint(programmes)
    app.register_blueprint(audit)
    app.register_blueprint(calls)
    app.register_blueprint(organisations)
    app.register_blueprint(applications)
    app.register_blueprint(assessment)
    app.register_blueprint(decisions)
    app.register_blueprint(projects)
    app.register_blueprint(notifications)
    app.register_blueprint(statistics)
    app.jinja_env.globals["unread_notifications"] = unread_for_current_user
    register_api(app)


def _install_request_hooks(app: Flask) -> None:
    from service.audit.recorder import reset_actor, set_actor
    from service.errors import register_error_handlers
    from service.security import add_security_headers, refuse_characters_that_are_not_text, refuse_cross_origin_forms
    from service.tenancy.requests import leave_request_scope

    @app.before_request
    def _request_id():
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        g.actor_token = set_actor("anonymous", "", g.request_id)
        refuse_characters_that_are_not_text()
        return refuse_cross_origin_forms()

    @app.teardown_request
    def _leave(exc=None):
        token = g.pop("actor_token", None)
        if token is not None:
            reset_actor(token)
        leave_request_scope(exc)

    @app.teardown_appcontext
    def _finish(exc=None):
        # The framework owns the transaction: a request that raised is rolled back here, and the session
        # is discarded even when its connection broke, so the next request on this thread starts clean.
        from service.errors import discard_session

        if exc is not None:
            discard_session()
        try:
            db.session.remove()
        except Exception as error:  # noqa: BLE001 - a broken session must not outlive its request
            logging.getLogger(__name__).warning("session not closed cleanly: %s", error)
            db.session.registry.clear()

    app.after_request(add_security_headers)
    register_error_handlers(app)
