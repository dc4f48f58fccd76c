"""A Swedish-speaking beneficiary in Finland claims a unit cost of the approved budget (CPR Art. 53(1)(b)),
typing the units with a decimal comma: the limits count it in while typing, at the budget's amount per unit,
without indirect costs. Every page visited is scanned with axe-core."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.test_claims_in_the_browser import go, press, shown, spaced
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.claims_support import (  # noqa: F401 - fixtures
    BUDGET,
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
from tests.test_claim_simplified_costs import UNIT

pytestmark = pytest.mark.browser


def test_a_unit_cost_is_claimed_as_units_at_the_budgets_rate(app, live_server, page_in, claimable):
    setup = claimable("fi", budget=[*BUDGET, UNIT])
    page = page_in("sv-FI")
    sign_in(page, live_server, "fi", setup["beneficiary"]["email"])
    go(page, f"{live_server}/fi/projects/{setup['project']['id']}/claims")
    press(page, page.get_by_role("button", name=translated("Open the next claim", "sv")))
    assert page.locator("#simplified").is_visible()
    page.select_option("#line-category", "unit_costs")
    page.select_option("#line-option", index=1)  # the budget's one unit cost, after "Choose…"
    assert UNIT["description"] in page.inner_text("#line-option")
    page.fill("#line-units", "7,5")
    page.fill("#line-description", "Vårens kurs")
    page.fill("#line-expense_date", "2025-05-30")
    amount = spaced(shown(app, "sv", Decimal("11250.00")))  # 7,5 × 1 500,00
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).innerText"
        " .replace(/[\\u00a0\\u202f]/g, ' ').includes(text)",
        arg=["#limit-unit_costs", amount],
    )
    assert_accessible(page)
    press(page, page.locator("#add-line button[type=submit]"))
    row = spaced(page.inner_text("#lines tbody tr"))
    assert amount in row and "7,5" in row
    # No indirect costs on a unit cost: the claim's flat rate stays at zero.
    assert spaced(page.inner_text("#indirect-this")).startswith(spaced(shown(app, "sv", Decimal("0.00"))))
