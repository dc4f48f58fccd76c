"""A Swedish-speaking beneficiary in Finland claims staff paid by the hour and a train journey, typing
amounts with decimal commas, attaches the evidence and submits; a Finnish case officer reduces the journey
with a reason and completes the verification; a colleague approves the payment and a third confirms it; the
beneficiary reads the money. Every page visited is scanned with axe-core."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from flask_babel import force_locale

from service.money.display import format_amount
from service.tenancy.scope import tenant_scope
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in, sign_out
from tests.claims_support import (  # noqa: F401 - fixtures
    PDF,
    admin_headers,
    applicant,
    assessed,
    checklist_items,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import tenant_id, translated

pytestmark = pytest.mark.browser
CENT = Decimal("0.01")


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert_accessible(page)


def press(page, locator) -> None:
    locator.click()
    page.wait_for_load_state()
    assert_accessible(page)


def shown(app, language: str, value: Decimal) -> str:
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, "fi")):
        return format_amount(value)


def spaced(text: str) -> str:
    """Text as the browser reads it, with the no-break and thin spaces of amounts as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_swedish_speaker_in_finland_claims_and_three_finnish_officers_verify_and_pay(
    app, live_server, page_in, claimable, person_of
):
    setup = claimable("fi")  # the beneficiary reads Swedish (tests/claims_support.py)
    project_id = setup["project"]["id"]
    page = page_in("sv-FI")
    sign_in(page, live_server, "fi", setup["beneficiary"]["email"])
    go(page, f"{live_server}/fi/projects/{project_id}")
    assert page.locator("html").get_attribute("lang") == "sv"
    press(page, page.get_by_role("link", name=translated("Claims of the project", "sv")))
    press(page, page.get_by_role("button", name=translated("Open the next claim", "sv")))
    assert translated("Draft", "sv") in page.inner_text("#claim-status")

    # Staff by the hour (seed 004: annual gross ÷ the hours it was computed on × hours worked).
    page.select_option("#line-category", "staff")
    page.fill("#line-expense_date", "2025-03-31")
    page.fill("#line-description", "Projektledare")
    page.fill("#line-supplier", "Projektledare 1")
    page.check("#line-staff_method-hourly")
    page.fill("#line-annual_gross", "51 600,00")
    page.fill("#line-hours", "100,5")
    press(page, page.locator("#add-line button[type=submit]"))
    staff = (Decimal("51600.00") * Decimal("100.5") / 1720).quantize(CENT, ROUND_HALF_UP)
    assert spaced(shown(app, "sv", staff)) in spaced(page.inner_text("#lines"))
    # A typo is refused beside its field, in Swedish, and nothing is added.
    page.select_option("#line-category", "travel")
    page.fill("#line-expense_date", "2025-04-15")
    page.fill("#line-description", "Tåg Helsingfors–Vasa")
    page.fill("#line-amount", "1 234,5,6")
    press(page, page.locator("#add-line button[type=submit]"))
    assert page.locator("#line-amount-error").is_visible()
    assert page.locator("#lines tbody tr").count() == 1
    page.fill("#line-amount", "1 234,56")
    # While typing, the limits count the cost in (claim-limits.js asks the server; nothing is saved yet).
    expected = spaced(shown(app, "sv", Decimal("1234.56")))
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).innerText"
        " .replace(/[\\u00a0\\u202f]/g, ' ').includes(text)",
        arg=["#limit-travel", expected],
    )
    assert_accessible(page)
    press(page, page.locator("#add-line button[type=submit]"))
    assert page.locator("#lines tbody tr").count() == 2
    travel_row = page.locator("#limit-travel")
    assert spaced(shown(app, "sv", Decimal("1234.56"))) in spaced(travel_row.inner_text())

    for index in range(2):
        row = page.locator("#lines tbody tr").nth(index)
        row.locator("summary").click()
        row.locator("input[type=file]").set_input_files(
            {"name": "kvitto.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        press(page, row.locator("details form button[type=submit]"))
    assert page.locator("#lines a[download]").count() == 2
    press(page, page.locator("#submit button[type=submit]"))
    assert page.locator("#receipt").is_visible()
    assert translated("Submitted", "sv") in page.inner_text("#claim-status")
    sign_out(page)

    # A Finnish case officer reduces the journey, with its type of error and the reason.
    officer = person_of("fi", "case_officer", language="fi")
    work = page_in("fi-FI")
    sign_in(work, live_server, "fi", officer["email"])
    go(work, f"{live_server}/fi/claims?status=submitted")
    press(work, work.get_by_role("link", name=f"{setup['project']['reference']}-C1", exact=True))
    assert work.locator("html").get_attribute("lang") == "fi"
    press(work, work.get_by_role("button", name=translated("Draw the sample", "fi")))
    staff_line, travel_line = work.locator("#lines article").nth(0), work.locator("#lines article").nth(1)
    travel_line.locator("input[value=reduced]").check()
    travel_line.locator("input[name=verified]").fill("1 000,00")
    travel_line.locator("select[name=error_type]").select_option("evidence_missing")
    travel_line.locator("textarea[name=comment]").fill("Yhden junalipun kuitti puuttuu.")
    travel_line.locator("input[name=in_depth]").check()
    press(work, travel_line.locator("button[type=submit]"))
    staff_line = work.locator("#lines article").nth(0)
    staff_line.locator("input[value=accepted]").check()
    staff_line.locator("input[name=in_depth]").check()
    press(work, staff_line.locator("button[type=submit]"))
    for item in checklist_items(None, "fi", setup):
        work.check(f"#answer-{item}-yes")
    press(work, work.locator("#checklist button[type=submit]"))
    press(work, work.locator("#complete button[type=submit]"))
    assert translated("Verified", "fi") in work.inner_text("#claim-status")
    assert spaced(shown(app, "fi", Decimal("234.56"))) in spaced(work.inner_text("#by-error"))
    press(work, work.locator("#payment button[type=submit]"))
    assert translated("Awaiting approval", "fi") in work.inner_text("#payments")
    sign_out(work)

    # Another approves, a third confirms the transfer.
    finance = f"{live_server}/fi/projects/{project_id}/finance"
    for role_action in ("approve", "confirm"):
        colleague = person_of("fi", "case_officer", language="fi")
        sign_in(work, live_server, "fi", colleague["email"])
        go(work, finance)
        press(work, work.locator(f"#payments form.{role_action} button[type=submit]"))
        sign_out(work)
    sign_in(work, live_server, "fi", officer["email"])
    go(work, finance)
    assert translated("Paid", "fi") in work.inner_text("#payments article .payment-status")
    sign_out(work)

    # The beneficiary reads the money, in Swedish: paid, and the chart with its table.
    sign_in(page, live_server, "fi", setup["beneficiary"]["email"])
    go(page, finance)
    figures = app.test_client().get(
        f"/api/v1/fi/projects/{project_id}/finance", headers=setup["beneficiary"]["headers"]
    )
    paid = Decimal(figures.json["eu"]["paid"])  # the same ledger sum the API answers
    assert paid > 0 and spaced(shown(app, "sv", paid)) in spaced(page.inner_text("#paid"))
    assert page.locator("figure svg[role=img]").count() == 1
    assert translated("Paid", "sv") in page.inner_text("#payments")
