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

    from service import charts, i18n
    from service.money import display as money_display
    from service.tenancy import current as tenant_handle

    babel.init_app(app, locale_selector=i18n.select_language, timezone_selector=_tenant_timezone)
    i18n.register_filters(app)
    money_display.register(app)
    charts.register(app)
    tenant_handle.register(app)

    _load_domains(app)
    _install_data_rules(app)
    _install_jobs(app)
    _ids_fit_the_database(app)
    _register_domains(app)
    _install_request_hooks(app)

    from service.cli import register_commands

    register_commands(app)
    return app


def _tenant_timezone():
    tenant = current_tenant_or_none()
    return tenant.timezone if tenant is not None else "UTC"


def _load_domains(app: Flask) -> None:
    """Import the packages named in DOMAINS (service.domains): their models first, before the data rules
    look at the mappers; then their jobs and the parts of a tenant's folder they read."""
    from service.domains import EXTENSION, load
    from service.jobs.queue import JOBS
    from service.tenancy.sync import register_parts

    domains = load(app.config["DOMAINS"])
    app.extensions[EXTENSION] = domains
    for domain in domains:
        for function in domain.jobs:
            name = getattr(function, "job_name", None)
            if name is None or JOBS.get(name) is None or JOBS[name].function is not function:
                raise TypeError(f"domain {domain.name}: {function.__name__} is not a job (@service.jobs.queue.job)")
        register_parts(domain.tenant_parts)


def _install_data_rules(app: Flask) -> None:
    # The foundation's models; the domains' were imported with the domains.
    import service.audit.models  # noqa: F401
    import service.jobs.models  # noqa: F401
    import service.tenancy.models  # noqa: F401
    from service import pings
    from service.api import messages
    from service.audit import recorder
    from service.tenancy import scoping

    scoping.install(db)
    recorder.install()
    messages.install()
    pings.install()


def _install_jobs(app: Flask) -> None:
    from service.jobs import queue

    queue.install()
    if app.config["AMIF_RUN_JOBS_IN_PROCESS"]:
        from workers.runner import InProcessRunner

        dispatcher = InProcessRunner(app)
        app.extensions["amif_jobs"] = dispatcher
    else:
        from workers.queues import RqDispatcher

        dispatcher = RqDispatcher(app)
    app.extensions[queue.DISPATCHER] = dispatcher


def _ids_fit_the_database(app: Flask) -> None:
    """Ids in URLs fit PostgreSQL's integer: a larger one is no object of ours (404), never a database error.

    The route matches any whole number and the id is refused before the view: a converter that refused it would
    leave werkzeug answering 405 with the methods of the path's other routes."""
    from flask import abort

    from service.tenancy.model_base import MAX_ID

    @app.url_value_preprocessor
    def _ids_fit(endpoint, values):
        if values and any(type(value) is int and value > MAX_ID for value in values.values()):
            abort(404)


def _register_domains(app: Flask) -> None:
    """Each domain's pages, its routes on the app's API blueprints, and whatever else it sets up."""
    from service.api.blueprints import Api
    from service.domains import domains_of

    api = Api()
    for domain in domains_of(app):
        for blueprint in domain.blueprints:
            app.register_blueprint(blueprint)
        if domain.api is not None:
            domain.api(api)
        if domain.setup is not None:
            domain.setup(app)
    api.register(app)


def _install_request_hooks(app: Flask) -> None:
    from service.audit.recorder import reset_actor, set_actor
    from service.errors import register_error_handlers
    from service.security import (
        add_security_headers,
        apply_upload_limit,
        refuse_characters_that_are_not_text,
        refuse_cross_origin_forms,
    )
    from service.tenancy.requests import leave_request_scope

    @app.before_request
    def _request_id():
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        g.actor_token = set_actor("anonymous", "", g.request_id)
        apply_upload_limit()  # before anything reads the body
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
