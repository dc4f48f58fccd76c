"""The embedded default (`make run`): SQLite file, jobs in-process, demo tenants — the same flows hold."""

from __future__ import annotations

import pytest

from service.app import create_app
from service.extensions import db
from tests.conftest import bearer, csrf_token, embedded_config


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    root = tmp_path_factory.mktemp("embedded")
    config = embedded_config(root)
    app = create_app(config)
    runner = app.test_cli_runner()
    for command in (
        ["db", "upgrade"],
        ["reference", "sync"],
        ["tenants", "sync"],
        ["demo"],
        ["db", "upgrade"],
        ["tenants", "sync"],
        ["demo"],
    ):  # twice: a second `make run` keeps and repeats nothing
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_demo_user_signs_in_and_sees_the_programme_in_swedish(embedded):
    client = embedded.test_client()
    page = client.get("/fi/login", headers={"Accept-Language": "sv"})
    response = client.post(
        "/fi/login",
        data={"email": "handlaggare@fi.demo", "password": "demo-password-2026", "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302
    home = client.get("/fi/")
    assert '<html lang="sv"' in home.text and "2021FI65AMPR001" in home.text
    assert client.get("/se/").status_code == 404


def test_api_isolation_and_in_process_welcome_email(embedded):
    runner = embedded.test_cli_runner()
    token = runner.invoke(args=["tokens", "create", "--email", "admin@se.demo"]).output.strip().splitlines()[-1]
    client = embedded.test_client()
    assert client.get("/api/v1/se/programme", headers=bearer(token)).json["cci"] == "2021SE65AMPR001"
    assert client.get("/api/v1/fi/programme", headers=bearer(token)).status_code == 404
    created = client.post(
        "/api/v1/se/users", json={"email": "ny@se.test", "role": "applicant", "language": "sv"}, headers=bearer(token)
    )
    assert created.status_code == 201
    embedded.extensions["amif_jobs"].wait()
    status = client.get(f"/api/v1/se/jobs/{created.json['welcome_job']}", headers=bearer(token)).json
    assert status["status"] == "finished"
    bad = client.post(
        "/api/v1/se/users",
        data="{",
        content_type="application/json",
        headers=bearer(token, **{"Accept-Language": "sv"}),
    )
    assert bad.status_code == 422 and bad.json["errors"]["_body"][0] != "The body is not valid JSON."


def test_demo_calls_and_a_whole_application_on_the_embedded_default(embedded):
    """The demo loads public calls; the demo applicant applies and submits; the receipt job runs in-process."""
    import io

    from service.applications.sections import TEXT_SECTIONS
    from tests.test_applications_api import PDF

    client = embedded.test_client()
    listed = client.get("/api/v1/fi/calls").json
    call = next(c for c in listed if c["reference"] == "AMIF-FI-DEMO-SYKSY")
    assert call["is_open"] and call["budget"] == "10800000.00"
    assert {c["reference"] for c in listed} >= {"AMIF-FI-DEMO-SYKSY", "AMIF-FI-DEMO-KEVAT"}
    runner = embedded.test_cli_runner()
    token = runner.invoke(args=["tokens", "create", "--email", "hakija@fi.demo"]).output.strip().splitlines()[-1]
    headers = bearer(token)
    organisation_id = client.get("/api/v1/fi/organisations", headers=headers).json[0]["id"]
    started = client.post(
        "/api/v1/fi/applications",
        json={"call_id": call["id"], "organisation_id": organisation_id, "language": "sv"},
        headers=headers,
    )
    assert started.status_code == 201, started.json
    url = f"/api/v1/fi/applications/{started.json['id']}"
    fields = {f: "Text" for f in TEXT_SECTIONS} | {
        "title": "Demo",
        "project_start": "2027-01-01",
        "project_end": "2027-12-31",
    }
    assert (
        client.patch(url, json={"version": started.json["version"], "fields": fields}, headers=headers).status_code
        == 200
    )
    line = {"year": 2027, "category": "other", "amount": "100 000,00"}
    assert client.post(f"{url}/budget-lines", json=line, headers=headers).status_code == 201
    indicator = {"indicator_code": "O.2.3", "planned_value": 40}
    assert client.post(f"{url}/indicators", json=indicator, headers=headers).status_code == 201
    upload = {"file": (io.BytesIO(PDF), "bilaga.pdf")}
    assert client.post(f"{url}/attachments", data=upload, headers=headers).status_code == 201
    version = client.get(url, headers=headers).json["version"]
    submitted = client.post(f"{url}/submit", json={"version": version}, headers=headers)
    assert submitted.status_code == 201, submitted.json
    embedded.extensions["amif_jobs"].wait()
    assert client.get(url, headers=headers).json["status"] == "submitted"


def test_the_demo_has_applications_in_every_state_with_letters_and_projects(embedded):
    """`make run` shows the whole flow: tenants/<code>/demo.toml has an application in every state."""
    from service.applications.models import Application
    from service.assessment.operations import stage
    from service.decisions.models import Decision
    from service.decisions.operations import in_preparation
    from service.platform.demo_applications import STATES
    from service.projects.models import Project
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope

    with embedded.app_context():
        tenants = {t.code: t.id for t in db.session.scalars(db.select(Tenant))}
        for code in ("se", "fi"):
            with tenant_scope(tenants[code]):
                applications = db.session.scalars(
                    db.select(Application).where(Application.title.like("%(%demo)"))
                ).all()
                stages = {
                    "prepared" if in_preparation(a) else ("draft" if a.status == "draft" else stage(a))
                    for a in applications
                }
                assert stages == set(STATES), (code, stages)
                decisions = db.session.scalars(db.select(Decision).where(Decision.status == "approved")).all()
                assert decisions and all(d.letter_sha256 for d in decisions)  # written by the in-process jobs
                granted = [d for d in decisions if d.granted]
                assert len(db.session.scalars(db.select(Project)).all()) == len(granted)
                # fi: two grants; and the granted projects of the demo's claims ([claims] in demo.toml)
                assert len(applications) == len(STATES) + (1 if code == "fi" else 0) + len(_claims_projects(code))


def test_the_embedded_default_runs_periodic_jobs_and_the_sweeper_without_a_second_terminal(embedded, monkeypatch):
    """`make run` (``amif serve``) runs the scheduler's loop on a thread of the web process: the periodic jobs,
    and the sweeper, which runs what a previous process left behind (queued, or running when it was stopped)."""
    from datetime import timedelta

    from service.jobs.models import JobRun
    from service.jobs.queue import DISPATCHER, enqueue
    from service.tenancy.model_base import utcnow
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope
    from workers.scheduler import start_in_background

    class Stopped:  # the process that asked for these jobs ended before it ran them
        def hand_off(self, *args):
            return False

    with embedded.app_context():
        se = db.session.scalar(db.select(Tenant.id).where(Tenant.code == "se"))
        with tenant_scope(se):
            live = embedded.extensions[DISPATCHER]
            embedded.extensions[DISPATCHER] = Stopped()
            try:
                queued = enqueue("platform.expire_sessions", key="left-queued").id
                interrupted = enqueue("platform.expire_sessions", key="left-running")
                interrupted.status, interrupted.lease_until = "running", utcnow() - timedelta(seconds=1)
                interrupted = interrupted.id
                db.session.commit()
            finally:
                embedded.extensions[DISPATCHER] = live
    monkeypatch.setitem(embedded.config, "AMIF_SWEEP_INTERVAL", 0.2)
    monkeypatch.setitem(embedded.config, "AMIF_SWEEP_GRACE", 0)
    stop = start_in_background(embedded)
    try:

        def status(job_id, scope):
            with embedded.app_context(), scope:
                return db.session.get(JobRun, job_id).status

        def periodic_done():
            with embedded.app_context(), platform_scope():
                period = int(utcnow().timestamp()) // 600
                run = db.session.scalar(
                    db.select(JobRun).where(JobRun.dedupe_key == f"platform:platform.expire_sessions:period-{period}")
                )
                return run is not None and run.status == "finished"

        import time

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            periodic_done()
            and status(queued, tenant_scope(se)) == "finished"
            and status(interrupted, tenant_scope(se)) == "finished"
        ):
            time.sleep(0.1)
        assert periodic_done()
        assert status(queued, tenant_scope(se)) == "finished"
        assert status(interrupted, tenant_scope(se)) == "finished"
    finally:
        stop.set()
        embedded.extensions["amif_jobs"].drain()


def test_amif_serve_starts_that_loop_in_the_embedded_default(embedded, monkeypatch):
    import werkzeug.serving

    import workers.scheduler

    started, served = [], []
    monkeypatch.setattr(workers.scheduler, "start_in_background", lambda app: started.append(app))
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, app, **kw: served.append((host, app)))
    result = embedded.test_cli_runner().invoke(args=["serve"])
    assert result.exit_code == 0, result.output
    assert started == [embedded] and served == [("127.0.0.1", embedded)]


