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


def _nul_field(value, path: str = "") -> str | None:
    """The first place holding a NUL character: a field name, or a dotted path inside a JSON body."""
    if isinstance(value, str):
        return (path or "_body") if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and "\x00" in key:
            return path or "_body"
        found = _nul_field(item, where)
        if found:
            return found
    return None


def refuse_nul_characters():
    """A NUL character is never text a person typed, and PostgreSQL refuses it in text columns:
    answer 422 naming the field before any handler runs, for forms, query strings and JSON bodies."""
    from flask import request
    from flask_babel import gettext as _
    from marshmallow import ValidationError

    body = request.get_json(silent=True, cache=True) if request.is_json else None
    typed = [*request.args.lists(), *request.form.lists()]
    field = next((key for key, values in typed if any("\x00" in v for v in values)), None) or _nul_field(body)
    if field:
        raise ValidationError({field: [_("The text contains a NUL character, which is not allowed.")]})
