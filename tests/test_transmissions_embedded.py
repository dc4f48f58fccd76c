"""The data transmission and the annual report's figures on the embedded default (``make run``: SQLite, jobs run
in the web process) from the demo: asked for, built, frozen once (a second freeze refused), downloaded, and the
frozen version refused any change by the database itself; the Commission's consolidated export carrying both
tenants' frozen versions, the same bytes twice."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from service.app import create_app
from service.claims.models import LedgerEntry
from service.decisions.models import Decision
from service.exchange.demo import DEMO_RATE_SOURCE
from service.exchange.models import ExchangeRate
from service.exchange.rules import convert
from service.extensions import db
from service.money import ZERO
from service.participants.models import Participant
from service.platform.demo import load_demo
from service.projects.models import Project
from service.reports.models import ProgressReport, ReportReview, ReportSubmission
from service.tenancy.clock import played_at
from service.tenancy.current import current_tenant, tenant_today
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope
from service.transmissions import rules
from service.transmissions.build import content_of
from tests.conftest import bearer, embedded_config, prepare, tenant_id

ADMINS = {"se": "admin@se.demo", "fi": "admin@fi.demo"}  # tenants/<code>/demo.toml


def _token(application, email: str) -> dict:
    output = application.test_cli_runner().invoke(args=["tokens", "create", "--email", email]).output
    return bearer(output.strip().splitlines()[-1])


def test_a_transmission_is_built_and_frozen_on_the_embedded_default(tmp_path):
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        client = application.test_client()
        frozen_sha = {}
        for code in ("se", "fi"):
            admin = _token(application, ADMINS[code])
            asked = client.post(f"/api/v1/{code}/transmissions", json={"version": "202112"}, headers=admin)
            assert asked.status_code == 202, asked.json
            application.extensions["amif_jobs"].wait()  # the job runs in the web process
            draft = client.get(f"/api/v1/{code}/transmissions/{asked.json['id']}", headers=admin).json
            assert draft["status"] == "ready", draft["problems"]
            frozen = client.post(f"/api/v1/{code}/transmissions/{draft['id']}/freeze", json={}, headers=admin)
            assert frozen.status_code == 201, frozen.json
            assert (
                client.post(f"/api/v1/{code}/transmissions/{draft['id']}/freeze", json={}, headers=admin).status_code
                == 409
            )
            url = f"/api/v1/{code}/transmissions/versions/{frozen.json['id']}/download"
            assert json.loads(client.get(url, headers=admin).data) == draft["content"]
            annual = client.get(f"/api/v1/{code}/annual-performance-reports/2025", headers=admin)
            assert annual.status_code == 200 and annual.json["due_on"] == "2026-02-15"
            with application.app_context(), tenant_scope(tenant_id(application, code)):
                with pytest.raises(Exception, match="append-only"):
                    db.session.execute(text("UPDATE transmission_versions SET content_sha256 = 'x'"))
                db.session.rollback()
            frozen_sha[code] = frozen.json["content_sha256"]
        # The Commission's consolidated export on the embedded default: both tenants' frozen versions, twice the
        # same bytes.
        commission = _token(application, "commission@amif.demo")  # service.platform.demo
        files = []
        for _run in range(2):
            asked = client.post("/api/v1/commission/consolidated-exports", json={}, headers=commission)
            assert asked.status_code == 202, asked.json
            application.extensions["amif_jobs"].wait()
            built = client.get(f"/api/v1/commission/consolidated-exports/{asked.json['id']}", headers=commission)
            assert built.json["status"] == "ready" and built.json["tenants_done"] == 2
            files.append({f["format"]: client.get(f["url"], headers=commission).data for f in built.json["files"]})
        assert files[0] == files[1] and sorted(files[0]) == ["csv", "json", "xlsx"]
        parts = {part["tenant"]: part for part in json.loads(files[0]["json"])["tenants"]}
        assert {code: part["transmission"]["content_sha256"] for code, part in parts.items()} == frozen_sha
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()


# -- The demo's own transmissions (issue 14: "the demo data produces a full transmission for both tenants") -------


def _cut_offs(today: date) -> tuple[rules.CutOff, rules.CutOff]:
    """The latest cut-off passed, and the latest passed with indicator values (CPR Art. 42(1)–(2))."""
    passed = rules.cut_offs_between(today - timedelta(days=400), today - timedelta(days=1))
    return rules.latest_cut_off(today), [cut for cut in passed if cut.with_indicators][-1]


def _rate_of(currency: str, month: date) -> ExchangeRate | None:
    with platform_scope():
        return db.session.scalars(
            select(ExchangeRate)
            .where(ExchangeRate.currency == currency, ExchangeRate.month == month.replace(day=1))
            .order_by(ExchangeRate.version.desc())
        ).first()


def _euro(amount: Decimal, currency: str, month: date, used: set) -> Decimal:
    if currency == "EUR":
        return amount
    rate = _rate_of(currency, month)
    assert rate is not None, (currency, month)
    used.add((currency, f"{month:%Y-%m}", rate.rate))
    return convert(amount, rate.rate)


def _end_of(cut: rules.CutOff, zone: ZoneInfo) -> datetime:
    return datetime.combine(cut.as_at + timedelta(days=1), time(), tzinfo=zone)


def _selected(cut: rules.CutOff, zone: ZoneInfo) -> list[tuple[Project, Decision]]:
    """Counted here from the tables: the projects whose latest decision approved before the end of the cut-off day
    is a grant, with that decision."""
    latest: dict[int, Decision] = {}
    for decision in db.session.scalars(
        select(Decision)
        .where(Decision.status == "approved", Decision.approved_at < _end_of(cut, zone))
        .order_by(Decision.id)
    ):
        latest[decision.application_id] = decision
    grants = {app_id: d for app_id, d in latest.items() if d.kind == "grant"}
    projects = db.session.scalars(select(Project).where(Project.application_id.in_(list(grants)))).all()
    return [(project, grants[project.application_id]) for project in projects]


def _expected_financial(cut: rules.CutOff, zone: ZoneInfo) -> tuple[dict, set]:
    """Per (specific objective, type of intervention) of the selected projects: their count, eligible cost and EU
    amount, and the expenditure declared (ledger "claimed" and "parked" entries recorded by the cut-off day), each
    in euro at the rate of its month (the decision's approval month, the entry's day; CPR Art. 87). And the rates
    used."""
    expected: dict[tuple[str, str], list] = {}
    used: set = set()
    for project, decision in _selected(cut, zone):
        month = decision.approved_at.astimezone(zone).date()
        row = expected.setdefault((project.specific_objective, project.intervention_field), [0, ZERO, ZERO, ZERO])
        row[0] += 1
        row[1] += _euro(decision.eligible_cost, decision.currency, month, used)
        row[2] += _euro(decision.eu_amount, decision.currency, month, used)
        for entry in db.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.project_id == project.id,
                LedgerEntry.kind.in_(("claimed", "parked")),
                LedgerEntry.recorded_on <= cut.as_at,
            )
        ):
            row[3] += _euro(entry.amount, entry.currency, entry.recorded_on, used)
    return {
        key: (n, f"{cost:.2f}", f"{eu:.2f}", f"{declared:.2f}") for key, (n, cost, eu, declared) in expected.items()
    }, used


def _expected_achieved(cut: rules.CutOff, zone: ZoneInfo, project_ids: list[int]) -> dict[str, int]:
    """Per indicator: the sum over the selected projects of the value in each one's latest report submitted by the
    end of the cut-off day and not returned by then (CPR Art. 42(2)(b); values are cumulative)."""
    end = _end_of(cut, zone)
    returned = {
        (r.report_id, r.submission)
        for r in db.session.scalars(
            select(ReportReview).where(ReportReview.outcome == "returned", ReportReview.reviewed_at < end)
        )
    }
    latest: dict[int, tuple] = {}
    for submission, report in db.session.execute(
        select(ReportSubmission, ProgressReport)
        .join(ProgressReport, ProgressReport.id == ReportSubmission.report_id)
        .where(ProgressReport.project_id.in_(project_ids), ReportSubmission.submitted_at < end)
    ).tuples():
        if (submission.report_id, submission.sequence) in returned:
            continue
        key = (report.period_start, submission.sequence)
        if report.project_id not in latest or key > latest[report.project_id][0]:
            latest[report.project_id] = (key, submission)
    sums: dict[str, int] = {}
    for _key, submission in latest.values():
        for item in submission.content.get("indicators", []):
            if item.get("achieved") is not None:
                sums[item["code"]] = sums.get(item["code"], 0) + int(item["achieved"])
    return sums


def _build(application, client, code: str, admin: dict, version: str) -> dict:
    asked = client.post(f"/api/v1/{code}/transmissions", json={"version": version}, headers=admin)
    assert asked.status_code == 202, asked.json
    application.extensions["amif_jobs"].wait()  # the job runs in the web process
    built = client.get(f"/api/v1/{code}/transmissions/{asked.json['id']}", headers=admin).json
    assert built["status"] == "ready" and built["problems"] == [], built["problems"]
    return built["content"]


def _demo_counts() -> dict:
    counts = {}
    for tenant in db.session.scalars(select(Tenant)).all():
        with tenant_scope(tenant.id):
            for model in (Decision, LedgerEntry, ReportSubmission, ReportReview, Participant):
                counts[(tenant.code, model.__name__)] = len(db.session.scalars(select(model)).all())
            reports = db.session.scalars(select(ProgressReport).order_by(ProgressReport.id))
            counts[(tenant.code, "reports")] = [(r.reference, r.status, r.version, r.updated_at) for r in reports]
    with platform_scope():
        counts["rates"] = [(r.currency, r.month, r.version, r.rate) for r in db.session.scalars(select(ExchangeRate))]
    return counts


def _expected() -> dict:
    """What the tenant's two transmissions must hold, counted here from the tables (in its scope)."""
    zone = current_tenant().zone
    latest, with_indicators = _cut_offs(tenant_today())
    financial, rates_used = _expected_financial(latest, zone)
    selected = [project.id for project, _decision in _selected(with_indicators, zone)]
    accepted = db.session.scalar(
        select(func.count(ReportReview.id)).where(
            ReportReview.outcome == "accepted", ReportReview.reviewed_at < _end_of(with_indicators, zone)
        )
    )
    return {
        "latest": latest,
        "with_indicators": with_indicators,
        "currency": current_tenant().currency,
        "financial": financial,
        "rates": rates_used,
        "achieved": _expected_achieved(with_indicators, zone, selected),
        "accepted": accepted,
    }


