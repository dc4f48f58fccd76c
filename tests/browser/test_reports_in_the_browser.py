"""A Swedish-speaking beneficiary in Finland writes a progress report: a personal identity number typed into the
narrative is refused beside its field, the values are typed with their evidence, the participants come from the
register; the report is submitted with a receipt. A Finnish case officer returns it with a comment, which the
beneficiary reads. Every page visited is scanned with axe-core."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in, sign_out
from tests.claims_support import (  # noqa: F401 - fixtures
    PDF,
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
from tests.reports_support import register_people, reportable  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
SAVED_ALL = """() => document.querySelector('#autosave-status').dataset.state === 'saved'
    && !Object.keys(localStorage).some(key => key.startsWith('amif-report:'))"""
COMMENT = "Beskriv hur barnets bästa har beaktats."


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert_accessible(page)


def report_id(page) -> int:
    return int(page.url.split("/reports/")[1].split("?")[0].split("#")[0])


def press(page, locator) -> None:
    locator.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_swedish_speaker_in_finland_reports_and_a_finnish_officer_returns_the_report(
    app, client, live_server, page_in, reportable, person_of, applicant
):
    setup = reportable("fi")  # the beneficiary reads Swedish (tests/claims_support.py)
    project = setup["project"]
    register_people(
        app,
        "fi",
        setup,
        [
            {"first_name": "Aino", "last_name": "Virtanen", "born": date(1990, 4, 2), "sex": "woman"},
            {"first_name": "Erik", "last_name": "Nyström", "born": date(1950, 1, 1), "sex": "man"},
        ],
    )
    page = page_in("sv-FI")
    sign_in(page, live_server, "fi", setup["beneficiary"]["email"])
    go(page, f"{live_server}/fi/projects/{project['id']}")
    assert page.locator("html").get_attribute("lang") == "sv"
    press(page, page.get_by_role("link", name=translated("Progress reports of the project", "sv")))
    press(page, page.get_by_role("button", name=translated("Create the reports of the periods begun", "sv")))
    reference = f"{project['reference']}-R1"
    press(page, page.get_by_role("link", name=reference, exact=True))
    # The register's two participants, by sex: never typed.
    assert "2" in page.inner_text("#register")

    # Saved as it is typed (static/autosave.js). A personnummer in the narrative (Skatteverket's example,
    # SKV 704) is refused beside the field, nothing saved.
    page.fill("#report-activities", "Deltagare 19121212-1212 började i mars.")
    page.wait_for_selector('#autosave-status[data-state="invalid"]')
    message = translated("Remove the personal identity number: a report never holds one.", "sv")
    assert message in page.inner_text("#report-activities-error")
    assert page.locator("#report-activities").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.fill("#report-activities", "Två språkcaféer i veckan i Vasa.")
    page.fill("#report-progress", "Målen för halvåret nåddes.")
    page.fill("#report-horizontal_principles", "Barnpassning under träffarna.")
    page.fill("#report-value-O\\.1\\.3", "20")
    page.fill("#report-value-O\\.1\\.3\\.1", "5")
    page.fill(f"#report-value-{setup['own']}", "1 050")  # the thousands as people type them
    page.locator("#report-activities").focus()  # leaving a field saves it at once
    page.wait_for_function(SAVED_ALL)
    assert page.locator("#report-activities-error").is_hidden()
    assert_accessible(page)

    # A colleague changes the problems after I opened the page: both texts are offered, mine kept.
    colleague = applicant("fi", language="fi", organisation_id=setup["beneficiary"]["organisation_id"])
    theirs = client.put(
        f"/api/v1/fi/reports/{report_id(page)}", json={"problems": "Tila puuttui."}, headers=colleague["headers"]
    )
    assert theirs.status_code == 200
    page.fill("#report-problems", "Lokalen saknades i maj.")
    page.wait_for_selector("#report-problems-conflict:not([hidden])")
    assert "Tila puuttui." in page.inner_text("#report-problems-conflict")
    assert_accessible(page)
    page.locator("#report-problems-conflict [data-choice=mine]").click()
    page.wait_for_function(SAVED_ALL)

    page.reload()  # nothing was lost: all of it is on the server
    page.wait_for_load_state()
    assert page.input_value("#report-activities") == "Två språkcaféer i veckan i Vasa."
    assert page.input_value("#report-problems") == "Lokalen saknades i maj."
    assert page.input_value(f"#report-value-{setup['own']}") == "1050"
    page.locator("#evidence-O\\.1\\.3-file").set_input_files(
        {"name": "narvarolista.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press(page, page.locator("#evidence form").first.locator("button[type=submit]"))
    assert page.get_by_role("link", name="narvarolista.pdf").count() == 1
    press(page, page.get_by_role("button", name=translated("Submit the report to the managing authority", "sv")))
    assert page.locator("#receipt").is_visible() and reference in page.inner_text("#receipt")
    assert translated("Submitted, awaiting review", "sv") in page.inner_text("#report-status")
    sign_out(page)

    # A Finnish case officer returns it with a comment.
    officer = person_of("fi", "case_officer", language="fi")
    work = page_in("fi-FI")
    sign_in(work, live_server, "fi", officer["email"])
    go(work, f"{live_server}/fi/projects/{project['id']}/reports")
    assert work.locator("html").get_attribute("lang") == "fi"
    press(work, work.get_by_role("link", name=reference, exact=True))
    press(work, work.get_by_role("button", name=translated("Return the report for changes", "fi")))
    assert translated("Say what the beneficiary should change.", "fi") in work.inner_text("main")  # no comment
    work.fill("#review-comment", COMMENT)
    press(work, work.get_by_role("button", name=translated("Return the report for changes", "fi")))
    assert translated("Returned for changes", "fi") in work.inner_text("#report-status")
    go(work, f"{live_server}/fi/reports/overdue")
    sign_out(work)

    sign_in(page, live_server, "fi", setup["beneficiary"]["email"])
    go(page, f"{live_server}/fi/projects/{project['id']}/reports")
    press(page, page.get_by_role("link", name=reference, exact=True))
    assert COMMENT in page.inner_text("#returned")
