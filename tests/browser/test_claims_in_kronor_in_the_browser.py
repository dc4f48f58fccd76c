"""A Swedish claim in kronor shows its euro equivalent and the rate used (CPR Art. 87), in the browser, with axe:
the demo's Swedish project (tenants/se/demo.toml [claims]: SEK, its first claim played days_ago before the demo
was loaded, the demo's illustrative rate ([exchange]) loaded for that month)."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from tests.assessment_support import person_of  # noqa: F401 - fixture
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated

pytestmark = pytest.mark.browser
DEMO = tomllib.loads((Path(__file__).resolve().parents[2] / "tenants" / "se" / "demo.toml").read_text("utf-8"))


def test_a_swedish_claim_in_kronor_shows_its_euro_equivalent_and_the_rate(live_server, page_in, client, person_of):
    officer = person_of("se", "case_officer", language="sv")
    title = DEMO["claims"]["project"][0]["title"]
    [project] = [p for p in client.get("/api/v1/se/projects", headers=officer["headers"]).json if p["title"] == title]
    finance = client.get(f"/api/v1/se/projects/{project['id']}/finance", headers=officer["headers"]).json
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", officer["email"])
    page.goto(f"{live_server}/se/projects/{project['id']}/finance")
    page.wait_for_load_state()
    assert_accessible(page)
    euro = page.locator("#euro").inner_text()
    played = datetime.now(ZoneInfo("Europe/Stockholm")).date() - timedelta(
        days=DEMO["claims"]["project"][0]["claim"][0]["days_ago"]
    )
    month = format_date(played, "LLLL y", locale="sv_SE")
    rate = format_decimal(Decimal(DEMO["exchange"]["demo_rate"]), format="#,##0.########", locale="sv_SE")
    assert translated("In euro", "sv") in euro
    used = translated("%(month)s: 1 EUR = %(rate)s %(currency)s", "sv") % {
        "month": month,
        "rate": rate,
        "currency": "SEK",
    }
    assert used in euro  # the rate of the month the amounts were recorded in
    declared = Decimal(finance["in_euro"]["declared"])
    assert format_decimal(declared, format="#,##0.00", locale="sv_SE") in page.locator("#declared-eur").inner_text()
    # The verified claim's own page shows the same.
    claims = client.get(f"/api/v1/se/projects/{project['id']}/claims", headers=officer["headers"]).json
    verified = next(c for c in claims if c["status"] == "verified")
    page.goto(f"{live_server}/se/claims/{verified['id']}")
    page.wait_for_load_state()
    assert_accessible(page)
    assert used in page.locator("#euro").inner_text()
