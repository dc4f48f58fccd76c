"""The demo's progress reports (issue 13 "Demo data"): a demo project of each tenant has reports in every state,
with participants from the register; the others' reports are overdue for the MA. The reports come from
tenants/<code>/demo.toml [reports] (service/reports/demo.py), read through the API as MA staff; loading the demo
twice on the embedded default creates nothing twice."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from service.app import create_app
from service.extensions import db
from service.reports.models import STATUSES
from service.reports.operations import run_calendar
from service.tenancy.scope import tenant_scope
from tests.assessment_support import person_of  # noqa: F401 - fixture
from tests.conftest import bearer, embedded_config, prepare, tenant_id

TENANTS = Path(__file__).resolve().parent.parent / "tenants"


def demo_reports(code: str) -> dict:
    return tomllib.loads((TENANTS / code / "demo.toml").read_text(encoding="utf-8"))["reports"]


def _get(client, url: str, headers: dict):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.json)
    return response.json


@pytest.mark.parametrize("code", ["se", "fi"])
def test_the_demo_project_has_reports_in_every_state(client, person_of, code):
    staff = person_of(code, "ma_admin")["headers"]
    listed = {p["title"]: p for p in _get(client, f"/api/v1/{code}/projects", staff)}
    entry, *others = demo_reports(code)["project"]
    project = listed[entry["title"]]
    reports = {
        r["sequence"]: r
        for r in (
            {**_get(client, f"/api/v1/{code}/reports/{item['id']}", staff), "sequence": number}
            for number, item in enumerate(_get(client, f"/api/v1/{code}/projects/{project['id']}/reports", staff), 1)
        )
    }
    assert {r["status"] for r in reports.values()} == set(STATUSES)
    for item in entry["report"]:
        report = reports[item["sequence"]]
        assert report["status"] == item["state"] and report["activities"] == item["activities"]
        if item["state"] == "returned":
            assert report["reviews"][-1]["comment"] == item["comment"]
        if item["state"] != "draft":
            assert report["submissions"] and report["submissions"][-1]["receipt"].startswith(report["reference"])
    # The register's participants, counted once each, broken down by sex (the draft reads the register live).
    [draft] = [reports[item["sequence"]] for item in entry["report"] if item["state"] == "draft"]
    participants = next(row for row in draft["indicators"] if row["key"] == "O.2.3")
    counted = _get(client, f"/api/v1/{code}/projects/{project['id']}/participants/counts", staff)["O.2.3"]
    assert counted["total"] > 0  # the demo's register (service/participants/demo.py)
    assert participants["achieved"] == counted["total"]
    assert participants["by_sex"] == counted["by_sex"] and sum(participants["by_sex"].values()) == counted["total"]
    # The reports the demo leaves unwritten and past their due day are on the MA's overdue list.
    overdue = _get(client, f"/api/v1/{code}/reports/overdue", staff)
    assert overdue and all(r["overdue"] and r["status"] in ("draft", "returned") for r in overdue)
    unwritten = [listed[other["title"]]["id"] for other in others]
    # Their first report, for January–April or –June 2025, was due in 2025 (tenants/<code>/reports.toml).
    assert {r["project_id"] for r in overdue} >= set(unwritten)
    assert all(date.fromisoformat(r["due_on"]) < date.today() for r in overdue)


def _counts(application) -> dict:
    from service.participants.models import Participant
    from service.reports.models import ProgressReport, ReportReview, ReportSubmission
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope

    counts = {}
    with application.app_context():
        for tenant in db.session.scalars(db.select(Tenant)).all():
            with tenant_scope(tenant.id):
                for model in (ProgressReport, ReportSubmission, ReportReview, Participant):
                    counts[(tenant.code, model.__name__)] = len(db.session.scalars(db.select(model)).all())
    return counts


def _token(application, email: str) -> dict:
    output = application.test_cli_runner().invoke(args=["tokens", "create", "--email", email]).output
    return bearer(output.strip().splitlines()[-1])


def _a_report_on_sqlite(application) -> None:
    """The demo's draft report, completed, submitted and accepted through the API on SQLite; the calendar runs."""
    client = application.test_client()
    beneficiary, officer = _token(application, "hakija@fi.demo"), _token(application, "kasittelija@fi.demo")
    entry = demo_reports("fi")["project"][0]
    [project] = [p for p in client.get("/api/v1/fi/projects", headers=officer).json if p["title"] == entry["title"]]
    reports = client.get(f"/api/v1/fi/projects/{project['id']}/reports", headers=beneficiary).json
    [draft] = [r for r in reports if r["status"] == "draft"][:1]
    url = f"/api/v1/fi/reports/{draft['id']}"
    saved = client.put(
        url, json={"activities": "Ryhmät jatkuivat.", "progress": "Suunnitelman mukaan."}, headers=beneficiary
    )
    assert saved.status_code == 200, saved.json
    assert client.post(f"{url}/submit", json={}, headers=beneficiary).status_code == 201
    assert client.post(f"{url}/submit", json={}, headers=beneficiary).status_code == 409
    assert client.post(f"{url}/accept", json={}, headers=officer).json["status"] == "accepted"
    with application.app_context(), tenant_scope(tenant_id(application, "fi")):
        run_calendar()
        assert run_calendar()["created"] == 0  # each period's report once
        db.session.commit()


def test_loading_the_demo_twice_on_the_embedded_default_creates_no_report_twice(tmp_path):
    """`make run` twice (SQLite): the reports are written, submitted and reviewed once."""
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        first = _counts(application)
        for code in ("se", "fi"):
            entry = demo_reports(code)["project"][0]
            assert first[(code, "Participant")] > 0  # the demo's register, which the reports read
            submitted = [item for item in entry["report"] if item["state"] != "draft"]
            reviewed = [item for item in submitted if item["state"] != "submitted"]
            assert (first[(code, "ReportSubmission")], first[(code, "ReportReview")]) == (len(submitted), len(reviewed))
        prepare(application, demo=True)
        assert _counts(application) == first
        _a_report_on_sqlite(application)
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()
