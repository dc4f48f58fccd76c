"""One error shape: JSON ``{"errors": {...}}`` / ``{"error": {...}}`` for the API, a page otherwise.

Every message is in the caller's language. Unexpected errors are logged and answered 500
without detail; isolation violations answer 404, never revealing that the object exists. An outage
of the database answers 503 with ``Retry-After``. Answering never needs the database: the language
comes from what the request already read (the tenant is read once and kept, service.tenancy.requests),
else from the URL's tenant; the page for 500 and 503 has no menu that would query. And the session is
left clean for the next request, even when its connection broke.
"""

from __future__ import annotations

import logging

from flask import current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from service.api.messages import translate_messages
from service.extensions import db, discard_session
from service.outages import DATABASE_UNAVAILABLE, is_database_outage
from service.tenancy.scope import CrossTenantWrite

log = logging.getLogger(__name__)


class Conflict(Exception):
    """A request that cannot be done in the object's current state (409), with a message for the person
    and, optionally, details for a program (e.g. which fields someone else changed)."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("Someone else changed this in the meantime. Reload and try again."),
        413: _("The upload is too large."),
        415: _("Send the request body as JSON."),
        422: _("Some of the data is not valid."),
        429: _("Too many attempts. Wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing was saved."),
        503: _("The service is unavailable for a moment. Please try again shortly."),
    }


def _codes() -> dict[int, str]:
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        415: "unsupported_media_type",
        422: "invalid",
        429: "rate_limited",
        500: "server_error",
        503: "unavailable",
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or g.get("is_api", False)


def error_response(status: int, message: str | None = None, errors: dict | None = None, details: dict | None = None):
    try:
        return _answer(status, message, errors, details)
    except Exception:  # noqa: BLE001 - an error while answering an error: answer without the database
        log.exception("answering %s failed; answering without the database", status)
    g.database_unavailable = True
    discard_session()
    try:
        return _answer(status, message, errors, details)
    except Exception:  # noqa: BLE001 - the last resort has no translations and no template
        log.exception("answering %s without the database failed too", status)
    if wants_json():
        response = jsonify({"error": {"code": _codes().get(status, "error"), "message": "Error"}})
        response.status_code = status
        return response
    return f"<!doctype html><title>{status}</title><h1>{status}</h1>", status, {"Content-Type": "text/html"}


def _answer(status: int, message: str | None, errors: dict | None, details: dict | None):
    message = message or _messages().get(status, _messages()[500])
    if wants_json():
        body = {"error": {"code": _codes().get(status, "error"), "message": message}}
        if errors is not None:
            body["errors"] = errors
        if details is not None:
            body["error"]["details"] = details
        response = jsonify(body)
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="amif"'
        return response
    if status >= 500 or g.get("database_unavailable"):
        # Not render_template: its context processors read the signed-in person (Flask-Login), a query. The
        # plain page has no menu and takes only what it is given.
        page = current_app.jinja_env.get_template("error_plain.html").render(status=status, message=message, g=g)
        return page, status, {"Content-Type": "text/html; charset=utf-8"}
    return render_template("error.html", status=status, message=message, errors=errors), status


def unavailable_response(error: BaseException | None = None):
    """503 with Retry-After: the database (or another dependency) does not answer; the session is clean."""
    g.database_unavailable = True
    discard_session()
    log.warning("dependency unavailable, answered 503: %s", error)
    answer = error_response(503)
    response = current_app.make_response(answer)
    response.headers["Retry-After"] = str(current_app.config["AMIF_RETRY_AFTER"])
    return response


def flat_messages(value) -> list[str]:
    """Every message of an error structure (``{"points": {"period": ["…"]}}``, a list, one message) as text, in
    order; the keys are left out, as they are codes (templates/_forms.html shows the messages to people)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in flat_messages(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in flat_messages(item)]
    return [str(value)]


def register_error_handlers(app) -> None:
    app.jinja_env.filters["messages"] = flat_messages

    @app.errorhandler(CSRFError)
    def _csrf(error):
        discard_session()
        return error_response(
            400, _("The form has expired or was not sent from this site. Reload the page and try again.")
        )

    @app.errorhandler(ValidationError)
    def _invalid(error):
        discard_session()
        return error_response(422, errors=translate_messages(error.messages))

    @app.errorhandler(Conflict)
    def _conflict(error):
        discard_session()
        return error_response(409, error.message, details=error.details)

    @app.errorhandler(StaleDataError)
    def _stale(error):
        discard_session()
        return error_response(409)

    @app.errorhandler(IntegrityError)
    def _integrity(error):
        discard_session()
        log.warning("integrity error answered 409: %s", error.orig)
        return error_response(409, _("This conflicts with data that already exists."))

    @app.errorhandler(CrossTenantWrite)
    def _cross_tenant(error):
        discard_session()
        log.warning("cross-tenant write refused: %s", error)
        return error_response(404)

    for unavailable in DATABASE_UNAVAILABLE:

        @app.errorhandler(unavailable)
        def _database(error):
            if is_database_outage(error):
                return unavailable_response(error)
            discard_session()  # a deadlock or serialization failure: another transaction won
            log.warning("database contention answered 409: %s", error)
            return error_response(409)

    @app.errorhandler(HTTPException)
    def _http(error):
        discard_session()
        status = error.code or 500
        if status == 429:
            return error_response(429)
        return error_response(status)

    @app.errorhandler(Exception)
    def _unexpected(error):
        discard_session()
        log.exception("unexpected error")
        return error_response(500)

    @app.after_request
    def _commit(response):
        # The framework owns the transaction: a successful request commits once, here.
        if response.status_code >= 400:
            discard_session()
            return response
        try:
            db.session.commit()
        except StaleDataError:
            discard_session()
            return error_response(409)
        except IntegrityError:
            discard_session()
            return error_response(409, _("This conflicts with data that already exists."))
        except DATABASE_UNAVAILABLE as error:
            if is_database_outage(error):
                return unavailable_response(error)
            discard_session()
            return error_response(409)
        return response
