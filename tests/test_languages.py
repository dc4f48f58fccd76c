"""Which language a page speaks, and how it writes money, numbers and dates."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal

import pytest

from tests.conftest import csrf_token, sign_in

NBSP = "\u00a0"


def _lang(page) -> str:
    return page.text.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    "path, accept, expected",
    [
        ("/se/calls", "sv", "sv"),
        ("/se/calls", "en", "en"),
        ("/se/calls", "fi", "sv"),  # Sweden does not offer Finnish: its default
        ("/fi/calls", "fi", "fi"),
        ("/fi/calls", "sv-FI,sv;q=0.9", "sv"),
        ("/fi/calls", "de", "fi"),
    ],
)
def test_browser_language_only_among_the_tenants_languages(client, path, accept, expected):
    assert _lang(client.get(path, headers={"Accept-Language": accept})) == expected


def test_users_choice_beats_the_browser(client, make_user):
    _, email = make_user("fi", "case_officer", language="sv")
    sign_in(client, "fi", email, **{"Accept-Language": "fi"})
    page = client.get("/fi/", headers={"Accept-Language": "fi"})
    assert _lang(page) == "sv" and "Nationellt program" in page.text


def test_language_switch_is_remembered(client, make_user):
    _, email = make_user("fi", "case_officer")
    sign_in(client, "fi", email)
    page = client.get("/fi/")
    client.post("/fi/language", data={"csrf_token": csrf_token(page.text), "language": "en", "next": "/fi/"})
    assert _lang(client.get("/fi/", headers={"Accept-Language": "fi"})) == "en"
    page = client.get("/fi/")
    client.post("/fi/language", data={"csrf_token": csrf_token(page.text), "language": "de", "next": "/fi/"})
    assert _lang(client.get("/fi/")) == "en"  # a language the tenant does not offer is ignored


def test_money_is_written_in_the_locale(client, make_user):
    """FACTS.md: SO1 totals 126 822 kEUR in Sweden; Swedish and Finnish group with no-break spaces."""
    _, email = make_user("se", "committee", language="sv")
    sign_in(client, "se", email)
    page = client.get("/se/")
    assert f"126{NBSP}822{NBSP}000,00{NBSP}€" in page.text
    assert f"19{NBSP}400" in page.text  # O.1.1 target 2029


def test_formatting_helpers_follow_the_tenant(app):
    from datetime import datetime

    from service.i18n import format_instant
    from service.money.display import format_money

    with app.test_request_context("/se/calls", headers={"Accept-Language": "sv"}):
        app.preprocess_request()  # the URL's tenant becomes the current tenant, as in every request
        assert format_money(Decimal("1234567.00"), "SEK") == f"1{NBSP}234{NBSP}567,00{NBSP}kr"
        # 2026-03-29 01:30 UTC is 03:30 in Stockholm: daylight saving time began at 01:00 UTC.
        assert "03:30" in format_instant(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    with app.test_request_context("/fi/calls", headers={"Accept-Language": "fi"}):
        app.preprocess_request()
        assert format_money(Decimal("1234567.00"), "EUR") == f"1{NBSP}234{NBSP}567,00{NBSP}€"
        assert "4.30" in format_instant(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))


def test_error_pages_speak_the_tenants_language(client):
    page = client.get("/fi/no-such-page", headers={"Accept-Language": "fi"})
    assert page.status_code == 404 and _lang(page) == "fi" and "Not found." not in page.text


def test_times_are_written_as_in_the_tenants_country_and_the_zone_is_named_for_people(app):
    """Finland: "6.12.2026 klo 8.17" (Kielitoimiston ohjepankki), "6.12.2026 kl. 8.17" in Finland's Swedish; the
    zone by the name the tenant gives it in the reader's language (tenants/*/tenant.toml), never "Europe/…"."""
    from datetime import datetime

    from service.i18n import format_instant, zone_name

    morning = datetime(2026, 12, 6, 6, 17, tzinfo=UTC)  # 8.17 in Helsinki (EET, UTC+2), 7.17 in Stockholm
    expected = {
        ("fi", "fi"): ("6.12.2026 klo 8.17", "Suomen aika"),
        ("fi", "sv"): ("6.12.2026 kl. 8.17", "finländsk tid"),
        ("se", "sv"): ("07:17", "svensk tid"),
        ("se", "en"): ("07:17", "Swedish time"),
    }
    for (code, language), (written, zone) in expected.items():
        with app.test_request_context(f"/{code}/calls", headers={"Accept-Language": language}):
            app.preprocess_request()
            assert written in format_instant(morning)
            assert zone_name() == zone
