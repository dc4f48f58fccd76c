"""A Finnish case officer checks eligibility and assigns two assessors; one declares a conflict and is
recused; the other scores in Finnish; the case officer consolidates and the ranking shows the funding line.
Every page visited is scanned with axe-core."""

from __future__ import annotations

import pytest

from service.calls.rules import scale_points
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.assessment_support import person_of, submitted  # noqa: F401 - fixtures
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in, sign_out
from tests.conftest import translated

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


def test_a_finnish_case_officer_and_two_assessors(live_server, page_in, submitted, person_of):
    application = submitted("fi")
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
    go(page, f"{live_server}/fi/assessment/calls/{application['call']['id']}")
    row = page.locator("#ranking tbody tr").first
    assert application["reference"] in row.inner_text()
    assert translated("Above the funding line", "fi") in row.inner_text()
