"""The auditor's pages in the browser, scanned with axe-core: a Finnish case officer's refused requests, read by the
tenant's auditor in Finnish, filtered, and a filter refused beside its field; a Swedish auditor reads an application,
its assessment, decision and project, without a form to act."""

from __future__ import annotations

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)

pytestmark = pytest.mark.browser


def test_the_finnish_auditor_reads_and_filters_the_security_events(client, live_server, page_in, person_of):
    officer = person_of("fi", "case_officer")
    assert client.get("/api/v1/fi/security-events", headers=officer["headers"]).status_code == 403
    assert client.get("/api/v1/fi/applications/2147430000", headers=officer["headers"]).status_code == 404
    auditor = person_of("fi", "auditor", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", auditor["email"])
    page.locator("nav a", has_text=translated("Security events", "fi")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("#person").fill(officer["email"])
    page.locator("#status").select_option("404")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    rows = page.locator("main tbody tr")
    assert rows.count() == 1
    assert "/api/v1/fi/applications/2147430000" in rows.first.inner_text()
    assert translated("Not found (404)", "fi") in rows.first.inner_text()
    page.locator("#since").fill("2026-02-02")
    page.locator("#until").fill("2026-02-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)  # the refusal, with the message next to the field
    assert page.locator("#until").get_attribute("aria-invalid") == "true"
    assert translated("The first day must not be after the last day.", "fi") in page.locator("main").inner_text()


def test_a_swedish_auditor_reads_an_application_its_assessment_decision_and_project(
    app, client, live_server, page_in, granted, person_of
):
    application, _decision, preparer, _approver = granted("se")
    projects = client.get("/api/v1/se/projects", headers=preparer["headers"]).json
    project = next(p for p in projects if p["call_id"] == application["call_id"])
    auditor = person_of("se", "auditor", language="sv")
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", auditor["email"])
    for url in (
        "/se/applications",
        f"/se/applications/{application['id']}",
        f"/se/assessment/applications/{application['id']}",
        f"/se/decisions/applications/{application['id']}",
        f"/se/decisions/calls/{application['call_id']}/ranking",
        f"/se/projects/{project['id']}",
        "/se/security-events",
    ):
        page.goto(f"{live_server}{url}")
        page.wait_for_load_state()
        assert_accessible(page)
        assert page.locator("main form[method=post]").count() == 0, url
