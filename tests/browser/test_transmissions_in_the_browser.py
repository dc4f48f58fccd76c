"""Issue 14's data transmission to the Commission in the browser, each page scanned with axe-core: the Finnish
reporting officer (the MA's administrator) finds the transmissions in the navigation, builds one for a cut-off,
follows the job's progress, freezes the version and downloads it."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from tests.applications_support import run_jobs
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated

pytestmark = pytest.mark.browser
VERSION = "202112"  # as at 31 December 2021, the programme's first: due 31 January 2022 (CPR Art. 42(1))


def test_the_finnish_reporting_officer_builds_and_freezes_a_transmission(app, live_server, page_in, make_user):
    _, email = make_user("fi", "ma_admin", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", email)
    page.locator("header nav a", has_text=translated("Data transmissions to the Commission", "fi")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.select_option("#start-version", VERSION)
    page.get_by_role("button", name=translated("Build the transmission", "fi")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("#transmission-progress").get_attribute("data-running") == "true"
    run_jobs(app, "fi", "transmissions.build")  # the worker; the page follows it by itself (static/follow-job.js)
    page.wait_for_selector('#transmission-progress[data-running="false"]', timeout=10_000)
    assert translated("Built: ready for review", "fi") in page.inner_text("#transmission-status")
    assert_accessible(page)
    page.get_by_role("button", name=translated("Freeze version %(version)s", "fi") % {"version": VERSION}).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("#sha256").inner_text().strip()
    with page.expect_download() as download:
        page.get_by_role("link", name=translated("Download %(format)s", "fi") % {"format": "JSON"}).click()
    with open(download.value.path(), "rb") as saved:
        content = json.loads(saved.read())
    assert (content["version"], content["cut_off"], content["currency"]) == (VERSION, "2021-12-31", "EUR")
    with page.expect_download() as download:
        page.get_by_role("link", name=translated("Download %(format)s", "fi") % {"format": "XLSX"}).click()
    with open(download.value.path(), "rb") as saved:
        assert load_workbook(io.BytesIO(saved.read())).sheetnames == ["Table 1", "Table 2", "Table 3"]  # Annex VII
    # The payment applications (CPR Art. 91) and an annual report's figures (AMIF Art. 35), read with axe.
    page.goto(f"{live_server}/fi/transmissions")
    page.get_by_role("link", name=translated("Payment applications to the Commission", "fi")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("#next-lines").is_visible()
    page.goto(f"{live_server}/fi/transmissions/annual/2025")
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("#lump-sums").is_visible()
