"""A live server on the test database, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}  # issue 15: every page works this wide without scrolling sideways
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page_in(browser):
    """A fresh browser context speaking a language: page_in("fi-FI"); on a phone: page_in("fi-FI", PHONE)."""
    contexts = []

    def make(locale: str, viewport: dict | None = None):
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(locale=locale, extra_http_headers={"Accept-Language": locale}, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
