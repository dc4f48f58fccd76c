"""The Commission's consolidated export (issue 14) through the API, on PostgreSQL: asked for by a Commission user,
built by a job with progress (tenants done), downloaded as XLSX, CSV and JSON; each tenant's part holds its own
figures only (compared with a per-tenant SQL aggregate); two exports of the same day over the same data are the
same bytes; a build that fails half-way leaves no file and its retry gives the same bytes; the tenants' people
never reach it; bad input is refused in the reader's language and changes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from sqlalchemy import func, select, text, update

from service.accounts.models import PlatformUser
from service.accounts.operations import create_platform_user
from service.accounts.tokens import create_token
from service.consolidated import operations
from service.consolidated.models import ConsolidatedExport, ConsolidatedFile
from service.consolidated.rules import HEADERS, KEYS, ROW_SCHEMA
from service.decisions.models import Decision
from service.extensions import db
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope
from tests.applications_support import run_jobs
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import RUN, app_config, bearer, fresh_database, prepare, tenant_id, translated
from tests.consolidated_support import run_platform_jobs
from tests.portfolio_support import selected_in_sql

URL = "/api/v1/commission/consolidated-exports"
AS_OF = date(2026, 11, 30)
SELECTED_ON = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)  # before the cut-off of transmission 202506


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    """A database of this module's own, without the demo: every tenant's figures are only these tests'."""
    with fresh_database(f"amif_test_{RUN}_consolidated") as urls:
        application = create_app_for(urls, redis_url, tmp_path_factory)
        yield application
        with application.app_context():
            db.engine.dispose()


def create_app_for(urls, redis_url, tmp_path_factory):
    from service.app import create_app

    application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("consolidated")))
    prepare(application, demo=False)
    with application.app_context(), platform_scope():
        for email, role in (("desk@commission.test", "commission"), ("operator@platform.test", "platform_admin")):
            create_platform_user(email=email, role=role, name=role, password="a long enough password 2026")
        db.session.commit()
    return application


@pytest.fixture(scope="module")
def commission(app) -> dict:
    return _token(app, "desk@commission.test")


def _token(app, email: str) -> dict:
    with app.app_context(), platform_scope():
        person = db.session.scalar(select(PlatformUser).where(PlatformUser.email == email))
        secret = create_token(person)
        db.session.commit()
        return bearer(secret)


@pytest.fixture(scope="module")
def portfolio(app):
    """Operations in both tenants (Finland in euro, Sweden in kronor) selected before 30 June 2025, and Finland's
    transmission 202506 frozen."""
    return {}


@pytest.fixture
def selected(app, client, claimable, person_of, portfolio):
    if not portfolio:
        for code, classification in (("fi", ("SO2", "003")), ("se", ("SO1", "001"))):
            setup = claimable(code, classification=classification)
            with app.app_context(), tenant_scope(tenant_id(app, code)):
                db.session.execute(
                    update(Decision)
                    .where(Decision.application_id == setup["application"]["id"])
                    .values(approved_at=SELECTED_ON)
                    .execution_options(synchronize_session=False)
                )
                db.session.commit()
        admin = person_of("fi", "ma_admin")["headers"]
        asked = client.post(f"{api('fi')}/transmissions", json={"version": "202506"}, headers=admin)
        assert asked.status_code == 202, asked.json
        assert run_jobs(app, "fi", "transmissions.build")
        frozen = client.post(f"{api('fi')}/transmissions/{asked.json['id']}/freeze", json={}, headers=admin)
        assert frozen.status_code == 201, frozen.json
        portfolio["frozen"] = frozen.json
    return portfolio


def _export(app, client, headers, as_of: date = AS_OF) -> dict:
    asked = client.post(URL, json={"as_of": as_of.isoformat()}, headers=headers)
    assert asked.status_code == 202, asked.json
    assert asked.json["status"] == "queued" and asked.json["files"] == []
    assert run_platform_jobs(app)
    built = client.get(f"{URL}/{asked.json['id']}", headers=headers)
    assert built.status_code == 200
    return built.json


def _files(client, headers, export: dict) -> dict[str, bytes]:
    files = {}
    for listed in export["files"]:
        answer = client.get(listed["url"], headers=headers)
        assert answer.status_code == 200
        assert hashlib.sha256(answer.data).hexdigest() == listed["sha256"] and len(answer.data) == listed["size"]
        files[listed["format"]] = answer.data
    return files


def _active_tenants(app) -> list[str]:
    with app.app_context(), platform_scope():
        return list(db.session.scalars(select(Tenant.code).where(Tenant.active.is_(True)).order_by(Tenant.code)))