def _check_financial(content: dict, expected: dict) -> None:
    got = {
        (row["specific_objective"], row["type_of_intervention"]): (
            row["operations"],
            row["eligible_cost"],
            row["fund_contribution"],
            row["declared_expenditure"],
        )
        for row in content["financial"]
    }
    assert got == expected["financial"]
    assert all(n > 0 and Decimal(cost) > 0 and Decimal(eu) > 0 for n, cost, eu, _ in got.values())
    assert any(Decimal(declared) > 0 for *_, declared in got.values())  # the paid claim's expenditure
    conversions = {(c["currency"], c["month"], Decimal(c["rate"])) for c in content["conversions"]}
    assert conversions == expected["rates"]  # every SEK figure carries the rate of its month; the euro needs none
    if expected["currency"] == "SEK":
        assert conversions
        for _currency, month, _rate in conversions:
            rate = _rate_of("SEK", date.fromisoformat(f"{month}-01"))
            assert rate.unverified and rate.source == DEMO_RATE_SOURCE.format(currency="SEK")
    else:
        assert conversions == set()


def _check_indicators(content: dict, expected: dict) -> None:
    assert content["indicators"] is not None and expected["accepted"] > 0
    rows = {row["code"]: row for row in content["indicators"]}
    assert {line: row["achieved"] for line, row in rows.items()} == {
        line: expected["achieved"].get(line, 0) for line in rows
    }
    assert any(row["planned"] > 0 and row["achieved"] > 0 for row in rows.values())


