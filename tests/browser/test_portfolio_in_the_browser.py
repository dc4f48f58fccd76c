"""Issue 14's portfolio in the browser, each page scanned with axe-core: a Swedish member of the monitoring
committee finds the portfolio in the navigation, reads it in Swedish (the "as of" date, the tables, the charts
with their data tables beside), drills down to the projects of a specific objective and downloads the XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated

pytestmark = pytest.mark.browser


def test_the_swedish_committee_member_reads_the_portfolio_and_downloads_it(app, live_server, page_in, make_user):
    _, email = make_user("se", "committee", language="sv")
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", email)
    page.locator("header nav a", has_text=translated("Portfolio", "sv")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("h1").inner_text() == translated("Portfolio", "sv")
    assert page.locator("#as-of").is_visible()
    captions = page.locator("main table caption").all_inner_texts()
    assert translated("Budget, decided, declared and paid per specific objective", "sv") in captions
    assert translated("Indicators: milestone, target, planned and achieved", "sv") in captions
    assert page.locator("main figure svg[role=img]").count() == 2  # the budget and the indicator charts

    with page.expect_download() as download:
        page.locator("#download").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as saved:
        workbook = load_workbook(io.BytesIO(saved.read()))
    assert workbook.sheetnames[0] == translated("Objectives", "sv")

    page.locator("#by-objective tbody a").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("#projects").is_visible()
