"""Issue 15: every page works on a phone 390 px wide without scrolling sideways, and prints cleanly.

Signed in as demo people of both tenants (the staff who see the most pages, an applicant, the committee, an
assessor), a browser 390 px wide opens every page the navigation offers and the first object each of those pages
lists in a table (an application, a project, a claim, a decision…). On each page the document is no wider than the
screen (a wide table scrolls inside itself: service/static/amif.css), and axe finds nothing serious. Printed
(print media), a page shows its content without the navigation, the language switch or buttons.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from service.platform.demo import DEMO_PASSWORD
from tests.browser.conftest import OVERFLOW, PHONE
from tests.browser.test_platform_in_the_browser import assert_accessible

pytestmark = pytest.mark.browser

PEOPLE = (
    ("se", "admin@se.demo", "sv-SE"),
    ("se", "sokande@se.demo", "sv-SE"),
    ("se", "kommitte@se.demo", "sv-SE"),
    ("fi", "kasittelija@fi.demo", "fi-FI"),
    ("fi", "arvioija@fi.demo", "fi-FI"),
    ("fi", "hakija@fi.demo", "fi-FI"),
)
# What is too wide, to name in a failure: elements reaching past the screen's right edge, and elements whose own
# content overflows them (a long word in a heading), innermost first.
CULPRITS = """() => {
  const edge = document.documentElement.clientWidth;
  const past = e => e.getBoundingClientRect().right > edge + 1;
  const spills = e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible";
  return [...document.querySelectorAll("main *, header *")]
    .filter(e => (past(e) && ![...e.children].some(past)) || (spills(e) && ![...e.children].some(spills)))
    .slice(0, 3)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${(e.textContent || "").trim().slice(0, 40)}`);
}"""


def _sign_in(page, base: str, code: str, email: str) -> None:
    page.goto(f"{base}/{code}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{email} could not sign in"


def _same_site(base: str, hrefs: list[str]) -> list[str]:
    host = urlparse(base).netloc
    found = []
    for href in hrefs:
        parsed = urlparse(href)
        if parsed.netloc == host and href not in found and "download" not in parsed.path:
            found.append(href)
    return found


def _visit(page, url: str, wide: list[str]) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.status < 500, f"{url}: {answer.status if answer else 'no answer'}"
    page.wait_for_load_state()
    extra = page.evaluate(OVERFLOW)
    if extra > 0:
        wide.append(f"{url} is {extra} px wider than the screen: {page.evaluate(CULPRITS)}")
    assert_accessible(page)


@pytest.mark.parametrize("code, email, locale", PEOPLE, ids=[email for _code, email, _locale in PEOPLE])
def test_every_page_fits_a_phone_and_prints_without_the_navigation(app, live_server, browser, code, email, locale):
    context = browser.new_context(locale=locale, extra_http_headers={"Accept-Language": locale}, viewport=PHONE)
    try:
        page = context.new_page()
        _sign_in(page, live_server, code, email)
        menu = _same_site(live_server, page.locator("header nav a").evaluate_all("links => links.map(a => a.href)"))
        assert len(menu) >= 4, menu  # calls, programme, notifications, account at least
        wide: list[str] = []
        details: list[str] = []
        for url in menu:
            _visit(page, url, wide)
            first = page.locator("main table tbody a[href]").first
            if first.count():
                details += _same_site(live_server, [first.evaluate("a => a.href")])
        for url in dict.fromkeys(details):
            _visit(page, url, wide)
        assert wide == [], "\n".join(wide)

        page.emulate_media(media="print")
        for url in [*dict.fromkeys(details)][:3] or menu[:1]:
            page.goto(url)
            page.wait_for_load_state()
            assert not page.locator("header.top").is_visible(), f"{url}: the navigation is printed"
            assert not page.locator("main button:visible").count(), f"{url}: buttons are printed"
            assert page.locator("main h1").is_visible(), f"{url}: the content is not printed"
    finally:
        context.close()
