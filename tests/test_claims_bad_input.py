"""Bad input on claims and payments gets a clear 4xx in the person's language and changes nothing; another
tenant's or organisation's claim is a 404 and never listed; of two submits at the same instant exactly one wins."""

from __future__ import annotations

import threading
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from babel.dates import format_date

from tests.claims_support import (  # noqa: F401 - fixtures
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
    person_of,
    ready_to_score,
    submit,
    verify_all,
)
from tests.conftest import translated

TRIP = {"category": "travel", "description": "Resa", "expense_date": "2025-02-01", "amount": "500,00"}


@pytest.fixture
def draft(client, claimable):
    setup = claimable("fi")
    return setup, open_claim(client, "fi", setup)


BAD_LINES = [
    ({"expense_date": "2024-12-31"}, "expense_date"),  # before the project period
    ({"expense_date": "2027-07-01"}, "expense_date"),  # after it
    ({"category": "other"}, "category"),  # not in the approved budget
    ({"amount": "-1"}, "amount"),
    ({"amount": "12.345"}, "amount"),  # over-precise
    ({"amount": "NaN"}, "amount"),
    ({"amount": 12.5}, "amount"),  # a float
    ({"amount": "1" * 20}, "amount"),
    ({"amount": "0"}, "amount"),
    ({"amount": None}, "amount"),
    (
        {
            "category": "staff",
            "staff_method": "hourly",
            "annual_gross": "51 600",
            "basis_hours": 1720,
            "hours": "1721",
        },
        "hours",
    ),
    (
        {
            "category": "staff",
            "staff_method": "hourly",
            "annual_gross": "51 600",
            "basis_hours": 860,
            "hours": "861",
        },
        "hours",
    ),
    ({"category": "staff"}, "staff_method"),
    ({"category": "travel", "staff_method": "hourly"}, "staff_method"),
    ({"description": ""}, "description"),
    ({"expense_date": "31.1.2025"}, "expense_date"),
    ({"unknown": 1}, "unknown"),
]


def test_a_bad_line_is_refused_naming_its_field(client, draft):
    # One project for every case (each case is refused and changes nothing, so they do not disturb each other).
    setup, claim = draft
    headers = {**setup["beneficiary"]["headers"], "Accept-Language": "sv"}
    for change, field in BAD_LINES:
        added = client.post(f"{api('fi')}/claims/{claim['id']}/lines", json={**TRIP, **change}, headers=headers)
        assert added.status_code == 422, (change, added.json)
        assert field in added.json["errors"], (change, added.json)
        after = client.get(f"{api('fi')}/claims/{claim['id']}", headers=headers).json
        assert after["lines"] == [] and after["version"] == claim["version"], change


def test_the_period_message_is_in_the_persons_language(client, draft):
    setup, claim = draft
    added = client.post(
        f"{api('fi')}/claims/{claim['id']}/lines",
        json={**TRIP, "expense_date": "2024-12-31"},
        headers=setup["beneficiary"]["headers"],
    )
    expected = translated("The date must be inside the project period, %(start)s – %(end)s.", "sv")
    # Dates as a Swedish-speaking person in Finland reads them (the tenant's country: sv_FI).
    start, end = (format_date(date.fromisoformat(d), "long", locale="sv_FI") for d in ("2025-01-01", "2027-06-30"))
    assert added.json["errors"]["expense_date"] == [expected % {"start": start, "end": end}]


