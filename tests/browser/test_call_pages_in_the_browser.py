"""A Finnish managing authority administrator creates a call in three languages and publishes it; visitors
find it on the public list in their own language. Every page visited is scanned with axe-core."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_an_administrator_publishes_a_call_and_visitors_read_it_in_their_language(live_server, page_in, make_user):
    _, email = make_user("fi", "ma_admin", language="fi")
    reference = f"B-{uuid.uuid4().hex[:8]}"
    titles = {
        "fi": f"Kotoutumisen tuki {reference}",
        "sv": f"Stöd till integration {reference}",
        "en": f"Support for integration {reference}",
    }
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date()

    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", email)
    page.locator('header a[href="/fi/manage/calls"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("/fi/manage/calls")
    assert_accessible(page)
    page.locator('main a[href="/fi/manage/calls/new"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("#criterion_0_scale").input_value() == "0–30"  # tenants/fi/calls.toml
    assert_accessible(page)

    page.fill("#reference", reference)
    for language, title in titles.items():
        page.fill(f"#title_{language}", title)
        page.fill(f"#summary_{language}", f"{title}: summary")
    page.check("#so_SO2")
    page.fill("#budget", "abc")  # a typing error first: the page says so and keeps what was typed
    page.fill("#opens_date", (today - timedelta(days=1)).isoformat())
    page.fill("#opens_time", "09:00")
    page.fill("#closes_date", (today + timedelta(days=30)).isoformat())
    page.fill("#closes_time", "16:15")
    page.check("input[name=eligible_organisation_types][value=ngo]")
    page.locator("form.call-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#budget-error").is_visible()
    assert page.locator("#budget").get_attribute("aria-invalid") == "true"
    assert page.locator("#title_sv").input_value() == titles["sv"]
    assert_accessible(page)

    page.fill("#budget", "10 800 000,00")
    page.locator("form.call-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/edit"), page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("section.publication button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("section.publication a[href^='/fi/calls/']").is_visible()  # published: a public page

    for locale, language in (("fi-FI", "fi"), ("sv-FI", "sv"), ("en-GB", "en")):
        visitor = page_in(locale)
        visitor.goto(f"{live_server}/fi/calls")
        assert visitor.locator("html").get_attribute("lang") == language
        link = visitor.get_by_role("link", name=titles[language])
        assert link.is_visible()
        for other in set(titles) - {language}:
            assert visitor.get_by_role("link", name=titles[other]).count() == 0
        assert_accessible(visitor)
        link.click()
        visitor.wait_for_load_state()
        assert visitor.locator("h1").inner_text() == titles[language]
        assert "10\u00a0800\u00a0000,00\u00a0€" in visitor.locator("main").inner_text()
        assert "16.15" in visitor.locator("main").inner_text() or "16:15" in visitor.locator("main").inner_text()
        assert_accessible(visitor)
