"""A claim from the beneficiary's first line to the payment, through the API (Finland: EUR, half-yearly)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from tests.claims_support import (  # noqa: F401 - fixtures
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

CENT = Decimal("0.01")
HELSINKI = ZoneInfo("Europe/Helsinki")


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def test_a_claim_is_verified_line_by_line_and_paid_by_three_people(client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    # Finland claims half-yearly (tenants/fi/claims.toml): the first period is the project's first half-year.
    assert (claim["period_start"], claim["period_end"], claim["status"]) == ("2025-01-01", "2025-06-30", "draft")
    staff = {
        "category": "staff",
        "description": "Projektledare",
        "supplier": "Projektledare 1",
        "expense_date": "2025-03-31",
        "staff_method": "hourly",
        "annual_gross": "51 600,00",
        "basis_hours": 1720,
        "hours": "100,5",
    }
    claim = add_line(client, "fi", setup, claim, staff)
    # Seed 004 / CPR Art. 55(2): hours × annual gross ÷ the hours the rate was computed on.
    staff_amount = half_up(Decimal("51600.00") * Decimal("100.5") / 1720)
    assert claim["lines"][0]["amount"] == f"{staff_amount:.2f}"
    travel = {
        "category": "travel",
        "description": "Tåg Helsingfors–Vasa",
        "expense_date": "2025-04-15",
        "amount": "1 234,56",
    }
    claim = add_line(client, "fi", setup, claim, travel)
    direct = staff_amount + Decimal("1234.56")
    indirect = half_up(direct * 7 / 100)  # the call's flat rate of direct costs, CPR Art. 54(a)
    assert claim["limits"]["indirect_this"] == f"{indirect:.2f}"
    assert claim["limits"]["this"] == f"{direct + indirect:.2f}"

    sent = submit(client, "fi", setup, claim)
    assert sent.status_code == 201, sent.json
    assert sent.json["status"] == "submitted" and sent.json["submissions"][0]["receipt"].startswith(claim["reference"])
    # Paid within 80 days of the claim (CPR Art. 74(1)(b); tenants/fi/claims.toml payment_days).
    submitted_on = datetime.fromisoformat(sent.json["submissions"][0]["submitted_at"]).astimezone(HELSINKI).date()
    assert sent.json["payment_due"] == (submitted_on + timedelta(days=80)).isoformat()
    again = submit(client, "fi", setup, claim)
    assert again.status_code == 409

    # The officer reduces the travel to 1 000,00 for missing evidence and accepts the staff cost.
    travel_line = sent.json["lines"][1]
    outcomes = {
        travel_line["id"]: {
            "outcome": "reduced",
            "verified": "1 000,00",
            "error_type": "evidence_missing",
            "comment": "Kvitto saknas för en biljett.",
        }
    }
    verified = verify_all(client, "fi", setup, sent.json, outcomes)
    assert verified["status"] == "verified"
    verified_direct = staff_amount + Decimal("1000.00")
    verified_total = verified_direct + half_up(verified_direct * 7 / 100)
    assert verified["figures"]["verified"] == f"{verified_total:.2f}"
    report = client.get(f"{api('fi')}/claims/{claim['id']}/report", headers=setup["officer"]["headers"]).json
    assert report["by_error"] == {"evidence_missing": "234.56"}
    assert report["by_category"]["travel"]["deducted"] == "234.56"

    # The grant: the applied budget's direct costs, 7 % indirect, EU 75 % rounded down (FACTS.md, Money).
    eligible = half_up((TRAVEL + STAFF + EQUIPMENT) * Decimal("1.07"))
    grant_eu = (eligible * Decimal("0.75")).quantize(CENT, ROUND_DOWN)
    payment = pay(client, "fi", setup, verified)
    # The EU share of verified expenditure at the project's rate, rounded down (service.claims.rules).
    share = (verified_total * grant_eu / eligible).quantize(CENT, ROUND_DOWN)
    assert (payment["kind"], payment["status"], payment["amount"]) == ("interim", "paid", f"{share:.2f}")
    finance = client.get(
        f"{api('fi')}/projects/{setup['project']['id']}/finance", headers=setup["beneficiary"]["headers"]
    ).json
    assert finance["eu"]["paid"] == f"{share:.2f}"
    assert finance["eu"]["outstanding"] == f"{grant_eu - share:.2f}"
    assert finance["verified"] == f"{verified_total:.2f}"


def test_segregation_of_duties_is_enforced(client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(
        client,
        "fi",
        setup,
        claim,
        {"category": "travel", "description": "Resa", "expense_date": "2025-02-01", "amount": "500"},
    )
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    verified = verify_all(client, "fi", setup, claim)
    officer, approver, confirmer = setup["officer"], setup["approver"], setup["confirmer"]
    prepared = client.post(f"{api('fi')}/claims/{verified['id']}/payments", json={}, headers=approver["headers"]).json
    url = f"{api('fi')}/payments/{prepared['id']}"
    # The preparer cannot approve; the verifier (who did not prepare) cannot approve either.
    assert client.post(f"{url}/approve", json={}, headers=approver["headers"]).status_code == 409
    assert client.post(f"{url}/approve", json={}, headers=officer["headers"]).status_code == 409
    assert client.post(f"{url}/approve", json={}, headers=confirmer["headers"]).status_code == 200
    # Neither the approver nor the verifier confirms the transfer.
    today = {"paid_on": __import__("datetime").date.today().isoformat()}
    assert client.post(f"{url}/confirm", json=today, headers=confirmer["headers"]).status_code == 409
    assert client.post(f"{url}/confirm", json=today, headers=officer["headers"]).status_code == 409
    assert client.post(f"{url}/confirm", json=today, headers=approver["headers"]).status_code == 200
