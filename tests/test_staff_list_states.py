"""The states of the staff lists of claims, progress reports and projects (service.work_queue.claim_list,
report_list and project_list): each rule, read in SQL, follows an object through its life and agrees with
what the domains' own functions say at every step."""

from __future__ import annotations

from datetime import date, timedelta

from tests.claims_support import (  # noqa: F401 - fixtures
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
from tests.conftest import tenant_id
from tests.reports_support import complete, create_reports, report_url, reportable  # noqa: F401
from tests.reports_support import submit as submit_report
from tests.staff_lists_support import arrange, ids, listed, state_in_database


def _claim_facts(app, code: str, claim_id: int) -> tuple[str, bool, str | None]:
    """What the claims domain says: the claim's status, whether its current submission has line checks
    (service.claims.operations.latest_checks) and its payment's status (the one not returned)."""
    from sqlalchemy import select

    from service.claims.models import Claim, Payment
    from service.claims.operations import latest_checks
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.test_request_context(), tenant_scope(tenant_id(app, code)):
        claim = db.session.get(Claim, claim_id)
        payment = db.session.scalar(
            select(Payment.status).where(Payment.claim_id == claim_id, Payment.status != "returned")
        )
        return claim.status, bool(latest_checks(claim)), payment


def _expected_claim_state(status: str, checked: bool, payment: str | None) -> str:
    """The module's rule, from the domain's facts (service.work_queue.claim_list's docstring)."""
    if status in ("draft", "returned"):
        return status
    if status == "submitted":
        return "under_verification" if checked else "submitted"
    return {"paid": "paid", "approved": "payment_approved", "prepared": "payment_awaiting_approval"}.get(
        payment, "verified"
    )


def test_a_claims_state_follows_its_verification_and_payment(app, client, claimable):
    setup = claimable("se")
    officer = setup["officer"]["headers"]
    claim = open_claim(client, "se", setup)
    seen = []

    def step(expected: str) -> None:
        facts = _claim_facts(app, "se", claim["id"])
        assert state_in_database(app, "se", "claims", claim["id"]) == expected == _expected_claim_state(*facts)
        [row] = listed(client, "se", "claims", officer, q=claim["reference"]).json
        assert row["state"] == expected
        seen.append(expected)

    step("draft")
    claim = add_line(
        client,
        "se",
        setup,
        claim,
        {"category": "travel", "description": "Resa", "expense_date": "2025-02-01", "amount": "2 000,00"},
    )
    assert submit(client, "se", setup, claim).status_code == 201
    step("submitted")
    claim = client.get(f"{api('se')}/claims/{claim['id']}", headers=officer).json
    line = claim["lines"][0]
    checked = client.post(
        f"{api('se')}/claims/{claim['id']}/lines/{line['id']}/checks", json={"outcome": "accepted"}, headers=officer
    )
    assert checked.status_code == 201, checked.json
    step("under_verification")
    returned = client.post(
        f"{api('se')}/claims/{claim['id']}/return", json={"message": "Bifoga kvittot."}, headers=officer
    )
    assert returned.status_code == 200, returned.json
    step("returned")
    assert submit(client, "se", setup, claim).status_code == 201
    step("submitted")  # the checks were of the first submission: the second is not checked yet
    claim = client.get(f"{api('se')}/claims/{claim['id']}", headers=officer).json
    verify_all(client, "se", setup, claim)
    step("verified")
    prepared = client.post(f"{api('se')}/claims/{claim['id']}/payments", json={}, headers=officer)
    assert prepared.status_code == 201, prepared.json
    step("payment_awaiting_approval")
    url = f"{api('se')}/payments/{prepared.json['id']}"
    assert client.post(f"{url}/approve", json={}, headers=setup["approver"]["headers"]).status_code == 200
    step("payment_approved")
    paid = client.post(
        f"{url}/confirm", json={"paid_on": date.today().isoformat()}, headers=setup["confirmer"]["headers"]
    )
    assert paid.status_code == 200, paid.json
    step("paid")
    assert len(seen) == 9


def _overdue_ids(app, code: str) -> set[int]:
    """service.reports.operations.overdue_reports: the domain's own list of overdue reports."""
    from service.reports.operations import overdue_reports
    from service.tenancy.scope import tenant_scope

    with app.test_request_context(), tenant_scope(tenant_id(app, code)):
        return {report.id for report in overdue_reports()}


def test_a_reports_state_and_the_domains_overdue_list_agree(app, client, reportable):
    setup = reportable("se")
    officer = setup["officer"]["headers"]
    reports = create_reports(client, "se", setup)
    overdue = _overdue_ids(app, "se") & {r["id"] for r in reports}  # the database keeps other tests' reports
    # The project began 2025-01-01: every period whose due day passed is overdue, the current one is not.
    assert overdue and len(overdue) < len(reports)
    for report in reports:
        state = state_in_database(app, "se", "reports", report["id"])
        assert (state == "overdue") == (report["id"] in overdue)
        assert state in ("overdue", "draft")
    first, second = reports[0], reports[1]
    complete(client, "se", setup, first)
    assert submit_report(client, "se", setup, first).status_code == 201
    assert state_in_database(app, "se", "reports", first["id"]) == "submitted"
    assert client.post(f"{report_url('se', first)}/accept", json={}, headers=officer).status_code == 200
    assert state_in_database(app, "se", "reports", first["id"]) == "accepted"
    complete(client, "se", setup, second)
    assert submit_report(client, "se", setup, second).status_code == 201
    back = client.post(f"{report_url('se', second)}/return", json={"comment": "Komplettera."}, headers=officer)
    assert back.status_code == 200, back.json
    # returned after its due day: late again, as the domain's overdue list says
    assert second["id"] in _overdue_ids(app, "se")
    assert state_in_database(app, "se", "reports", second["id"]) == "overdue"
    # returned and due later: the beneficiary's move, not late
    arrange(app, "se", "service.reports.models.ProgressReport", second["id"], due_on=date.today() + timedelta(days=40))
    assert second["id"] not in _overdue_ids(app, "se")
    assert state_in_database(app, "se", "reports", second["id"]) == "returned"
    listed_states = {row["id"]: row["state"] for row in listed(client, "se", "reports", officer, per_page=500).json}
    assert listed_states[first["id"]] == "accepted" and listed_states[second["id"]] == "returned"
    # a cancelled project's reports are never overdue (operations.overdue_reports reads active projects)
    arrange(app, "se", "service.projects.models.Project", setup["project"]["id"], status="cancelled")
    assert not _overdue_ids(app, "se") & {r["id"] for r in reports}
    assert "overdue" not in {state_in_database(app, "se", "reports", r["id"]) for r in reports}


def _final_payment(app, code: str, project_id: int, status: str) -> None:
    """A final-balance payment of the project (service.claims.models.Payment, kind "final")."""
    from decimal import Decimal

    from service.claims.models import Payment
    from service.extensions import db
    from service.projects.models import Project
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        project = db.session.get(Project, project_id)
        db.session.add(
            Payment(
                project_id=project_id,
                reference=f"{project.reference}-P{status}",
                kind="final",
                status=status,
                currency="SEK",
                entitlement=Decimal("10.00"),
                amount=Decimal("10.00"),
                prepared_by=1,
            )
        )
        db.session.commit()


def test_a_projects_state_follows_its_period_and_final_payment(app, client, claimable):
    setup = claimable("se")
    project_id, officer = setup["project"]["id"], setup["officer"]["headers"]
    today = date.today()

    def state() -> str:
        return state_in_database(app, "se", "projects", project_id)

    assert state() == "running"  # 2025-01-01 – 2027-06-30 holds today (tests/claims_support START, END)
    arrange(app, "se", "service.projects.models.Project", project_id, project_start=today + timedelta(days=2))
    assert state() == "not_started"
    arrange(
        app,
        "se",
        "service.projects.models.Project",
        project_id,
        project_start=date(2024, 1, 1),
        project_end=today - timedelta(days=2),
    )
    assert state() == "ended"
    _final_payment(app, "se", project_id, "approved")
    assert state() == "ended"  # approved is not paid
    _final_payment(app, "se", project_id, "paid")
    assert state() == "closed"
    arrange(app, "se", "service.projects.models.Project", project_id, status="cancelled")
    assert state() == "cancelled"
    [row] = [r for r in listed(client, "se", "projects", officer, per_page=500).json if r["id"] == project_id]
    assert row["state"] == "cancelled"
    assert project_id in ids(listed(client, "se", "projects", officer, state="cancelled", per_page=500))
