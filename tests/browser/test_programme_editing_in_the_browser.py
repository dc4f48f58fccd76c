"""The Finnish MA administrator edits the programme in a real browser, in Finnish: decimal commas,
a forgotten reason shown beside its input, the saved version and the list of versions.

Every page visited is scanned with axe-core: no serious or critical accessibility violations.
"""

from __future__ import annotations

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.test_programme_editing import keep_programmes  # noqa: F401 - puts the programmes back afterwards

pytestmark = pytest.mark.browser


def test_the_programme_is_edited_in_finnish_and_the_version_kept(live_server, page_in, make_user):
    _, email = make_user("fi", "ma_admin", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", email)
    page.locator('main a[href="/fi/programme/edit"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert_accessible(page)

    so1 = page.locator('fieldset:has(input[value="SO1"])')
    so1.locator('input[name$="eu_contribution"]').fill("2 500 000,50")
    page.locator("main form button[type=submit]").click()  # no reason yet
    page.wait_for_load_state()
    reason = page.locator("textarea#reason")
    assert reason.get_attribute("aria-invalid") == "true"
    assert "reason-error" in reason.get_attribute("aria-describedby")
    assert page.locator('fieldset:has(input[value="SO1"]) input[name$="eu_contribution"]').input_value() == (
        "2 500 000,50"
    )
    assert_accessible(page)

    reason.fill("Väliarvioinnin jälkeinen siirto")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/fi/programme/versions/" in page.url
    assert "2\u00a0500\u00a0000,50\u00a0€" in page.locator("main").inner_text()
    assert "Väliarvioinnin jälkeinen siirto" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server}/fi/programme/versions")
    assert page.locator("main table tbody tr").count() >= 2
    assert_accessible(page)
