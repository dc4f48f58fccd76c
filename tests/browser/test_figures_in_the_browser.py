"""Issue 11's pages in the browser, each scanned with axe-core: a Finnish case officer prepares a grant by its
rate on the decision page (the EU contribution follows; the rate shows beside the call's maximum), confirms a
classification, reads the statistics; the Swedish programme in euro; the platform administrator's exchange
rates page."""

from __future__ import annotations

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.assessment_support import person_of, submitted  # noqa: F401 - fixtures
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import PASSWORD, translated
from tests.decisions_support import assessed, ready_to_decide, ready_to_score  # noqa: F401
from tests.test_exchange_rate_pages import platform_person  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_case_officer_grants_by_the_rate_and_reads_the_figures(app, live_server, page_in, ready_to_decide, person_of):
    application, _, _ = ready_to_decide("fi")
    officer = person_of("fi", "case_officer", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", officer["email"])
    go(page, f"{live_server}/fi/decisions/applications/{application['id']}")
    page.locator("#kind-grant").check()
    page.locator("#cofinancing_rate").fill("60")
    page.locator("#reduction_reason").fill("Osarahoitusta alennetaan.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "60,00\u00a0%" in text  # the rate granted, two decimals (Finnish decimal comma)
    assert translated("Followed from the figures given", "fi") in text
    go(page, f"{live_server}/fi/statistics")
    captions = page.locator("main caption").all_inner_texts()
    for caption in (
        "Applications per type of intervention (AMIF Annex VI)",
        "Applications and granted EU money per beneficiary",
    ):
        assert translated(caption, "fi") in captions


def test_the_swedish_programme_in_euro_and_the_rates_page(app, live_server, page_in, make_user, platform_person):
    _, address = make_user("se", "ma_admin")
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", address)
    go(page, f"{live_server}/se/?currency=EUR")
    administrator = platform_person()
    other = page_in("en-GB")
    other.goto(f"{live_server}/platform/sign-in")
    assert_accessible(other)
    other.locator("input[name=email]").fill(administrator)
    other.locator("input[name=password]").fill(PASSWORD)
    other.locator("main form button[type=submit]").click()
    other.wait_for_load_state()
    go(other, f"{live_server}/platform/exchange-rates")
