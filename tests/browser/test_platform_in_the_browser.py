"""People in a real browser: sign in in their language, see the programme, switch language, sign out.

Every page visited is scanned with axe-core: no serious or critical accessibility violations.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
_axe = Axe()


def assert_accessible(page) -> None:
    results = _axe.run(page)
    serious = [
        (v["id"], v["impact"], v["help"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"


def sign_in(page, base: str, code: str, email: str) -> None:
    page.goto(f"{base}/{code}/login")
    assert_accessible(page)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.locator("header form button.link").click()
    page.wait_for_load_state()


def test_swedish_tenant_in_swedish_then_english(live_server, page_in, make_user):
    _, email = make_user("se", "ma_admin")
    page = page_in("sv-SE")
    page.goto(f"{live_server}/se/calls")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page)
    sign_in(page, live_server, "se", email)
    assert page.url.endswith("/se/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "126\u00a0822\u00a0000,00\u00a0€" in page.locator("table").first.inner_text()  # SO1, FACTS.md table 3
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Budget per specific objective").is_visible()
    page.goto(f"{live_server}/se/account")
    assert_accessible(page)
    page.goto(f"{live_server}/se/audit")
    assert_accessible(page)
    sign_out(page)
    assert "/se/login" in page.url
    page.goto(f"{live_server}/se/")
    assert "/se/login" in page.url  # signed out for real


def test_finnish_tenant_in_finnish_and_in_swedish(live_server, page_in, make_user):
    _, finnish = make_user("fi", "case_officer", language="fi")
    _, swedish = make_user("fi", "case_officer", language="sv")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", finnish)
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("h1").inner_text().startswith("Turvapaikka-, maahanmuutto- ja kotouttamisrahasto")
    body = page.locator("main").inner_text()
    assert "O.1.1" in body and "7\u00a0200" in body  # Finnish O.1.1 target from tenants/fi/programme.toml
    assert_accessible(page)
    sign_out(page)

    page = page_in("fi-FI")  # a Swedish speaker in Finland, on a Finnish browser
    sign_in(page, live_server, "fi", swedish)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page)
    page.get_by_role("button", name="Suomi").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fi"
    sign_out(page)


def test_swedish_user_opening_a_finnish_page_gets_404(live_server, page_in, make_user):
    _, email = make_user("se", "case_officer")
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", email)
    response = page.goto(f"{live_server}/fi/")
    assert response.status == 404
    assert_accessible(page)


def test_landing_and_public_pages_are_accessible(live_server, page_in):
    page = page_in("en-GB")
    page.goto(f"{live_server}/")
    assert_accessible(page)
    page.goto(f"{live_server}/fi/calls")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_two_factor_sign_in_in_the_browser(live_server, page_in, make_user, app):
    import pyotp
    from sqlalchemy import select

    from service.accounts.models import User
    from service.extensions import db
    from service.tenancy.model_base import utcnow
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    user_id, email = make_user("fi", "ma_admin", language="fi")
    secret = pyotp.random_base32()
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        user = db.session.scalar(select(User).where(User.id == user_id))
        user.totp_secret, user.totp_enabled_at = secret, utcnow()
        db.session.commit()
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", email)
    assert page.url.endswith("/fi/login/two-factor")
    assert_accessible(page)
    page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/fi/")
