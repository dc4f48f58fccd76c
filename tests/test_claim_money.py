"""The money after verification: an advance cleared against later claims, a parked line carried into the next
claim, a recovery owed and then offset or repaid; the ledger is append-only and every figure is summed from it."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import text

from service.extensions import db
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
from tests.conftest import sign_in, tenant_id

CENT = Decimal("0.01")
ELIGIBLE = ((TRAVEL + STAFF + EQUIPMENT) * Decimal("1.07")).quantize(CENT, ROUND_HALF_UP)  # 7 % flat rate
GRANT_EU = (ELIGIBLE * Decimal("0.75")).quantize(CENT, ROUND_DOWN)  # the call's 75 %, down to the cent


def share(verified: Decimal) -> Decimal:
    """The EU share of verified expenditure at the project's rate, rounded down (service.claims.rules)."""
    return (verified * GRANT_EU / ELIGIBLE).quantize(CENT, ROUND_DOWN)


def with_indirect(direct: Decimal) -> Decimal:
    return direct + (direct * 7 / 100).quantize(CENT, ROUND_HALF_UP)


def line(day: str, amount: str, description: str = "Resa") -> dict:
    return {"category": "travel", "description": description, "expense_date": day, "amount": amount}


def _finance(client, setup) -> dict:
    url = f"{api('fi')}/projects/{setup['project']['id']}/finance"
    return client.get(url, headers=setup["officer"]["headers"]).json


def _pay_advance(client, setup, amount: str) -> dict:
    officer, approver, confirmer = (setup[k]["headers"] for k in ("officer", "approver", "confirmer"))
    prepared = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/advances", json={"amount": amount}, headers=officer
    )
    assert prepared.status_code == 201, prepared.json
    url = f"{api('fi')}/payments/{prepared.json['id']}"
    assert client.post(f"{url}/approve", json={}, headers=approver).status_code == 200
    paid = client.post(f"{url}/confirm", json={"paid_on": date.today().isoformat()}, headers=confirmer)
    assert paid.status_code == 200, paid.json
    return paid.json


def test_an_advance_is_cleared_against_the_next_claims(client, claimable):
    setup = claimable("fi")
    # tenants/fi/claims.toml: an advance of at most 30 % of the EU amount granted, rounded down.
    limit = (GRANT_EU * 30 / 100).quantize(CENT, ROUND_DOWN)
    too_much = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/advances",
        json={"amount": f"{limit + CENT:.2f}"},
        headers=setup["officer"]["headers"],
    )
    assert too_much.status_code == 422
    _pay_advance(client, setup, "1 000,00")
    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, line("2025-02-01", "2 000,00"))
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    payment = pay(client, "fi", setup, verify_all(client, "fi", setup, claim))
    due = share(with_indirect(Decimal("2000.00")))
    # The advance is settled first; only the rest is transferred.
    assert (payment["entitlement"], payment["cleared"], payment["amount"]) == (
        f"{due:.2f}",
        "1000.00",
        f"{due - 1000:.2f}",
    )
    finance = _finance(client, setup)
    assert finance["eu"]["advance_outstanding"] == "0.00"
    assert finance["eu"]["paid"] == f"{due:.2f}"  # the advance and the transfer together


def test_the_final_balance_turns_an_advance_no_cost_justified_into_an_amount_owed(app, client, claimable):
    # One Finnish half-year is the whole project: its claim is the final one.
    setup = claimable("fi", project_start="2025-07-01", project_end="2025-12-31")
    _pay_advance(client, setup, "1 000,00")
    claim = open_claim(client, "fi", setup)
    assert claim["final"] is True
    claim = add_line(client, "fi", setup, claim, line("2025-08-01", "500,00"))
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    payment = pay(client, "fi", setup, verify_all(client, "fi", setup, claim))
    due = share(with_indirect(Decimal("500.00")))
    assert due < 1000
    # The claim clears what it can of the advance; the rest is no longer an advance but a debt.
    assert payment["kind"] == "final"
    assert (payment["entitlement"], payment["cleared"], payment["amount"], payment["advance_owed"]) == (
        f"{due:.2f}",
        f"{due:.2f}",
        "0.00",
        f"{1000 - due:.2f}",
    )
    finance = _finance(client, setup)
    assert finance["eu"]["advance_outstanding"] == "0.00"
    assert finance["eu"]["owed"] == f"{1000 - due:.2f}"
    assert finance["eu"]["entitled"] == f"{due:.2f}"
    # The finance page says so beside the payment.
    pages = app.test_client()
    sign_in(pages, "fi", setup["officer"]["email"])
    page = pages.get(f"/fi/projects/{setup['project']['id']}/finance").get_data(as_text=True)
    shown = re.search(r'<dd class="advance-owed">([^<]*)</dd>', page).group(1)
    assert re.sub(r"\D", "", shown) == re.sub(r"\D", "", f"{1000 - due:.2f}")
    officer = setup["officer"]["headers"]
    # No advance after the final balance; the debt is repaid like any other.
    again = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/advances", json={"amount": "1,00"}, headers=officer
    )
    assert again.status_code == 409
    repaid = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/repayments",
        json={"amount": f"{1000 - due:.2f}", "repaid_on": date.today().isoformat()},
        headers=officer,
    )
    assert repaid.status_code == 201, repaid.json
    assert repaid.json["eu"]["owed"] == "0.00"
    # What the beneficiary keeps is then exactly what its verified costs entitle it to.
    assert Decimal(repaid.json["eu"]["paid"]) - Decimal(repaid.json["eu"]["repaid"]) == due


