"""The public list of operations in a real browser: a visitor reads Sweden's list in Swedish and Finland's in
Finnish, with no sign-in, and downloads the CSV; the MA's administrator sees what the next edition holds and
records a location (a refusal first). Every page visited is scanned with axe-core."""

from __future__ import annotations

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("code, locale, language", [("se", "sv-SE", "sv"), ("fi", "fi-FI", "fi")])
def test_a_visitor_reads_the_list_in_the_tenants_language(live_server, page_in, code, locale, language):
    page = page_in(locale)
    page.goto(f"{live_server}/{code}/operations")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == translated("List of operations", language)
    assert "(demo)" in page.locator("table").inner_text()  # the demo's first edition
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator(f'a[href="/{code}/operations?format=csv"]').click()
    assert download.value.suggested_filename.endswith(".csv")


def test_the_administrator_records_a_location(live_server, page_in, make_user):
    _, email = make_user("fi", "ma_admin", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", email)
    page.goto(f"{live_server}/fi/manage/operations")
    assert page.locator("h1").inner_text() == translated("Publishing the list of operations", "fi")
    assert_accessible(page)
    form = page.locator("main article form").first
    form.locator("input[name=location]").fill("")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert translated("Enter the place where the operation takes place.", "fi") in page.locator("main").inner_text()
    assert_accessible(page)
    form = page.locator("main article form").first
    form.locator("input[name=location]").fill("Vaasa")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert translated("The location is recorded.", "fi") in page.locator("main").inner_text()
    assert_accessible(page)
