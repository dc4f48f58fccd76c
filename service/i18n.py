"""Languages and formatting: which language a request speaks, and how it writes numbers, money and dates.

The locale is the user's choice, else a language of the tenant from the browser, else the
tenant's default; a page never shows a language the tenant does not offer. Formatting uses the
language as written in the tenant's country (Swedish in Finland: ``sv_FI``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import g, has_app_context, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import inspect

from service.config import LANGUAGES
from service.tenancy.current import current_tenant_or_none

LANGUAGE_NAMES = {"en": "English", "sv": "Svenska", "fi": "Suomi"}  # each in its own language


def offered_languages() -> list[str]:
    tenant = current_tenant_or_none()
    if tenant is not None:
        return list(tenant.languages)
    code = g.get("tenant_code") if has_app_context() else None
    if code:  # the tenant could not be read (the database is down): its languages without a query
        from service.tenancy.requests import languages_without_query

        return list(languages_without_query(code) or LANGUAGES)
    return list(LANGUAGES)


def select_language() -> str:
    if not has_request_context():
        return "en"
    offered = offered_languages()
    if g.get("language_override") in offered:
        return g.language_override
    if g.get("is_api"):
        # The caller's language for an API request: what it asks for, else its saved choice.
        if request.headers.get("Accept-Language"):
            best = request.accept_languages.best_match(offered)
            if best:
                return best
        language = _saved_language(g.get("api_user"))
        return language if language in offered else offered[0]
    chosen = session.get("language")
    if chosen in offered:
        return chosen
    language = _saved_language(_signed_in_person())
    if language is not None and session.get("saved_language") != language:
        session["saved_language"] = language  # what an error page answers in while the database is down
    elif language is None and g.get("database_unavailable"):
        language = session.get("saved_language")
    if language in offered:
        return language
    best = request.accept_languages.best_match(offered)
    return best or offered[0]


def _signed_in_person():
    if g.get("database_unavailable"):
        return g.get("_login_user")  # Flask-Login's cache, if it was loaded before the outage: no query
    return current_user if current_user and current_user.is_authenticated else None


def _saved_language(person) -> str | None:
    """The person's saved language. During an outage only a value already loaded counts (no query)."""
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    if g.get("database_unavailable"):
        state = inspect(person, raiseerr=False)
        return state.dict.get("language") if state is not None else None
    return person.language


def formatting_locale() -> str:
    language = str(get_locale() or "en")
    tenant = current_tenant_or_none()
    country = tenant.country if tenant is not None else {"sv": "SE", "fi": "FI"}.get(language, "IE")
    return f"{language}_{country}"


def format_number(value) -> str:
    return babel_numbers.format_decimal(value, locale=formatting_locale())


def format_percent(value: Decimal) -> str:
    return babel_numbers.format_percent(value, locale=formatting_locale(), decimal_quantization=False)


# Day and time as written in Finland (Kotimaisten kielten keskus, Kielitoimiston ohjepankki: "6.12.2026 klo 8.17";
# Institutet för de inhemska språken, Finlandssvensk rekommendation: "6.12.2026 kl. 8.17"), not CLDR's medium
# "6.12.2026 8.17.00" / "6 dec. 2026 08:17:00".
INSTANT_PATTERNS = {"fi_FI": "d.M.yyyy 'klo' H.mm", "sv_FI": "d.M.yyyy 'kl.' H.mm"}


def format_instant(value: datetime, format: str = "medium") -> str:
    """An instant stored in UTC, shown in the tenant's time zone."""
    tenant = current_tenant_or_none()
    zone = tenant.zone if tenant is not None else None
    locale = formatting_locale()
    if format == "medium" and locale in INSTANT_PATTERNS:
        format = INSTANT_PATTERNS[locale]
    return babel_dates.format_datetime(value, format=format, tzinfo=zone, locale=locale)


def zone_name() -> str:
    """The tenant's time zone as people call it ("Suomen aika", "svensk tid"): the tenant's own name for it in the
    reader's language (tenant.toml, settings.timezone_names), else CLDR's name of its place ("Finlandtid"); never
    the IANA identifier."""
    tenant = current_tenant_or_none()
    if tenant is None:
        return "UTC"
    language = str(get_locale() or tenant.default_language)
    names = (tenant.settings or {}).get("timezone_names") or {}
    return names.get(language) or babel_dates.get_timezone_location(tenant.zone, locale=formatting_locale())


def format_day(value) -> str:
    return babel_dates.format_date(value, format="long", locale=formatting_locale())


def localized(values: dict | None) -> str:
    """Pick a content field's text in the current language, else the tenant default, else any."""
    if not values:
        return ""
    language = str(get_locale() or "en")
    tenant = current_tenant_or_none()
    for candidate in (language, tenant.default_language if tenant is not None else None, "en"):
        if candidate and values.get(candidate):
            return values[candidate]
    return next(iter(values.values()))


def register_filters(app) -> None:
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.filters["localized"] = localized
    # Values kept as text in JSON documents (snapshots, project versions): "2027-01-01".
    app.jinja_env.filters["as_date"] = date.fromisoformat
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["zone_name"] = zone_name
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["offered_languages"] = offered_languages