def _claims_projects(code: str) -> list[dict]:
    import tomllib
    from pathlib import Path

    demo = Path(__file__).resolve().parent.parent / "tenants" / code / "demo.toml"
    return tomllib.loads(demo.read_text(encoding="utf-8"))["claims"]["project"]


def test_the_work_queue_on_sqlite_states_search_in_any_case_and_sorting(embedded):
    """The state rule, the search and the sorting run in SQLite's SQL too; SQLite's lower() folds only ASCII,
    so the search folds with Python's casefold (service.work_queue.util.FOLD): "SPRÅKVÄNNER" finds "Språkvänner"."""
    from service.work_queue.states import STAFF_STATES

    runner = embedded.test_cli_runner()
    token = runner.invoke(args=["tokens", "create", "--email", "handlaggare@se.demo"]).output.strip().splitlines()[-1]
    client = embedded.test_client()
    every = client.get("/api/v1/se/applications?per_page=500", headers=bearer(token))
    assert every.status_code == 200 and set(STAFF_STATES) <= {row["state"] for row in every.json}
    found = client.get("/api/v1/se/applications?q=SPRÅKVÄNNER I MALMÖ", headers=bearer(token)).json
    assert [row["title"] for row in found] == ["Språkvänner i Malmö (demo)"]
    by_title = client.get("/api/v1/se/applications?sort=title&order=asc&per_page=500", headers=bearer(token)).json
    titles = [row["title"].casefold() for row in by_title]
    assert titles == sorted(titles)
    granted = client.get("/api/v1/se/applications?state=granted&per_page=500", headers=bearer(token))
    assert granted.json and {row["state"] for row in granted.json} == {"granted"}
    assert granted.headers["X-Total-Count"] == str(len(granted.json))
