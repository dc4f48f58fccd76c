"""The work queue in the browser, each page scanned with axe-core, on a phone's width (390 px): the Swedish demo
case officer filters the applications by state, sorts them, pages through them and downloads the list as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from service.platform.demo import DEMO_PASSWORD
from tests.browser.test_platform_in_the_browser import assert_accessible
from tests.conftest import translated

pytestmark = pytest.mark.browser


def _settle(page) -> None:
    page.wait_for_load_state()
    assert_accessible(page)
    # the page itself never scrolls sideways; the table scrolls inside its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_swedish_case_officer_filters_sorts_pages_and_downloads(live_server, page_in, monkeypatch):
    from service.work_queue import controllers

    monkeypatch.setattr(controllers, "PAGE_SIZE", 2)  # the demo's handful of applications on several pages
    page = page_in("sv-SE")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/se/login")
    page.locator("input[name=email]").fill("handlaggare@se.demo")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/se/applications")
    _settle(page)
    main = page.locator("main")
    assert translated("Filter and search", "sv") in main.inner_text()

    # filter: the granted ones (the demo's granted application and its claims' projects)
    page.locator("#state").select_option("granted")
    page.locator("form.queue-filters button[type=submit]").click()
    _settle(page)
    granted = translated("Granted", "sv")
    states = page.locator("main tbody td[data-state]").all_inner_texts()
    assert states and set(states) == {granted}

    # sort by reference, then the other way
    reference = translated("Reference", "sv")
    page.locator("main thead a", has_text=reference).click()
    _settle(page)
    header = page.locator("main thead th", has_text=reference)
    assert header.get_attribute("aria-sort") == "ascending"
    first_page = page.locator("main tbody tr td:first-child").all_inner_texts()
    assert first_page == sorted(first_page)
    page.locator("main thead a", has_text=reference).click()
    _settle(page)
    assert page.locator("main thead th", has_text=reference).get_attribute("aria-sort") == "descending"
    descending = page.locator("main tbody tr td:first-child").all_inner_texts()
    assert descending == sorted(descending, reverse=True)

    # page on: the filter and the order stay
    seen = list(descending)
    while page.locator("main nav a[rel=next]").count():
        page.locator("main nav a[rel=next]").click()
        _settle(page)
        assert set(page.locator("main tbody td[data-state]").all_inner_texts()) == {granted}
        seen += page.locator("main tbody tr td:first-child").all_inner_texts()
    assert len(seen) > 2 and seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)
    assert page.url.count("state=granted") == 1 and "sort=reference" in page.url

    # the CSV: every granted application, in the same order, in Swedish
    with page.expect_download() as event:
        page.locator("main a", has_text="CSV").click()
    data = open(event.value.path(), "rb").read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0][0] == reference and rows[0][2] == translated("Status", "sv")
    assert [row[0] for row in rows[1:]] == seen
    assert {row[2] for row in rows[1:]} == {granted}

    # clear the filters: every state again, with its count
    page.locator("main a", has_text=translated("Clear filters", "sv")).click()
    _settle(page)
    assert translated("Decision awaiting approval", "sv") in page.locator("main .state-counts").inner_text()
