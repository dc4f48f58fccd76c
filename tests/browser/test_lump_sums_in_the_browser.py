"""The SO4 lump-sum pages in the browser, each scanned with axe-core: a Swedish case officer records a month
with a refusal first, then corrects it; the Finnish committee reads the demo months."""

from __future__ import annotations

import pytest

from tests.assessment_support import person_of  # noqa: F401 - fixture
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated

pytestmark = pytest.mark.browser


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_swedish_case_officer_records_and_corrects_a_month(live_server, page_in, person_of):
    officer = person_of("se", "case_officer", language="sv")
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", officer["email"])
    go(page, f"{live_server}/se/lump-sums?year=2026")
    page.locator("#month").fill("2026-08")
    page.locator("#category").select_option("resettlement")
    page.locator("#persons").fill("-2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)  # the refusal, with the message next to the field
    assert page.locator("#persons").get_attribute("aria-invalid") == "true"
    page.locator("#persons").fill("9")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert translated("Resettlement", "sv") in page.locator("main").inner_text()
    page.locator("main table a", has_text="augusti 2026").click()  # the month recorded, in Swedish
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("#persons").fill("10")
    page.locator("#note").fill("En person saknades.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "En person saknades." in page.locator("main").inner_text()


def test_the_finnish_committee_reads_the_demo_months(live_server, page_in, person_of):
    reader = person_of("fi", "committee", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", reader["email"])
    go(page, f"{live_server}/fi/lump-sums?year=2026")
    assert translated("Record a month", "fi") not in page.locator("main").inner_text()
