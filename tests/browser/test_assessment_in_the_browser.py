"""A Finnish case officer checks eligibility and assigns two assessors; one declares a conflict and is
recused; the other scores in Finnish; the case officer consolidates and the ranking shows the funding line;
one person prepares a grant and another approves it, and the print view for the decision meeting shows it;
the Swedish-speaking applicant downloads the letter in Swedish. A Swedish flow where a criterion at 0 rejects.
Every page visited is scanned with axe-core."""

from __future__ import annotations

import pytest

from service.calls.rules import scale_points
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    run_jobs,
)
from tests.assessment_support import person_of, submitted  # noqa: F401 - fixtures
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in, sign_out
from tests.conftest import translated
from tests.decisions_support import SE_ZERO, assessed, pdf_text, ready_to_decide, ready_to_score  # noqa: F401

pytestmark = pytest.mark.browser


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert_accessible(page)


def submit(page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state()
    assert_accessible(page)


def open_first_assignment(page, base: str, email: str) -> None:
    sign_in(page, base, "fi", email)
    go(page, f"{base}/fi/assessment/assignments")
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_finnish_case_officer_and_two_assessors(app, live_server, page_in, submitted, person_of, applicant):
    swedish_speaker = applicant("fi", language="sv")
    application = submitted("fi", applicant=swedish_speaker)
    criteria = application["call"]["assessment"]["criteria"]
    officer = person_of("fi", "case_officer", language="fi")
    recused, scorer = person_of("fi", "assessor", language="fi"), person_of("fi", "assessor", language="fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", officer["email"])
    base = f"{live_server}/fi/assessment/applications/{application['id']}"
    go(page, base)
    assert page.locator("html").get_attribute("lang") == "fi"
    for point in ("applicant_type", "call_scope", "completeness", "cofinancing", "period"):
        page.check(f"#met-{point}-yes")
    page.check("#outcome-eligible")
    submit(page, "#eligibility form button[type=submit]")
    assert page.locator("#stage").inner_text() == translated("Eligible, being assessed", "fi")
    for person in (recused, scorer):
        page.select_option("#assessor_id", str(person["id"]))
        submit(page, "#assessors form button[type=submit]")
    assert page.locator("#assessors tbody tr").count() == 2
    sign_out(page)

    open_first_assignment(page, live_server, recused["email"])
    page.check("#conflict-yes")
    submit(page, "main form button[type=submit]")
    assert page.locator("#statement-error").is_visible()  # a conflict needs its description
    page.check("#conflict-yes")
    page.fill("#statement", "Olen hakijajärjestön hallituksen jäsen.")
    submit(page, "main form button[type=submit]")
    assert page.locator("#declaration").inner_text() == translated("Conflict of interest: recused", "fi")
    assert page.locator("#scores").count() == 0
    sign_out(page)

    open_first_assignment(page, live_server, scorer["email"])
    page.check("#conflict-no")
    submit(page, "main form button[type=submit]")
    for criterion in criteria:
        page.fill(f"#points-{criterion['key']}", str(scale_points(criterion["scale"])[1]))
        page.fill(f"#justification-{criterion['key']}", "Hyvin perusteltu tarve ja selkeä toteutussuunnitelma.")
    submit(page, "#scores button[value=submit]")
    assert translated("Your scores have been submitted and can no longer be changed.", "fi") in page.inner_text("main")
    sign_out(page)

    sign_in(page, live_server, "fi", officer["email"])
    go(page, base)
    page.check("#method-mean")
    submit(page, "#consolidation form button[type=submit]")
    highest = sum(scale_points(c["scale"])[1] for c in criteria)
    assert page.locator("#total").inner_text().replace("\u00a0", " ") in (f"{highest}", f"{highest},00")
    ranking = f"{live_server}/fi/decisions/calls/{application['call']['id']}/ranking"
    go(page, ranking)
    row = page.locator("#ranking tbody tr").first
    assert application["reference"] in row.inner_text()
    assert translated("Above the funding line", "fi") in row.inner_text()

    # one person prepares the grant, another approves it
    decision_page = f"{live_server}/fi/decisions/applications/{application['id']}"
    go(page, decision_page)
    page.check("#kind-grant")
    page.fill("#conditions", "Hanke raportoi puolivuosittain.")
    submit(page, "#prepare form button[type=submit]")
    assert translated("You prepared this decision: another person approves it.", "fi") in page.inner_text("main")
    sign_out(page)
    approver = person_of("fi", "case_officer", language="fi")
    sign_in(page, live_server, "fi", approver["email"])
    go(page, decision_page)
    submit(page, "#decisions form.inline button[type=submit]")
    assert translated("in force", "fi") in page.inner_text("#decisions")
    # the print view for the decision meeting shows the grant in force
    go(page, f"{ranking}/print")
    granted = page.locator("#ranking tbody tr", has_text=application["reference"])
    assert translated("Granted", "fi") in granted.inner_text()
    assert page.locator("#ranking tr.funding-line").count() == 1
    go(page, ranking)  # the print view has no navigation: sign out from the page
    sign_out(page)

    # the letter is written by the job; the Swedish-speaking applicant downloads it, in Swedish
    assert run_jobs(app, "fi", "decisions.write_letter")
    own = page_in("sv-FI")
    sign_in(own, live_server, "fi", swedish_speaker["email"])
    go(own, f"{live_server}/fi/applications/{application['id']}")
    assert own.locator("html").get_attribute("lang") == "sv"
    with own.expect_download() as download:
        own.locator("#decision a[download]").first.click()
    with open(download.value.path(), "rb") as letter:
        text = " ".join(pdf_text(letter.read()).split())
    assert translated("The managing authority grants the project support from the fund as follows.", "sv") in text
    assert "Hanke raportoi puolivuosittain." in text


def test_a_swedish_flow_where_a_criterion_at_zero_rejects(app, live_server, page_in, ready_to_decide, person_of):
    application, preparer, approver = ready_to_decide("se", SE_ZERO)  # scored and consolidated (API fixtures)
    officer = person_of("se", "case_officer", language="sv")
    page = page_in("sv-SE")
    sign_in(page, live_server, "se", officer["email"])
    go(page, f"{live_server}/se/decisions/calls/{application['call']['id']}/ranking")
    row = page.locator("#outside tbody tr", has_text=application["reference"])
    assert translated("Rejected by the call's rules", "sv") in row.inner_text()
    decision_page = f"{live_server}/se/decisions/applications/{application['id']}"
    go(page, decision_page)
    page.check("#kind-grant")
    submit(page, "#prepare form button[type=submit]")  # a grant is refused: the rules reject it
    assert translated("The application fails the call's rules and cannot be granted.", "sv") in page.inner_text(
        "[role=alert]"
    )
    page.check("#kind-rejection")
    page.check("#reason-failed_rules")
    submit(page, "#prepare form button[type=submit]")
    sign_out(page)
    second = person_of("se", "case_officer", language="sv")
    sign_in(page, live_server, "se", second["email"])
    go(page, decision_page)
    submit(page, "#decisions form.inline button[type=submit]")
    decisions = page.inner_text("#decisions")
    assert translated("The application's score fails the call's rules.", "sv") in decisions
    assert translated("in force", "sv") in decisions
