"""One error shape: JSON ``{"errors": {...}}`` / ``{"error": {...}}`` for the API, a page otherwise.

Every message is in the caller's language. Unexpected errors are logged and answered 500
without detail; isolation violations answer 404, never revealing that the object exists.
"""

from __future__ import annotations

import logging

from flask import g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from service.api.messages import translate_messages
from service.extensions import db
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
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or g.get("is_api", False)


def error_response(status: int, message: str | None = None, errors: dict | None = None, details: dict | None = None):
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
    return render_template("error.html", status=status, message=message, errors=errors), status


def register_error_handlers(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        db.session.rollback()
        return error_response(
            400, _("The form has expired or was not sent from this site. Reload the page and try again.")
        )

    @app.errorhandler(ValidationError)
    def _invalid(error):
        db.session.rollback()
        return error_response(422, errors=translate_messages(error.messages))

    @app.errorhandler(Conflict)
    def _conflict(error):
        db.session.rollback()
        return error_response(409, error.message, details=error.details)

    @app.errorhandler(StaleDataError)
    def _stale(error):
        db.session.rollback()
        return error_response(409)

    @app.errorhandler(IntegrityError)
    def _integrity(error):
        db.session.rollback()
        log.warning("integrity error answered 409: %s", error.orig)
        return error_response(409, _("This conflicts with data that already exists."))

    @app.errorhandler(CrossTenantWrite)
    def _cross_tenant(error):
        db.session.rollback()
        log.warning("cross-tenant write refused: %s", error)
        return error_response(404)

    @app.errorhandler(HTTPException)
    def _http(error):
        db.session.rollback()
        status = error.code or 500
        if status == 429:
            return error_response(429)
        return error_response(status)

    @app.errorhandler(Exception)
    def _unexpected(error):
        db.session.rollback()
        log.exception("unexpected error")
        return error_response(500)

    @app.after_request
    def _commit(response):
        # The framework owns the transaction: a successful request commits once, here.
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            return error_response(409)
        except IntegrityError:
            db.session.rollback()
            return error_response(409, _("This conflicts with data that already exists."))
        return response
