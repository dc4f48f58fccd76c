"""Setting a forgotten password on a phone-sized screen (390 px wide), in Swedish: the link on the sign-in page,
the e-mailed link, the new password's rules, then signing in and landing on the applicant's overview. Every page
is scanned with axe-core and none scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible
from tests.conftest import translated
from tests.test_registration import body, link_token, mails_to, run_jobs

pytestmark = pytest.mark.browser
NEW_PASSWORD = "tre gröna äpplen i korgen"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="sv-SE", extra_http_headers={"Accept-Language": "sv-SE"}, viewport={"width": 390, "height": 844}
    )
    yield context.new_page()
    context.close()


def checked(page) -> None:
    page.wait_for_load_state()
    assert_accessible(page)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (page.url, wide)


def test_reset_a_forgotten_password_on_a_phone(live_server, phone, app, make_user):
    _, address = make_user("se", "applicant", language="sv")
    page = phone
    page.goto(f"{live_server}/se/login")
    checked(page)
    page.get_by_role("link", name=translated("Forgot your password?", "sv")).click()
    checked(page)
    assert page.url.endswith("/se/password/forgot")
    page.locator("main form button[type=submit]").click()  # empty: the error beside the input
    checked(page)
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    page.locator("#email").fill(address)
    page.locator("main form button[type=submit]").click()
    checked(page)
    assert page.url.endswith("/se/password/forgot/sent")

    run_jobs(app, "se", "accounts.send_reset_email")
    [message] = [m for m in mails_to(app, address) if "/password/reset/" in body(m)]
    link = f"{live_server}/se/password/reset/{link_token(message, 'se', 'password/reset')}"
    page.goto(link)
    checked(page)
    assert page.locator("#password-hint").is_visible()  # the rules, tied to the input
    page.locator("#password").fill("kort")
    page.locator("#confirm").fill("kort")
    page.locator("main form button[type=submit]").click()
    checked(page)
    assert page.locator("#password").get_attribute("aria-invalid") == "true"
    assert translated("The password must be at least 12 characters long.", "sv") in page.locator("main").inner_text()
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    checked(page)
    assert page.url.endswith("/se/login")

    page.locator("input[name=email]").fill(address)
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    checked(page)
    assert page.url.endswith("/se/overview")
    assert page.get_by_role("heading", name=translated("My overview", "sv")).is_visible()

    page.goto(link)  # used once
    checked(page)
    assert page.get_by_role("heading", name=translated("The link is not valid", "sv")).is_visible()
