"""Fixtures of the progress report tests: a granted, active project (tests/claims_support.claimable, period
2025-01-01 – 2027-06-30) whose plan has participant indicators (O.2.3, planned 120, and its "of which" O.2.3.1)
counted by the register, typed ones (O.1.3 places, planned 40, and its "of which" O.1.3.1, planned 10) and an
own indicator (planned 200); and the steps of a report."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from service.extensions import db
from service.participants import operations as register
from service.projects.models import Project
from service.reports import rules
from service.tenancy.scope import tenant_scope
from tests.claims_support import ZONES, api
from tests.conftest import tenant_id

CALL = {"indicator_codes": ["O.2.3", "O.2.3.1", "O.1.3", "O.1.3.1"]}
INDICATORS = [
    {"indicator_code": "O.1.3", "planned_value": 40},
    {"indicator_code": "O.1.3.1", "planned_value": 10},
    {"name": "Handledningstillfällen", "unit": "tillfällen", "planned_value": 200},
]
START, END = date(2025, 1, 1), date(2027, 6, 30)
# tenants/<code>/reports.toml
SETTINGS = {"fi": (6, 30, 7, 60), "se": (4, 30, 7, 60)}  # period months, due days, reminder days, final due days


@pytest.fixture
def reportable(claimable):
    """reportable(code) -> the claimable setup of a project with the indicators above; "own" is the key of the
    own indicator."""

    def make(code: str) -> dict:
        setup = claimable(code, call=CALL, indicators=INDICATORS)
        [own] = [i["key"] for i in setup["project"]["versions"][-1]["content"]["indicators"] if not i["code"]]
        return {**setup, "own": own}

    return make


def today(code: str) -> date:
    return datetime.now(ZoneInfo(ZONES[code])).date()


def expected_periods(code: str, on: date | None = None) -> list[rules.Period]:
    months, due, _reminder, final = SETTINGS[code]
    return rules.begun(rules.reporting_periods(START, END, months, due, final), on or today(code))


def create_reports(client, code: str, setup: dict) -> list[dict]:
    created = client.post(
        f"{api(code)}/projects/{setup['project']['id']}/reports", json={}, headers=setup["beneficiary"]["headers"]
    )
    assert created.status_code == 201, created.json
    return created.json


def report_url(code: str, report: dict) -> str:
    return f"{api(code)}/reports/{report['id']}"


def save(client, code: str, setup: dict, report: dict, **body):
    return client.put(report_url(code, report), json=body, headers=setup["beneficiary"]["headers"])


def complete(client, code: str, setup: dict, report: dict, **values) -> dict:
    body = {
        "activities": "Språkcaféer varje vecka i Vasa.",
        "progress": "Målen för första halvåret nåddes.",
        "horizontal_principles": "Lika många kvinnor som män deltog.",
        "problems": "Inga.",
        "values": {"O.1.3": 20, "O.1.3.1": 5, setup["own"]: 50, **values},
    }
    saved = save(client, code, setup, report, **body)
    assert saved.status_code == 200, saved.json
    return saved.json


def submit(client, code: str, setup: dict, report: dict):
    return client.post(f"{report_url(code, report)}/submit", json={}, headers=setup["beneficiary"]["headers"])


def register_people(app, code: str, setup: dict, people: list[dict]) -> None:
    """Register participants of the project (service.participants.operations.register)."""
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        project = db.session.get(Project, setup["project"]["id"])
        for person in people:
            register.register(
                project,
                user=SimpleNamespace(id=setup["beneficiary"]["id"]),
                **{"first_participation": date(2025, 3, 1), "indicators": ["O.2.3.1"], **person},
            )
        db.session.commit()
