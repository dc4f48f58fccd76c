"""The financing plan: private funding and the call's co-financing basis (AMIF Art. 15; FACTS.md
"the rate applies to total or to public eligible cost"), through the API and the editor page."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    outbox,
    run_jobs,
)
from tests.calls_support import call_body
from tests.conftest import translated
from tests.test_applications_api import complete, save, start

CENT = Decimal("0.01")


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def expected_plan(direct: Decimal, *, rate: str, indirect_rate: str, basis: str, private: Decimal) -> dict:
    """The rule written out: indirect costs at the flat rate (CPR Art. 54(a)); the EU share at the rate of the
    total (basis total) or of the total less private funding (basis public), down to the cent so it never
    exceeds the rate (FACTS.md, Money); own = the remainder."""
    indirect = half_up(direct * Decimal(indirect_rate) / 100)
    total = direct + indirect
    cofinanced = total if basis == "total" else max(total - private, Decimal("0.00"))
    eu = (cofinanced * Decimal(rate) / 100).quantize(CENT, ROUND_DOWN)
    return {
        "direct_costs": f"{direct:.2f}",
        "indirect_costs": f"{indirect:.2f}",
        "total_cost": f"{total:.2f}",
        "eu_amount": f"{eu:.2f}",
        "own_contribution": f"{total - eu:.2f}",
        "private_funding": f"{private:.2f}",
    }


def test_a_call_may_apply_its_rate_to_the_public_eligible_cost(client, admin_headers):
    body = call_body("fi", "BASIS-1", cofinancing_basis="public", cofinancing_rate="75")
    created = client.post("/api/v1/fi/calls", json=body, headers=admin_headers("fi"))
    assert created.status_code == 201, created.json
    assert created.json["cofinancing_basis"] == "public"


@pytest.mark.parametrize("basis", ["total", "public"])
def test_private_funding_splits_the_plan_by_the_calls_basis(client, open_call, applicant, basis):
    call = open_call("fi", cofinancing_rate="75", cofinancing_basis=basis)
    person = applicant("fi", language="sv")
    application = start(client, "fi", person, call)
    url = f"/api/v1/fi/applications/{application['id']}"
    line = {"year": 2027, "category": "external_services", "amount": "100 000,01"}
    assert client.post(f"{url}/budget-lines", json=line, headers=person["headers"]).status_code == 201

    current = client.get(url, headers=person["headers"]).json
    saved = save(client, "fi", person, current, private_funding="20 000,50")
    assert saved.status_code == 200, saved.json
    got = client.get(url, headers=person["headers"]).json
    plan = expected_plan(
        Decimal("100000.01"), rate="75", indirect_rate=call["indirect_rate"], basis=basis, private=Decimal("20000.50")
    )
    assert got["totals"] == plan
    assert Decimal(plan["eu_amount"]) + Decimal(plan["own_contribution"]) == Decimal(plan["total_cost"])
    assert got["field_versions"]["private_funding"]["version"] == saved.json["version"]

    # a new cost recomputes the plan with the private funding kept
    more = {"year": 2028, "category": "travel", "amount": "333,33"}
    assert client.post(f"{url}/budget-lines", json=more, headers=person["headers"]).status_code == 201
    again = client.get(url, headers=person["headers"]).json
    assert again["totals"] == expected_plan(
        Decimal("100333.34"), rate="75", indirect_rate=call["indirect_rate"], basis=basis, private=Decimal("20000.50")
    )


@pytest.mark.parametrize("amount", ["-1", "NaN", "1,234", 12.5, "kaksi", "1" * 20, True])
def test_a_bad_private_funding_is_refused_naming_the_field_and_nothing_changes(client, open_call, applicant, amount):
    call = open_call("fi", cofinancing_basis="public")
    person = applicant("fi", language="fi")
    application = start(client, "fi", person, call, language="fi")
    response = save(client, "fi", person, application, private_funding=amount, title="Ei tallennu")
    assert response.status_code == 422, response.json
    assert "private_funding" in response.json["errors"]["fields"]
    current = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert current["totals"]["private_funding"] == "0.00" and current["title"] == ""


def test_two_people_changing_the_private_funding_are_told(client, open_call, applicant):
    call = open_call("fi", cofinancing_basis="public")
    first = applicant("fi", language="fi")
    second = applicant("fi", language="sv", organisation_id=first["organisation_id"])
    application = start(client, "fi", first, call, language="fi")
    assert save(client, "fi", first, application, private_funding="1 000").status_code == 200
    clash = save(client, "fi", second, application, private_funding="2 000")
    assert clash.status_code == 409
    conflict = clash.json["error"]["details"]["conflicts"][0]
    assert conflict["field"] == "private_funding" and conflict["current"] == "1000.00"


def test_private_funding_above_the_own_contribution_is_listed_and_refused(client, open_call, applicant):
    call = open_call("se", cofinancing_basis="public", cofinancing_rate="90", min_grant=None)
    person = applicant("se")
    application = complete(client, "se", person, start(client, "se", person, call))
    url = f"/api/v1/se/applications/{application['id']}"
    total = Decimal(application["totals"]["total_cost"])
    too_much = save(client, "se", person, application, private_funding=f"{total + CENT}")
    assert too_much.status_code == 200
    got = client.get(url, headers=person["headers"]).json
    # more private funding than the total: nothing is public, so no EU share; the own contribution is the total
    assert got["totals"]["eu_amount"] == "0.00" and Decimal(got["totals"]["own_contribution"]) == total
    check = client.get(f"{url}/check", headers={**person["headers"], "Accept-Language": "sv"}).json
    assert [p["place"] for p in check["problems"]] == ["private_funding"]
    refused = client.post(f"{url}/submit", json={"version": got["version"]}, headers=person["headers"])
    assert refused.status_code == 409 and client.get(url, headers=person["headers"]).json["status"] == "draft"

    fine = save(client, "se", person, got, private_funding=f"{total}")
    assert fine.status_code == 200
    assert client.get(f"{url}/check", headers=person["headers"]).json == {"complete": True, "problems": []}


def test_the_snapshot_keeps_the_basis_and_the_private_funding(client, open_call, applicant):
    call = open_call("se", cofinancing_basis="public", cofinancing_rate="75", min_grant=None)
    person = applicant("se")
    application = complete(client, "se", person, start(client, "se", person, call))
    assert save(client, "se", person, application, private_funding="10 000").status_code == 200
    url = f"/api/v1/se/applications/{application['id']}"
    version = client.get(url, headers=person["headers"]).json["version"]
    assert client.post(f"{url}/submit", json={"version": version}, headers=person["headers"]).status_code == 201
    budget = client.get(f"{url}/submissions/1", headers=person["headers"]).json["content"]["budget"]
    assert budget["cofinancing_basis"] == "public" and budget["private_funding"] == "10000.00"
    assert Decimal(budget["eu_amount"]) == half_up(
        (Decimal(budget["total_cost"]) - Decimal("10000.00")) * Decimal("75") / 100
    )


def test_the_editor_saves_private_funding_as_written_and_shows_the_plan(app, client, open_call, applicant):
    from babel.numbers import format_currency
    from flask_babel import force_locale

    from service.money.fields import amount_message
    from tests.test_application_pages import browser_of, editor

    call = open_call("fi", cofinancing_basis="public", cofinancing_rate="75")
    person = applicant("fi", language="fi")
    application = start(client, "fi", person, call, language="fi")
    url = f"/api/v1/fi/applications/{application['id']}"
    line = {"year": 2027, "category": "travel", "amount": "50 000"}
    assert client.post(f"{url}/budget-lines", json=line, headers=person["headers"]).status_code == 201
    browser = browser_of(app, "fi", person["email"])
    page = editor(browser, "fi", application["id"]).text
    assert translated("Private funding in your own contribution (%(currency)s)", "fi") % {"currency": "EUR"} in page
    financing = page[page.index('id="financing-heading"') :]
    form = dict(re.findall(r'<input type="hidden" name="(read-\w+|version|csrf_token)" value="([^"]*)"', financing))
    assert set(form) == {"csrf_token", "version", "read-private_funding"}
    posted = browser.post(f"/fi/applications/{application['id']}/texts", data={**form, "private_funding": "12 500,50"})
    assert posted.status_code == 303 and posted.headers["Location"].endswith("#budget")

    page = editor(browser, "fi", application["id"]).text
    plan = expected_plan(
        Decimal("50000.00"), rate="75", indirect_rate=call["indirect_rate"], basis="public", private=Decimal("12500.50")
    )
    assert format_currency(Decimal(plan["eu_amount"]), "EUR", locale="fi_FI") in page
    assert 'value="12\u00a0500,50"' in page  # shown again as written in Finland

    refused = browser.post(f"/fi/applications/{application['id']}/texts", data={**form, "private_funding": "-5"})
    assert refused.status_code == 422
    with app.test_request_context(), force_locale("fi"):
        expected = amount_message("negative")
    error = re.search(r'<p class="error" id="private_funding-error">([^<]*)</p>', refused.text)
    assert error and expected in error.group(1)
    assert client.get(url, headers=person["headers"]).json["totals"] == plan
