"""The audit trail in the browser, each page scanned with axe-core: Finland's MA administrator, reading Finnish,
filters the trail by a person and an object type, opens a long text, pages back and downloads the filtered
trail as XLSX and as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from tests.audit_trail_support import demo_object, record
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated

pytestmark = pytest.mark.browser
LONG = "Tuensaaja selvittää viivästyksen syyt perusteellisesti. " * 6


def test_an_ma_administrator_filters_the_trail_and_downloads_it(app, live_server, page_in, make_user):
    _, email = make_user("fi", "ma_admin", language="fi")
    actor_id, _ = make_user("fi", "case_officer")
    actor = f"user:{actor_id}"
    claim = demo_object(app, "fi", "service.claims.models.claim.Claim")
    application = demo_object(app, "fi", "service.applications.models.Application")
    record(
        app,
        "fi",
        actor=actor,
        entity="claims",
        entity_id=claim["id"],
        at=datetime(2026, 5, 4, 21, 30, tzinfo=UTC),
        before={"status": "submitted", "supplement_message": "", "eligible_cost": "100.00"},
        after={"status": "returned", "supplement_message": LONG, "eligible_cost": "90.50"},
    )
    record(
        app,
        "fi",
        actor=actor,
        entity="applications",
        entity_id=application["id"],
        before={"title": "A"},
        after={"title": "B"},
    )

    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", email)
    page.goto(f"{live_server}/fi/audit")
    assert_accessible(page)
    assert page.locator("h1").inner_text() == translated("Audit trail", "fi")
    page.get_by_label(translated("Person", "fi")).select_option(actor)
    page.get_by_label(translated("Object type", "fi")).select_option("claims")
    page.get_by_label(translated("From (date)", "fi")).fill("2026-05-05")  # 21:30 UTC on 4 May is 5 May in Helsinki
    page.get_by_role("button", name=translated("Show", "fi")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    row = rows.first
    assert translated("Payment claim", "fi") in row.inner_text() and claim["reference"] in row.inner_text()
    assert translated("Returned", "fi") in row.inner_text()  # the action: the status it reached
    assert row.get_by_role("link", name=claim["reference"]).get_attribute("href").endswith(f"/fi/claims/{claim['id']}")
    summary = row.locator("details summary")
    assert summary.inner_text().endswith("…")
    summary.click()
    assert row.locator("details p").inner_text() == LONG.strip()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=translated("Excel (XLSX)", "fi")).click()
    with open(download.value.path(), "rb") as saved:
        sheet = load_workbook(io.BytesIO(saved.read())).active
    body = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(body) == 3 and {r[3] for r in body} == {claim["reference"]}
    assert {r[5] for r in body} >= {translated("Eligible cost", "fi"), translated("Status", "fi")}
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        lines = list(csv.reader(saved, delimiter=";"))
    assert lines[0][0] == translated("When", "fi") and len(lines) == 4
    assert any(line[7] == LONG for line in lines[1:])  # the whole text in the file

    page.get_by_label(translated("Object type", "fi")).select_option("")
    page.get_by_label(translated("From (date)", "fi")).fill("")
    page.get_by_role("button", name=translated("Show", "fi")).click()
    page.wait_for_load_state()
    assert page.locator("main table tbody tr").count() == 2
    assert_accessible(page)
