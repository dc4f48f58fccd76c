"""Security headers on every response."""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if response.mimetype == "text/html" or headers.get("Set-Cookie"):
        headers.setdefault("Cache-Control", "no-store")
    from flask import current_app, request

    if request.is_secure or current_app.config.get("PREFERRED_URL_SCHEME") == "https":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul_characters():
    """A NUL character is never text a person typed, and PostgreSQL refuses it in text columns:
    answer 422 before any handler runs, for forms, query strings and JSON bodies alike."""
    from flask import request
    from flask_babel import gettext as _
    from marshmallow import ValidationError

    values = [*request.args.values(), *request.form.values()]  # file names: checked by the upload itself
    body = request.get_json(silent=True, cache=True) if request.is_json else None
    if any("\x00" in v for v in values) or _has_nul(body):
        raise ValidationError({"_body": [_("The text contains a NUL character, which is not allowed.")]})
