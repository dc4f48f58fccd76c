"""A Swedish-speaking beneficiary in Finland registers a participant, imports a CSV file of participants, sees the
import's progress follow the job and then the counts; a Finnish case officer reads the register in Finnish.
Every page visited is scanned with axe-core."""

from __future__ import annotations

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in, sign_out
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import translated
from tests.participants_support import csv_bytes, person, run_imports

pytestmark = pytest.mark.browser


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert_accessible(page)


def press(page, locator) -> None:
    locator.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_swedish_speaker_in_finland_imports_participants_and_sees_progress_then_counts(
    app, live_server, page_in, claimable
):
    setup = claimable("fi")  # the beneficiary reads Swedish (tests/claims_support.py)
    project_id = setup["project"]["id"]
    page = page_in("sv-FI")
    sign_in(page, live_server, "fi", setup["beneficiary"]["email"])
    go(page, f"{live_server}/fi/projects/{project_id}")
    press(page, page.get_by_role("link", name=translated("Participant register", "sv")))
    assert page.locator("html").get_attribute("lang") == "sv"

    # One participant by hand; a future date of birth is refused first, beside its field, and nothing is saved.
    page.fill("#p-first_name", "Åsa")
    page.fill("#p-last_name", "Lind")
    page.fill("#p-date_of_birth", "2099-01-01")
    page.check("#p-sex-woman")
    page.fill("#p-first_participation", "2025-03-01")
    page.check("#p-indicators-2")  # O.2.3.1
    press(page, page.get_by_role("button", name=translated("Register", "sv")))
    assert translated("The date of birth cannot be in the future.", "sv") in page.inner_text("#p-date_of_birth-error")
    page.fill("#p-date_of_birth", "1988-05-17")
    page.check("#p-indicators-2")
    press(page, page.get_by_role("button", name=translated("Register", "sv")))
    assert translated("The participant is registered.", "sv") in page.inner_text("main")

    # The import: a CSV with Swedish headers, a BOM, the same person twice and Åsa again.
    press(page, page.get_by_role("link", name=translated("Import participants from a CSV or XLSX file", "sv")))
    rows = [
        person(first="Mikael", last="Berg", sex="man", codes="O.2.3.2"),
        person(first="mikael", last="BERG", sex="man", codes="O.2.3.3"),
        person(first="Åsa", last="Lind", born="17.5.1988", codes="O.2.3.2"),
        person(first="Eino", last="Mäkinen", born="2012-01-01", sex="man", codes="O.2.3.1"),
    ]
    header = ["förnamn", "efternamn", "födelsedatum", "kön", "första deltagande", "indikatorer"]
    content = csv_bytes(rows, header=header)
    page.set_input_files("#i-file", files=[{"name": "deltagare.csv", "mimeType": "text/csv", "buffer": content}])
    press(page, page.get_by_role("button", name=translated("Import", "sv"), exact=True))
    assert translated("Waiting to start", "sv") in page.inner_text("#import-status")
    run_imports(app, "fi")  # the worker takes the job; the page follows it without a reload
    page.locator("#import-progress[data-running='false']").wait_for(timeout=15000)
    assert translated("Imported", "sv") in page.inner_text("#import-status")
    assert_accessible(page)
    press(page, page.get_by_role("link", name=translated("See the counts", "sv")))
    # Three people in O.2.3 (Åsa, Mikael, Eino): Åsa and Mikael each counted once however often they appear.
    assert page.inner_text("#count-O\\.2\\.3 td.number >> nth=0") == "3"
    assert page.inner_text("#count-O\\.2\\.3\\.2 td.number >> nth=0") == "2"
    sign_out(page)
    page.close()


def test_a_finnish_case_officer_reads_the_register_in_finnish(app, live_server, page_in, claimable, client):
    setup = claimable("fi")
    project_id = setup["project"]["id"]
    body = {**person(first="Eino", born="2012-01-01", sex="man"), "indicators": ["O.2.3"]}
    answer = client.post(
        f"/api/v1/fi/projects/{project_id}/participants", json=body, headers=setup["beneficiary"]["headers"]
    )
    assert answer.status_code == 201
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", setup["officer"]["email"])
    go(page, f"{live_server}/fi/projects/{project_id}/participants")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert translated("Counts per indicator", "fi") in page.inner_text("main")
    assert page.locator("#participants tbody tr").count() == 1  # MA staff read a child's row
    page.close()