def test_the_commission_asks_for_the_export_and_downloads_it_in_three_formats(app, client, commission, selected):
    export = _export(app, client, commission)
    codes = _active_tenants(app)
    assert export["status"] == "ready" and export["as_of"] == AS_OF.isoformat()
    assert export["tenants_done"] == export["tenants_total"] == len(codes)  # the job's progress, one per tenant
    files = _files(client, commission, export)
    assert sorted(files) == ["csv", "json", "xlsx"]

    table = list(csv.reader(io.StringIO(files["csv"].decode("utf-8"))))
    assert tuple(table[0]) == HEADERS
    content = json.loads(files["json"])
    assert content["as_of"] == AS_OF.isoformat() and content["currency"] == "EUR"
    assert content["columns"] == list(KEYS)
    assert [part["tenant"] for part in content["tenants"]] == codes  # every tenant, in the order of their codes
    rows = [row for part in content["tenants"] for row in part["rows"]]
    validator = Draft202012Validator(ROW_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert all(not list(validator.iter_errors(row)) for row in rows)
    assert len(rows) == len(table) - 1  # the same rows in the CSV and the JSON
    assert [[str(row[key]) for key in KEYS] for row in rows] == table[1:]

    workbook = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    assert workbook.sheetnames == ["Figures", "Tenants"]
    sheet = list(workbook["Figures"].iter_rows(values_only=True))
    assert sheet[1] == HEADERS and len(sheet) - 2 == len(rows)
    tenants = list(workbook["Tenants"].iter_rows(values_only=True))
    assert [line[1] for line in tenants[2:]] == codes
    frozen = selected["frozen"]
    assert tenants[2 + codes.index("fi")][4:8] == (
        "202506",
        "2025-06-30",
        tenants[2 + codes.index("fi")][6],
        frozen["content_sha256"],
    )


def test_each_tenant_part_holds_its_own_figures_only(app, client, commission, selected):
    export = _export(app, client, commission)
    content = json.loads(_files(client, commission, export)["json"])
    parts = {part["tenant"]: part for part in content["tenants"]}
    end = datetime(2026, 12, 1, tzinfo=UTC)  # after the end of 30 November in Stockholm and Helsinki
    for code in ("fi", "se"):
        part = parts[code]
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            cci, currency = db.session.execute(
                text("SELECT p.cci, t.currency FROM programmes p JOIN tenants t ON t.id = p.tenant_id WHERE t.id = :t"),
                {"t": tenant_id(app, code)},
            ).one()
            versions = text("SELECT content_sha256 FROM transmission_versions WHERE tenant_id = :t ORDER BY id")
            frozen = db.session.execute(versions, {"t": tenant_id(app, code)}).scalars().all()
        assert {row["tenant"] for row in part["rows"]} == {code}
        assert {row["programme_code"] for row in part["rows"]} == {cci}
        assert {row["national_currency"] for row in part["rows"]} == {currency}
        by_intervention = {
            (row["specific_objective"], row["type_of_intervention"]): row
            for row in part["rows"]
            if row["source"] == "portfolio" and row["table"] == "intervention" and row["measure"] == "operations"
        }
        costs = {
            (row["specific_objective"], row["type_of_intervention"]): row
            for row in part["rows"]
            if row["source"] == "portfolio" and row["table"] == "intervention" and row["measure"] == "eligible_cost"
        }
        expected = selected_in_sql(app, code, end)
        assert expected  # the test's own operation at least
        assert {key: row["value"] for key, row in by_intervention.items()} == {k: v[0] for k, v in expected.items()}
        assert {key: row["national_value"] for key, row in costs.items()} == {k: v[1] for k, v in expected.items()}
        if code == "fi":  # in euro: the euro figure is the amount, no rate needed
            assert {key: row["value"] for key, row in costs.items()} == {k: v[1] for k, v in expected.items()}
            assert part["transmission"]["content_sha256"] == frozen[-1] == selected["frozen"]["content_sha256"]
            assert any(row["source"] == "transmission" for row in part["rows"])
        else:  # kronor with no rate loaded: never converted at 1 (CPR Art. 87), the month named instead
            assert all(row["value"] == "0.00" and row["missing_rates"] == "SEK 2025-06" for row in costs.values())
            assert frozen == [] and part["transmission"] is None
            assert not any(row["source"] == "transmission" for row in part["rows"])


def test_two_exports_of_the_same_day_are_the_same_bytes(app, client, commission, selected):
    first = _files(client, commission, _export(app, client, commission))
    second = _files(client, commission, _export(app, client, commission))
    assert first == second


def test_a_build_failing_half_way_leaves_no_file_and_its_retry_gives_the_same_bytes(
    app, client, commission, selected, monkeypatch
):
    reference = _files(client, commission, _export(app, client, commission))
    asked = client.post(URL, json={"as_of": AS_OF.isoformat()}, headers=commission)
    assert asked.status_code == 202
    real = operations.tenant_part

    def failing(tenant, as_of):
        if tenant.code == "se":
            raise OSError("disk full")  # after Finland's part was written
        return real(tenant, as_of)

    monkeypatch.setattr(operations, "tenant_part", failing)
    run_platform_jobs(app)
    failed = client.get(f"{URL}/{asked.json['id']}", headers=commission).json
    assert failed["status"] == "failed" and failed["files"] == [] and failed["tenants_done"] == 1
    assert client.get(f"{URL}/{asked.json['id']}/files/csv", headers=commission).status_code == 409
    with app.app_context(), platform_scope():
        stored = db.session.scalar(select(func.count()).where(ConsolidatedFile.export_id == asked.json["id"]))
        assert stored == 0
    monkeypatch.setattr(operations, "tenant_part", real)
    run_platform_jobs(app)  # the retry
    retried = client.get(f"{URL}/{asked.json['id']}", headers=commission).json
    assert retried["status"] == "ready"
    assert _files(client, commission, retried) == reference


def test_only_the_commission_and_the_platform_reach_the_export(app, client, commission, person_of, selected):
    operator = _token(app, "operator@platform.test")
    assert client.get(URL, headers=operator).status_code == 200
    listed = client.get(URL, headers=commission)
    assert listed.status_code == 200 and listed.json["exports"]
    export_id = listed.json["exports"][0]["id"]
    assert client.get(URL).status_code == 401
    for code in ("fi", "se"):
        admin = person_of(code, "ma_admin")["headers"]
        for url in (URL, f"{URL}/{export_id}", f"{URL}/{export_id}/files/json"):
            assert client.get(url, headers=admin).status_code == 404
        assert client.post(URL, json={}, headers=admin).status_code == 404
    # The pages: a platform sign-in first; a tenant's session is nothing there.
    page = client.get("/platform/consolidated-exports")
    assert page.status_code == 302 and "/platform/sign-in" in page.headers["Location"]


def test_bad_input_is_refused_in_the_readers_language_and_changes_nothing(app, client, commission, selected):
    with app.app_context(), platform_scope():
        before = db.session.scalar(select(func.count()).select_from(ConsolidatedExport))
    swedish = {**commission, "Accept-Language": "sv"}
    future = client.post(URL, json={"as_of": "2999-01-01"}, headers=swedish)
    assert future.status_code == 422
    message = future.json["errors"]["as_of"][0]
    wanted = translated("The day %(day)s has not come yet: its figures are not known.", "sv")
    assert message == wanted.replace("%(day)s", "1 januari 2999") != wanted
    for body in ({"as_of": "30.11.2026"}, {"as_of": 20261130}, {"as_of": None, "format": "pdf"}, ["2026-11-30"]):
        assert client.post(URL, json=body, headers=commission).status_code == 422
    assert client.post(URL, data="not json", headers=commission, content_type="application/json").status_code == 422
    assert client.get(f"{URL}/999999", headers=commission).status_code == 404
    with app.app_context(), platform_scope():
        assert db.session.scalar(select(func.count()).select_from(ConsolidatedExport)) == before
    asked = client.post(URL, json={"as_of": "2026-10-31"}, headers=commission)
    assert asked.status_code == 202
    again = client.post(URL, json={"as_of": "2026-10-31"}, headers=commission)
    assert again.status_code == 409 and again.json["error"]["details"] == {"export": asked.json["id"]}
    assert client.get(f"{URL}/{asked.json['id']}/files/xlsx", headers=commission).status_code == 409
    assert client.get(f"{URL}/{asked.json['id']}/files/pdf", headers=commission).status_code == 404
    run_platform_jobs(app)
    assert client.get(f"{URL}/{asked.json['id']}/files/xlsx", headers=commission).status_code == 200


def test_an_export_whose_job_was_given_up_no_longer_holds_its_day(app, client, commission, selected):
    """A worker killed at every attempt (service.jobs.sweeper gives the run up after MAX_ATTEMPTS): the export is
    told failed when the day is asked for again, and a new one is built, instead of a 409 for ever."""
    from service.jobs.models import JobRun
    from service.jobs.sweeper import MAX_ATTEMPTS

    stuck = client.post(URL, json={"as_of": "2026-09-30"}, headers=commission)
    assert stuck.status_code == 202
    with app.app_context(), platform_scope():
        db.session.execute(
            update(ConsolidatedExport).where(ConsolidatedExport.id == stuck.json["id"]).values(status="building")
        )
        db.session.execute(
            update(JobRun)
            .where(JobRun.dedupe_key == f"platform:{operations.BUILD_JOB}:{stuck.json['id']}")
            .values(status="failed", attempts=MAX_ATTEMPTS, error="abandoned")
        )
        db.session.commit()
    assert client.post(URL, json={"as_of": "2026-09-30"}, headers=commission).status_code == 202
    assert client.get(f"{URL}/{stuck.json['id']}", headers=commission).json["status"] == "failed"
    run_platform_jobs(app)
