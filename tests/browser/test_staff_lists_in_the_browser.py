"""The staff lists of projects, claims and progress reports in the browser, each page scanned with axe-core on a
phone's width (390 px): the Swedish demo case officer opens each list, filters it by a state that has rows,
sorts it by reference and downloads it as CSV."""

from __future__ import annotations

import csv
import io
import re

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


@pytest.mark.parametrize("path", ["projects", "claims", "reports"])
def test_the_swedish_case_officer_filters_sorts_and_downloads_each_list(live_server, page_in, path):
    page = page_in("sv-SE")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/se/login")
    page.locator("input[name=email]").fill("handlaggare@se.demo")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/se/{path}")
    _settle(page)
    assert translated("Filter and search", "sv") in page.locator("main").inner_text()

    # filter by the first state that has rows, through the form
    counts = page.locator("main .state-counts li a").all_inner_texts()[1:]
    state_codes = page.locator("#state option").evaluate_all("options => options.map(o => o.value)")[1:]
    numbers = [int(re.search(r"\((\d+)\)$", text).group(1)) for text in counts]
    assert sum(numbers) > 0, counts  # the demo has some
    code = next(code for code, number in zip(state_codes, numbers, strict=True) if number)
    page.locator("#state").select_option(code)
    page.locator("form.queue-filters button[type=submit]").click()
    _settle(page)
    states = page.locator("main tbody td[data-state]").evaluate_all("cells => cells.map(c => c.dataset.state)")
    assert states and set(states) == {code}

    # sort by reference
    reference = translated("Reference", "sv")
    page.locator("main thead a", has_text=reference).click()
    _settle(page)
    assert page.locator("main thead th", has_text=reference).get_attribute("aria-sort") == "ascending"
    assert f"state={code}" in page.url and "sort=reference" in page.url

    # the CSV holds the filtered list, in Swedish
    with page.expect_download() as event:
        page.locator("main a", has_text="CSV").click()
    data = open(event.value.path(), "rb").read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0][0] == reference and rows[0][2] == translated("Status", "sv")
    assert len(rows) - 1 == next(n for c, n in zip(state_codes, numbers, strict=True) if c == code)
