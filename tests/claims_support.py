"""Fixtures of the claim tests: a granted project whose period has begun, with a budget of staff, travel and
equipment, its beneficiary and MA staff; and the steps of a claim."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    run_jobs,
)
from tests.assessment_support import assessed, person_of, ready_to_score  # noqa: F401 - fixtures
from tests.decisions_support import FI_GOOD, SE_GOOD, decision_url, decisions_url
from tests.test_applications_api import complete, start

ZONES = {"se": "Europe/Stockholm", "fi": "Europe/Helsinki"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The project period the grant sets: begun and (for the Finnish half-years) with two periods behind it.
START, END = "2025-01-01", "2027-06-30"
# The applied budget (tests/test_applications_api.complete adds travel 112 345,67 for 2027) plus these lines.
BUDGET = [
    {"year": 2027, "category": "staff", "staff_method": "hourly", "annual_gross": "516 000,00", "hours": 1720},
    {"year": 2028, "category": "equipment", "amount": "20 000,00"},
]
TRAVEL = Decimal("112345.67")
STAFF = Decimal("516000.00")  # 516 000 × 1 720 / 1 720
EQUIPMENT = Decimal("20000.00")


def api(code: str) -> str:
    return f"/api/v1/{code}"


@pytest.fixture
def claimable(app, client, open_call, applicant, person_of, assessed):
    """claimable(code, budget=None, call=None, indicators=(), classification=None, **grant) -> dict(project,
    beneficiary, officer, approver, confirmer, application): a project granted on the budget above, its period
    START–END, and three case officers. ``call``: overrides of the call (e.g. its indicator_codes); ``indicators``:
    more planned indicators (the application's indicator bodies); ``classification``: the specific objective and
    type of intervention the applicant proposes, e.g. ("SO1", "001")."""

    def make(
        code: str,
        budget: list[dict] | None = None,
        *,
        call: dict | None = None,
        indicators=(),
        classification: tuple[str, str] | None = None,
        **grant,
    ) -> dict:
        call = open_call(code, project_start_earliest="2025-01-01", cofinancing_rate="75", **(call or {}))
        person = applicant(code, language="sv")
        application = complete(client, code, person, start(client, code, person, call))
        url = f"{api(code)}/applications/{application['id']}"
        for line in BUDGET if budget is None else budget:
            added = client.post(f"{url}/budget-lines", json=line, headers=person["headers"])
            assert added.status_code == 201, added.json
        for indicator in indicators:
            added = client.post(f"{url}/indicators", json=indicator, headers=person["headers"])
            assert added.status_code == 201, added.json
        version = client.get(url, headers=person["headers"]).json["version"]
        if classification is not None:
            objective, field = classification
            body = {"version": version, "fields": {"proposed_objective": objective, "proposed_intervention": field}}
            proposed = client.patch(url, json=body, headers=person["headers"])
            assert proposed.status_code == 200, proposed.json
            version = proposed.json["version"]
        sent = client.post(f"{url}/submit", json={"version": version}, headers=person["headers"])
        assert sent.status_code == 201, sent.json
        application = client.get(url, headers=person["headers"]).json
        officer, approver, confirmer = (person_of(code, "case_officer") for _ in range(3))
        assessed(code, application, officer["headers"], FI_GOOD if code == "fi" else SE_GOOD)
        prepared = client.post(
            decisions_url(code, application["id"]),
            json={"kind": "grant", "project_start": START, "project_end": END, **grant},
            headers=officer["headers"],
        )
        assert prepared.status_code == 201, prepared.json
        approved = client.post(
            f"{decision_url(code, prepared.json['id'])}/approve", json={}, headers=approver["headers"]
        )
        assert approved.status_code == 200, approved.json
        [listed] = client.get(f"{api(code)}/projects", headers=person["headers"]).json  # the applicant's only one
        project = client.get(f"{api(code)}/projects/{listed['id']}", headers=officer["headers"]).json
        return {
            "project": project,
            "beneficiary": person,
            "officer": officer,
            "approver": approver,
            "confirmer": confirmer,
            "application": application,
        }

    return make


def open_claim(client, code: str, setup: dict) -> dict:
    opened = client.post(
        f"{api(code)}/projects/{setup['project']['id']}/claims", json={}, headers=setup["beneficiary"]["headers"]
    )
    assert opened.status_code == 201, opened.json
    return opened.json


def add_line(client, code: str, setup: dict, claim: dict, line: dict, *, evidence: bool = True) -> dict:
    added = client.post(f"{api(code)}/claims/{claim['id']}/lines", json=line, headers=setup["beneficiary"]["headers"])
    assert added.status_code == 201, added.json
    new = added.json["lines"][-1]
    if evidence:
        upload = client.post(
            f"{api(code)}/claims/{claim['id']}/lines/{new['id']}/evidence",
            data={"kind": "invoice", "file": (io.BytesIO(PDF), "faktura.pdf")},
            headers=setup["beneficiary"]["headers"],
            content_type="multipart/form-data",
        )
        assert upload.status_code == 201, upload.json
        return upload.json
    return added.json


def submit(client, code: str, setup: dict, claim: dict):
    return client.post(f"{api(code)}/claims/{claim['id']}/submit", json={}, headers=setup["beneficiary"]["headers"])


def verify_all(client, code: str, setup: dict, claim: dict, outcomes: dict | None = None) -> dict:
    """Verify every line (accepted unless ``outcomes`` says otherwise: line id -> check body), in depth, answer
    the checklist yes, and complete; by the setup's officer."""
    headers = setup["officer"]["headers"]
    base = f"{api(code)}/claims/{claim['id']}"
    assert client.post(f"{base}/sample", headers=headers).status_code == 201
    for line in claim["lines"]:
        body = {"outcome": "accepted", "in_depth": True, **(outcomes or {}).get(line["id"], {})}
        checked = client.post(f"{base}/lines/{line['id']}/checks", json=body, headers=headers)
        assert checked.status_code == 201, checked.json
    items = checklist_items(client, code, setup)
    answered = client.post(
        f"{base}/checklist", json={"answers": {item: {"answer": "yes"} for item in items}}, headers=headers
    )
    assert answered.status_code == 201, answered.json
    done = client.post(f"{base}/verify", headers=headers)
    assert done.status_code == 200, done.json
    return done.json


def checklist_items(client, code: str, setup: dict) -> list[str]:
    import tomllib
    from pathlib import Path

    data = tomllib.loads((Path(__file__).parent.parent / "tenants" / code / "claims.toml").read_text())
    return list(data["checklist"])


def pay(client, code: str, setup: dict, claim: dict, paid_on: str | None = None) -> dict:
    """Prepare (officer), approve (approver) and confirm (confirmer) the claim's payment."""
    prepared = client.post(f"{api(code)}/claims/{claim['id']}/payments", json={}, headers=setup["officer"]["headers"])
    assert prepared.status_code == 201, prepared.json
    payment = prepared.json
    url = f"{api(code)}/payments/{payment['id']}"
    approved = client.post(f"{url}/approve", json={}, headers=setup["approver"]["headers"])
    assert approved.status_code == 200, approved.json
    paid_on = paid_on or datetime.now(ZoneInfo(ZONES[code])).date().isoformat()
    paid = client.post(f"{url}/confirm", json={"paid_on": paid_on}, headers=setup["confirmer"]["headers"])
    assert paid.status_code == 200, paid.json
    return paid.json