def test_a_parked_line_comes_back_in_the_next_claim(client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, line("2025-02-01", "300,00", "Hotell"))
    claim = add_line(client, "fi", setup, claim, line("2025-03-01", "700,00", "Tåg"))
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    hotel = claim["lines"][0]
    parked = {hotel["id"]: {"outcome": "parked", "comment": "Faktura betald först i juli."}}
    verified = verify_all(client, "fi", setup, claim, parked)
    assert verified["figures"]["parked"] == "300.00"
    assert verified["figures"]["verified"] == f"{with_indirect(Decimal('700.00')):.2f}"
    second = open_claim(client, "fi", setup)
    assert second["period_start"] == "2025-07-01"
    [carried] = second["lines"]
    assert (carried["carried_from_id"], carried["amount"], carried["expense_date"]) == (
        hotel["id"],
        "300.00",
        "2025-02-01",
    )
    # A carried line is not the beneficiary's to change or remove.
    url = f"{api('fi')}/claims/{second['id']}/lines/{carried['id']}"
    member = setup["beneficiary"]["headers"]
    assert client.delete(url, headers=member).status_code == 409
    assert client.put(url, json=line("2025-02-01", "1"), headers=member).status_code == 409


def test_a_recovery_is_owed_then_offset_against_the_next_payment(client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, line("2025-02-01", "10 000,00"))
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    verified = verify_all(client, "fi", setup, claim)
    pay(client, "fi", setup, verified)
    recovery = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/recoveries",
        json={
            "expenditure": "2 000,00",
            "irregularity": "double_funding",
            "suspected_fraud": True,
            "reason": "Samma faktura redovisad i ett annat program.",
            "claim_id": claim["id"],
        },
        headers=setup["officer"]["headers"],
    )
    assert recovery.status_code == 201, recovery.json
    owed = share(Decimal("2000.00"))
    assert recovery.json["eu_amount"] == f"{owed:.2f}" and recovery.json["suspected_fraud"] is True
    finance = _finance(client, setup)
    assert finance["eu"]["owed"] == f"{owed:.2f}"
    assert finance["recovered"] == "2000.00"
    # The verified claim itself is unchanged: the recovery is a record of its own.
    again = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    assert again["figures"] == verified["figures"]
    # Part repaid, the rest offset against the next payment.
    repaid = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/repayments",
        json={"amount": "100,00", "repaid_on": date.today().isoformat()},
        headers=setup["officer"]["headers"],
    )
    assert repaid.status_code == 201, repaid.json
    assert repaid.json["eu"]["owed"] == f"{owed - 100:.2f}"
    second = open_claim(client, "fi", setup)
    second = add_line(client, "fi", setup, second, line("2025-08-01", "5 000,00"))
    assert submit(client, "fi", setup, second).status_code == 201
    second = client.get(f"{api('fi')}/claims/{second['id']}", headers=setup["officer"]["headers"]).json
    payment = pay(client, "fi", setup, verify_all(client, "fi", setup, second))
    due = share(with_indirect(Decimal("5000.00")))
    assert (payment["offset"], payment["amount"]) == (f"{owed - 100:.2f}", f"{due - owed + 100:.2f}")
    assert _finance(client, setup)["eu"]["owed"] == "0.00"


def test_the_sample_is_locked_once_drawn_and_visits_are_recorded(client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, line("2025-02-01", "100,00"))
    assert submit(client, "fi", setup, claim).status_code == 201
    officer = setup["officer"]["headers"]
    base = f"{api('fi')}/claims/{claim['id']}"
    drawn = client.post(f"{base}/sample", headers=officer)
    assert drawn.status_code == 201 and drawn.json["line_ids"] == [claim["lines"][0]["id"]]  # the only line: large
    assert client.post(f"{base}/sample", headers=officer).status_code == 409
    visit = {"visited_on": "2025-05-02", "place": "Vasa", "findings": "Deltagarlistor stämmer.", "satisfactory": True}
    assert client.post(f"{base}/visits", json=visit, headers=officer).status_code == 201
    future = {**visit, "visited_on": "2099-01-01"}
    assert client.post(f"{base}/visits", json=future, headers=officer).status_code == 422
    # Completing with nothing checked lists what is missing: the line's outcome, its in-depth check (it is in the
    # sample), and the 7 items of the checklist (tenants/fi/claims.toml).
    incomplete = client.post(f"{base}/verify", headers={**officer, "Accept-Language": "en"})
    assert incomplete.status_code == 422
    assert incomplete.json["errors"]["verification"] == [
        "Lines without an outcome: 1.",
        "Sampled lines not checked in depth: 1.",
        "Checklist items not answered: 7.",
    ]


def test_the_ledger_is_append_only_in_the_database(app, client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, line("2025-02-01", "100,00"))
    assert submit(client, "fi", setup, claim).status_code == 201
    from service.tenancy.scope import tenant_scope

    for statement in ("UPDATE ledger_entries SET amount = 0", "DELETE FROM ledger_entries"):
        with app.app_context(), tenant_scope(tenant_id(app, "fi")):
            with pytest.raises(Exception, match="append-only|permission denied"):
                db.session.execute(text(statement))
            db.session.rollback()