def test_claims_above_the_budget_with_its_tolerance_are_not_submitted(client, draft):
    setup, claim = draft
    # tenants/fi/claims.toml: a category may exceed its budget by 10 %: travel 112 345,67 × 1,10, half up.
    allowed = (TRAVEL * Decimal("1.10")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    over = {**TRIP, "amount": f"{allowed + Decimal('0.01'):.2f}"}
    claim = add_line(client, "fi", setup, claim, over)
    [limit] = [row for row in claim["limits"]["categories"] if row["category"] == "travel"]
    assert (limit["allowed"], limit["over"]) == (f"{allowed:.2f}", True)
    refused = submit(client, "fi", setup, claim)
    assert refused.status_code == 422 and refused.json["errors"]["lines"]
    after = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json
    assert after["status"] == "draft" and after["submissions"] == []


def test_a_line_without_evidence_is_not_submitted(client, draft):
    setup, claim = draft
    claim = add_line(client, "fi", setup, claim, TRIP, evidence=False)
    refused = submit(client, "fi", setup, claim)
    assert refused.status_code == 422 and refused.json["errors"]["lines"]


def test_of_two_submits_at_the_same_instant_exactly_one_wins(app, client, draft):
    setup, claim = draft
    add_line(client, "fi", setup, claim, TRIP)
    barrier, answers = threading.Barrier(2), []

    def send():
        with app.test_client() as own:
            barrier.wait()
            answers.append(submit(own, "fi", setup, claim).status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201, 409]
    after = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json
    assert len(after["submissions"]) == 1
    assert after["figures"]["claimed"] == f"{Decimal('500.00') * Decimal('1.07'):.2f}"  # posted once, with 7 % indirect


def test_no_claim_without_a_grant_and_no_second_claim_while_one_is_open(client, draft):
    setup, claim = draft
    headers = setup["beneficiary"]["headers"]
    assert client.post(f"{api('fi')}/projects/999999/claims", json={}, headers=headers).status_code == 404
    second = client.post(f"{api('fi')}/projects/{setup['project']['id']}/claims", json={}, headers=headers)
    assert second.status_code == 409


def test_another_tenants_or_organisations_claim_is_not_found_and_not_listed(client, draft, person_of, applicant):
    setup, claim = draft
    other_member = applicant("fi")
    swedish_officer = person_of("se", "case_officer")
    for headers in (other_member["headers"], swedish_officer["headers"]):
        for url in (
            f"{api('fi')}/claims/{claim['id']}",
            f"{api('se')}/claims/{claim['id']}",
            f"{api('fi')}/projects/{setup['project']['id']}/claims",
            f"{api('fi')}/projects/{setup['project']['id']}/finance",
        ):
            assert client.get(url, headers=headers).status_code in (401, 403, 404), url
    posted = client.post(f"{api('fi')}/claims/{claim['id']}/lines", json=TRIP, headers=other_member["headers"])
    assert posted.status_code == 404
    swedish = person_of("se", "case_officer")
    checked = client.post(f"{api('se')}/claims/{claim['id']}/sample", headers=swedish["headers"])
    assert checked.status_code == 404


def test_payments_refuse_what_is_not_theirs_to_pay(client, draft):
    setup, claim = draft
    claim = add_line(client, "fi", setup, claim, TRIP)
    assert submit(client, "fi", setup, claim).status_code == 201
    officer, approver = setup["officer"]["headers"], setup["approver"]["headers"]
    # Not verified yet: no payment.
    assert client.post(f"{api('fi')}/claims/{claim['id']}/payments", json={}, headers=officer).status_code == 409
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=officer).json
    verify_all(client, "fi", setup, claim)
    project = setup["project"]["id"]
    # An advance above the tenant's share of the grant (tenants/fi/claims.toml: 30 %), a negative one, a float.
    for amount in ("999 999 999,00", "-5", 5.5):
        refused = client.post(f"{api('fi')}/projects/{project}/advances", json={"amount": amount}, headers=officer)
        assert refused.status_code == 422, refused.json
    # A recovery above the verified expenditure, and with an irregularity not in the tenant's list.
    too_much = {"expenditure": "1 000 000,00", "irregularity": "double_funding", "reason": "Dubbel"}
    assert client.post(f"{api('fi')}/projects/{project}/recoveries", json=too_much, headers=officer).status_code == 422
    unknown = {"expenditure": "10", "irregularity": "made_up", "reason": "x"}
    assert client.post(f"{api('fi')}/projects/{project}/recoveries", json=unknown, headers=officer).status_code == 422
    prepared = client.post(f"{api('fi')}/claims/{claim['id']}/payments", json={}, headers=officer)
    assert prepared.status_code == 201
    # A second payment of the same claim, and an advance while one payment is open.
    assert client.post(f"{api('fi')}/claims/{claim['id']}/payments", json={}, headers=approver).status_code == 409
    advance = client.post(f"{api('fi')}/projects/{project}/advances", json={"amount": "10"}, headers=approver)
    assert advance.status_code == 409
    # A repayment of more than is owed (nothing is).
    repay = client.post(
        f"{api('fi')}/projects/{project}/repayments", json={"amount": "1", "repaid_on": "2026-01-01"}, headers=officer
    )
    assert repay.status_code == 422
    # The beneficiary cannot prepare, approve or confirm.
    member = setup["beneficiary"]["headers"]
    url = f"{api('fi')}/payments/{prepared.json['id']}"
    assert client.post(f"{url}/approve", json={}, headers=member).status_code in (403, 404)


def test_no_claim_on_a_cancelled_project(app, client, draft):
    from service.projects.models import Project
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    setup, claim = draft
    claim = add_line(client, "fi", setup, claim, TRIP)
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        from service.extensions import db

        db.session.get(Project, setup["project"]["id"]).status = "cancelled"  # as a rejection correcting the grant does
        db.session.commit()
    refused = submit(client, "fi", setup, claim)
    assert refused.status_code == 409
    after = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json
    assert after["status"] == "draft" and after["figures"]["claimed"] == "0.00"


def test_a_fixed_share_of_working_time_is_the_same_every_month(client, draft):
    # Seed 004: "Procentandelen är fast och får inte variera mellan månaderna."
    setup, claim = draft
    staff = {
        "category": "staff",
        "description": "Samordnare",
        "supplier": "Samordnare 1",
        "staff_method": "percentage",
        "monthly_gross": "4 500,00",
        "months": 1,
    }
    claim = add_line(client, "fi", setup, claim, {**staff, "expense_date": "2025-01-31", "percentage": "50"})
    assert claim["lines"][0]["amount"] == "2250.00"  # 4 500,00 × 50 % × 1 month
    claim = add_line(client, "fi", setup, claim, {**staff, "expense_date": "2025-02-28", "percentage": "40"})
    refused = submit(client, "fi", setup, claim)
    assert refused.status_code == 422
    assert any("Samordnare 1" in problem for problem in refused.json["errors"]["lines"])