def test_the_demo_gives_both_tenants_a_full_transmission_for_the_latest_cut_off(tmp_path):
    """`make run`: the demo's projects were granted, claimed and reported on months before it was loaded, so the
    latest cut-off's transmission, asked for through the API, holds them with no problem, Sweden's figures at the
    demo's illustrative SEK rates, and the latest January or July one has their indicator values achieved."""
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        with application.app_context():
            before = _demo_counts()
            load_demo()  # `make run` again: nothing added, nothing changed
            assert _demo_counts() == before
        client = application.test_client()
        for code in ("se", "fi"):
            admin = _token(application, ADMINS[code])
            with application.app_context(), tenant_scope(tenant_id(application, code)):
                expected = _expected()
            latest = _build(application, client, code, admin, expected["latest"].version)
            indicators = _build(application, client, code, admin, expected["with_indicators"].version)
            with application.app_context():
                _check_financial(latest, expected)
                _check_indicators(indicators, expected)
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()


def test_the_demo_is_full_even_loaded_on_its_tightest_day(tmp_path):
    """Loaded on 30 June, the latest cut-off passed is 31 March (three months back, the longest gap between two
    cut-offs) and the latest with indicator values 31 December (six months back; CPR Art. 42(1)–(2)): the demo's
    history, counted back from the day it is loaded (service.tenancy.clock), still lies before both."""
    application = create_app(embedded_config(tmp_path))
    stockholm = ZoneInfo("Europe/Stockholm")  # tenants/se/tenant.toml; Helsinki's day is the same at noon
    today = datetime.now(stockholm).date()
    june_30 = date(today.year + (today >= date(today.year, 6, 30)), 6, 30)
    try:
        prepare(application, demo=False)
        with application.app_context(), played_at(datetime.combine(june_30, time(12), tzinfo=stockholm)):
            load_demo()
            for code in ("se", "fi"):
                with tenant_scope(tenant_id(application, code)):
                    expected = _expected()
                    assert (expected["latest"].as_at, expected["with_indicators"].as_at) == (
                        date(june_30.year, 3, 31),
                        date(june_30.year - 1, 12, 31),
                    )
                    latest, problems = content_of(expected["latest"])
                    assert problems == []
                    indicators, problems = content_of(expected["with_indicators"])
                    assert problems == []
                    _check_financial(latest, expected)
                    _check_indicators(indicators, expected)
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()
