"""Security headers on every response."""

from __future__ import annotations

import re

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


# One scan in C per string: a test of each character in Python took about 0.1 ms per 1 000 characters of a save.
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _not_text(value: str) -> bool:
    """A NUL character, or a lone UTF-16 surrogate (JSON's "\\ud800" escape without its pair): neither is text a
    person typed, UTF-8 cannot encode a surrogate, and PostgreSQL refuses both."""
    return _NOT_TEXT.search(value) is not None


def _untextual_field(value, path: str = "") -> str | None:
    """The first place holding such a character: a field name, or a dotted path inside a JSON body."""
    if isinstance(value, str):
        return (path or "_body") if _not_text(value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and _not_text(key):
            return path or "_body"
        found = _untextual_field(item, where)
        if found:
            return found
    return None


# How a JSON text can write a NUL or a surrogate as an escape (any case of the hex digits): "\u0000", "\ud800"–"\udfff".
_ESCAPED_NOT_TEXT = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def json_may_hold_what_is_not_text(raw: bytes) -> bool:
    """Whether a JSON body, as bytes, can hold a string with a NUL or a surrogate once parsed. Python's ``json``
    reads bytes as UTF-8, UTF-16 or UTF-32 (chosen by NUL bytes and byte order marks) with ``surrogatepass``; so a
    body without a NUL byte that is strict UTF-8 (which refuses an encoded surrogate) holds such a character only
    as a ``\\u`` escape. A body for which this answers False need not be walked value by value; True may be a false
    alarm (an escaped backslash before "u0000", a surrogate pair), which the walk then clears."""
    if b"\x00" in raw or _ESCAPED_NOT_TEXT.search(raw):
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def refuse_characters_that_are_not_text():
    """Answer 422 naming the field before any handler runs, for forms, query strings and JSON bodies."""
    from flask import request
    from flask_babel import gettext as _
    from marshmallow import ValidationError

    body = request.get_json(silent=True, cache=True) if request.is_json else None
    if body is not None and not json_may_hold_what_is_not_text(request.get_data(cache=True)):
        body = None  # nothing in it to find: most bodies (an autosave) are not walked at all
    typed = [*request.args.lists(), *request.form.lists()]
    field = next((key for key, values in typed if any(_not_text(v) for v in values)), None) or _untextual_field(body)
    if field:
        raise ValidationError(
            {field: [_("The text contains a character that is not allowed (a NUL or an unpaired surrogate).")]}
        )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _origin_of(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return parts.netloc.lower() if parts.scheme in ("http", "https") and parts.netloc else None


def refuse_cross_origin_forms():
    """A state change on the pages (cookie-signed-in) must come from this site: the CSRF token proves the form
    was ours, Origin (or, without it, Referer) proves the browser sent it from our pages. A browser sends at
    least one of them on a cross-site POST; a request with neither (some privacy tools strip both) still needs
    the token. The host is compared, not the scheme, so a TLS-terminating proxy does not refuse our own forms.
    The token-authenticated API carries no cookies and is left to its bearer tokens."""
    from flask import request
    from flask_babel import gettext as _

    from service.errors import error_response

    if request.method in SAFE_METHODS or request.path.startswith("/api/"):
        return None
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if claimed is None:
        return None
    if _origin_of(claimed) != request.host.lower():
        return error_response(
            403, _("This form was sent from another site and was refused. Use the form on this site.")
        )
    return None


def safe_next(target: str, fallback: str) -> str:
    """Where to go after a form (``next``): only same-site paths, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def upload_limit(size: int):
    """Let a view accept a request body up to ``size`` bytes instead of MAX_CONTENT_LENGTH (an import file). The
    limit must be known before anything reads the body: :func:`apply_upload_limit` sets it first thing."""

    def decorate(view):
        view.max_content_length = size
        return view

    return decorate


def apply_upload_limit():
    from flask import current_app, request

    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_content_length", None)
    if limit:
        request.max_content_length = limit
