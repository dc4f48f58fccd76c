"""Unit costs and lump sums (CPR Art. 53(1)(b), (c)) from the budget to the payment: the applicant budgets
them, the flat rate of indirect costs is not added to them; the beneficiary claims units delivered at the
budget's amount per unit, and a lump sum in full, once; the case officer may reduce a unit cost but only accept
or refuse a lump sum; and the pages offer them where the project has them."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from tests.claims_support import (  # noqa: F401 - fixtures
    BUDGET,
    EQUIPMENT,
    STAFF,
    TRAVEL,
    add_line,
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    open_claim,
    organisation,
    pay,
    person_of,
    ready_to_score,
    submit,
    verify_all,
)
from tests.conftest import csrf_token, sign_in
from tests.test_applications_api import start

CENT = Decimal("0.01")
UNIT = {
    "year": 2027,
    "category": "unit_costs",
    "description": "Deltagare som fullföljt språkkursen",
    "unit_amount": "1 500,00",
    "units": "40",
}
LUMP = {"year": 2028, "category": "lump_sums", "description": "Publicerad metodhandbok", "amount": "25 000,00"}
UNITS_BUDGET = Decimal("60000.00")  # 40 units × 1 500,00
LUMP_SUM = Decimal("25000.00")
# The flat rate (7 %, the call's) of the actual direct costs only; the simplified costs are added without it.
ACTUAL = TRAVEL + STAFF + EQUIPMENT
ELIGIBLE = ACTUAL + (ACTUAL * 7 / 100).quantize(CENT, ROUND_HALF_UP) + UNITS_BUDGET + LUMP_SUM
GRANT_EU = (ELIGIBLE * Decimal("0.75")).quantize(CENT, ROUND_DOWN)


def share(verified: Decimal) -> Decimal:
    return (verified * GRANT_EU / ELIGIBLE).quantize(CENT, ROUND_DOWN)


def test_a_budget_has_unit_costs_and_lump_sums_without_the_flat_rate(client, open_call, applicant):
    call = open_call("fi", cofinancing_rate="75")
    person = applicant("fi", language="sv")
    application = start(client, "fi", person, call)
    url = f"/api/v1/fi/applications/{application['id']}"
    travel = {"year": 2027, "category": "travel", "description": "Resor", "amount": "10 000,00"}
    for line in (travel, UNIT, LUMP):
        added = client.post(f"{url}/budget-lines", json=line, headers=person["headers"])
        assert added.status_code == 201, added.json
    lines = client.get(url, headers=person["headers"]).json["budget_lines"]
    unit = next(line for line in lines if line["category"] == "unit_costs")
    assert (unit["units"], unit["unit_amount"], unit["amount"]) == ("40.00", "1500.00", f"{UNITS_BUDGET:.2f}")
    read = client.get(url, headers=person["headers"]).json
    assert read["totals"]["direct_costs"] == f"{Decimal('10000.00') + UNITS_BUDGET + LUMP_SUM:.2f}"
    assert read["totals"]["indirect_costs"] == "700.00"  # 7 % of the travel only
    # Bad lines: 422 with the field named, nothing added.
    bad = [
        ({**UNIT, "units": "0"}, "units"),
        ({**UNIT, "units": "1,234"}, "units"),
        ({**UNIT, "units": "-3"}, "units"),
        ({**UNIT, "units": "1000001"}, "units"),
        ({key: value for key, value in UNIT.items() if key != "unit_amount"}, "unit_amount"),
        ({**UNIT, "unit_amount": "0"}, "unit_amount"),
        ({**UNIT, "description": "  "}, "description"),
        ({**LUMP, "description": ""}, "description"),
        ({key: value for key, value in LUMP.items() if key != "amount"}, "amount"),
    ]
    for line, field in bad:
        refused = client.post(f"{url}/budget-lines", json=line, headers={**person["headers"], "Accept-Language": "sv"})
        assert refused.status_code == 422, (line, refused.json)
        assert field in refused.json["errors"], (line, refused.json)
    assert len(client.get(url, headers=person["headers"]).json["budget_lines"]) == 3


def _claim(client, setup) -> dict:
    claim = open_claim(client, "fi", setup)
    assert {o["category"] for o in claim["options"]} == {"unit_costs", "lump_sums"}
    return claim


def _option(claim: dict, category: str) -> str:
    return next(o["key"] for o in claim["options"] if o["category"] == category)


def test_a_claim_takes_units_at_the_budget_rate_and_a_lump_sum_once(app, client, claimable):
    setup = claimable("fi", budget=[*BUDGET, UNIT, LUMP])
    assert setup["project"]["financing"]["eligible_cost"] == f"{ELIGIBLE:.2f}"
    claim = _claim(client, setup)
    unit_key, lump_key = _option(claim, "unit_costs"), _option(claim, "lump_sums")
    headers = {**setup["beneficiary"]["headers"], "Accept-Language": "sv"}
    base = f"{api('fi')}/claims/{claim['id']}/lines"
    # A typed amount is not how a unit cost is claimed: the units at the budget's amount per unit are.
    units = {
        "category": "unit_costs",
        "option": unit_key,
        "units": "12",
        "description": "Vårens kurs",
        "expense_date": "2025-05-30",
        "amount": "999 999,00",
    }
    claim = add_line(client, "fi", setup, claim, units)
    line = claim["lines"][-1]
    assert (line["units"], line["unit_amount"], line["amount"]) == ("12.00", "1500.00", "18000.00")
    lump = {"category": "lump_sums", "option": lump_key, "description": "Handboken", "expense_date": "2025-06-01"}
    claim = add_line(client, "fi", setup, claim, lump)
    assert claim["lines"][-1]["amount"] == f"{LUMP_SUM:.2f}"
    # Each lump sum of the budget once; an option that is not the budget's, or of the other kind, is refused.
    for body, field in (
        (lump, "option"),
        ({**lump, "option": "0123456789ab"}, "option"),
        ({**lump, "option": unit_key}, "option"),
        ({**units, "units": None}, "units"),
        ({**units, "units": "2,555"}, "units"),
    ):
        refused = client.post(base, json=body, headers=headers)
        assert refused.status_code == 422, (body, refused.json)
        assert field in refused.json["errors"], refused.json
    claim = add_line(client, "fi", setup, claim, {**units, "category": "travel", "option": None, "amount": "1 000,00"})
    # Indirect costs: the flat rate of the travel only (7 % of 1 000,00), not of the unit cost or lump sum.
    assert claim["limits"]["indirect_this"] == "70.00"
    assert claim["limits"]["this"] == f"{Decimal('18000.00') + LUMP_SUM + Decimal('1070.00'):.2f}"
    assert len(claim["lines"]) == 3
    assert submit(client, "fi", setup, claim).status_code == 201

    officer = setup["officer"]["headers"]
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=officer).json
    unit_line, lump_line, travel_line = claim["lines"]
    # The verification page offers no reduction of the lump sum, and shows how the unit cost was computed.
    pages = app.test_client()
    sign_in(pages, "fi", setup["officer"]["email"])
    page = pages.get(f"/fi/claims/{claim['id']}/verification").get_data(as_text=True)
    lump_article = page.split(f'id="line-{lump_line["id"]}"')[1].split("</article>")[0]
    unit_article = page.split(f'id="line-{unit_line["id"]}"')[1].split("</article>")[0]
    assert 'value="reduced"' not in lump_article and 'value="refused"' in lump_article
    assert 'value="reduced"' in unit_article and re.search(r"<dd>12 [^<]* × 1[^<]*500,00", unit_article)
    # A lump sum is paid in full or not at all.
    cut = client.post(
        f"{api('fi')}/claims/{claim['id']}/lines/{lump_line['id']}/checks",
        json={"outcome": "reduced", "verified": "20 000,00", "error_type": "calculation", "comment": "Halva boken."},
        headers=officer,
    )
    assert cut.status_code == 422 and "outcome" in cut.json["errors"]
    # Ten of the twelve participants completed the course: the unit cost is reduced to 10 units' worth.
    reduced = {
        "outcome": "reduced",
        "verified": "15 000,00",
        "error_type": "calculation",
        "comment": "Två deltagare fullföljde inte kursen.",
    }
    verified = verify_all(client, "fi", setup, claim, {unit_line["id"]: reduced})
    payment = pay(client, "fi", setup, verified)
    standing = Decimal("15000.00") + LUMP_SUM + Decimal("1070.00")
    assert verified["figures"]["verified"] == f"{standing:.2f}"
    assert payment["entitlement"] == f"{share(standing):.2f}"

    # The lump sum stands in a verified claim: the next claim cannot take it again.
    second = open_claim(client, "fi", setup)
    again = client.post(
        f"{api('fi')}/claims/{second['id']}/lines", json={**lump, "expense_date": "2025-08-01"}, headers=headers
    )
    assert again.status_code == 422 and "option" in again.json["errors"]


def test_the_claim_page_offers_the_budgets_unit_costs(app, client, claimable):
    setup = claimable("fi", budget=[*BUDGET, UNIT])
    claim = open_claim(client, "fi", setup)
    page_client = app.test_client()
    sign_in(page_client, "fi", setup["beneficiary"]["email"])
    url = f"/fi/claims/{claim['id']}"
    page = page_client.get(url).get_data(as_text=True)
    assert 'id="line-option"' in page and "Deltagare som fullföljt språkkursen" in page
    unit_key = _option(claim, "unit_costs")
    added = page_client.post(
        f"{url}/lines",
        data={
            "csrf_token": csrf_token(page),
            "category": "unit_costs",
            "option": unit_key,
            "units": "7,5",
            "description": "Höstens kurs",
            "expense_date": "2025-05-02",
            "amount": "123",  # left in another fieldset: not part of a unit cost
        },
    )
    assert added.status_code == 303, added.get_data(as_text=True)[:2000]
    read = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json
    assert read["lines"][-1]["amount"] == "11250.00"  # 7,5 × 1 500,00
    missing = page_client.post(
        f"{url}/lines",
        data={
            "csrf_token": csrf_token(page),
            "category": "unit_costs",
            "option": unit_key,
            "description": "Utan antal",
            "expense_date": "2025-05-02",
        },
    )
    assert missing.status_code == 422 and 'id="line-units-error"' in missing.get_data(as_text=True)
