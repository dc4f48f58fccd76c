"""Issue 14's consolidated export in the browser, each page scanned with axe-core: the Commission's desk officer
signs in on the platform, lands on the consolidated export, asks for it, follows the job's progress and downloads
the workbook and the CSV file."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from service.consolidated.rules import HEADERS
from service.platform.demo import DEMO_PASSWORD
from tests.browser.test_platform_in_the_browser import assert_accessible
from tests.conftest import translated
from tests.consolidated_support import run_platform_jobs

pytestmark = pytest.mark.browser


def test_the_commission_user_downloads_the_consolidated_file(app, live_server, page_in):
    page = page_in("en-GB")
    page.goto(f"{live_server}/platform/sign-in")
    assert_accessible(page)
    page.locator("input[name=email]").fill("commission@amif.demo")  # the demo's desk officer (service.platform.demo)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/platform/consolidated-exports")
    assert_accessible(page)
    page.get_by_role("button", name=translated("Build the export", "en")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("#export-progress").get_attribute("data-running") == "true"
    run_platform_jobs(app)  # the worker; the page follows it by itself (static/follow-job.js)
    page.wait_for_selector('#export-progress[data-running="false"]', timeout=15_000)
    assert page.inner_text("#export-status").strip() == "Ready"
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").click()
    assert download.value.suggested_filename.startswith("amif-consolidated-")
    with open(download.value.path(), "rb") as saved:
        workbook = load_workbook(io.BytesIO(saved.read()), read_only=True)
    assert workbook.sheetnames == ["Figures", "Tenants"]
    codes = [row[1] for row in list(workbook["Tenants"].iter_rows(values_only=True))[2:]]
    assert {"fi", "se"} <= set(codes)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8") as saved:
        assert tuple(next(csv.reader(saved))) == HEADERS
    page.goto(f"{live_server}/platform/consolidated-exports")
    assert_accessible(page)
    assert page.locator("table[aria-labelledby=exports-heading] tbody tr").count() >= 1
