"""Registering, confirming the address, registering an organisation and inviting a colleague in a real
browser, in Swedish in the Finnish tenant; every page scanned with axe-core, the refused form with its error
summary too."""

from __future__ import annotations

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible
from tests.conftest import PASSWORD
from tests.test_organisations import finnish_number, random_seed
from tests.test_registration import link_token, mails_to, new_address, run_jobs

pytestmark = pytest.mark.browser


def test_register_confirm_and_invite_in_the_browser(live_server, page_in, app):
    address = new_address("fi")
    page = page_in("sv-FI")
    page.goto(f"{live_server}/fi/calls")
    page.locator("header nav a[href='/fi/register']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()  # empty: errors beside the inputs
    page.wait_for_load_state()
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    # The error summary (GOV.UK pattern) has the focus, links to each field, and a link moves the focus there.
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.get_attribute("role") == "alert"
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#name", "#email", "#password"} <= set(targets)
    summary.locator("a[href='#email']").click()
    assert page.evaluate("document.activeElement.id") == "email"
    assert_accessible(page)
    page.locator("#name").fill("Sara Svensson")
    page.locator("#email").fill(address)
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/fi/register/sent")
    assert_accessible(page)

    run_jobs(app, "fi", "accounts.send_verification_email")
    [message] = mails_to(app, address)
    assert message["Content-Language"] == "sv"
    page.goto(f"{live_server}/fi/verify/{link_token(message, 'fi', 'verify')}")
    assert_accessible(page)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/fi/organisations")
    assert_accessible(page)

    page.locator("#organisation-name").fill("Svenska föreningen i Vasa")
    page.locator("#organisation-number").fill(finnish_number(random_seed()))
    page.locator("#organisation-organisation_type").select_option("ngo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Svenska föreningen i Vasa").is_visible()
    assert_accessible(page)
    page.locator("#invitation-email").fill(new_address("fi", "colleague"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.goto(f"{live_server}/fi/account")
    page.locator("#token-name").fill("CRM")
    page.locator("form[action$='/account/tokens'] button").click()
    page.wait_for_load_state()
    assert page.locator("#new-token").inner_text().startswith("amif_")
    assert_accessible(page)
