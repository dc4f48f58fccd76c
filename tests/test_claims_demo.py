"""The demo's money (issue 12 "Demo data"): the granted demo projects have claims in every state, an advance, an
interim payment and a recovery; Sweden in SEK with euro equivalents. The figures come from tenants/<code>/demo.toml
[claims] (service/claims/demo.py), read through the API as MA staff; loading the demo twice creates nothing twice.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from service.app import create_app
from service.extensions import db
from service.money import parse_amount
from tests.assessment_support import person_of  # noqa: F401 - fixture
from tests.conftest import embedded_config, prepare

TENANTS = Path(__file__).resolve().parent.parent / "tenants"
ZONES = {"se": "Europe/Stockholm", "fi": "Europe/Helsinki"}  # tenants/<code>/tenant.toml
EVERY_STATE = {"draft", "submitted", "returned", "verified"}  # service.claims.models.claim.STATUSES


def demo_claims(code: str) -> dict:
    return tomllib.loads((TENANTS / code / "demo.toml").read_text(encoding="utf-8"))["claims"]


def demo_exchange(code: str) -> dict:
    return tomllib.loads((TENANTS / code / "demo.toml").read_text(encoding="utf-8"))["exchange"]


def played(code: str, days_ago: int) -> date:
    """The day in the tenant's calendar the demo plays a step ``days_ago`` days before today."""
    return datetime.now(ZoneInfo(ZONES[code])).date() - timedelta(days=days_ago)


def _days_ago(definition) -> list[int]:
    """Every ``days_ago`` and ``*_days_ago`` of demo.toml."""
    if isinstance(definition, dict):
        own = [int(v) for k, v in definition.items() if k.endswith("days_ago")]
        return own + [n for v in definition.values() for n in _days_ago(v)]
    if isinstance(definition, list):
        return [n for v in definition for n in _days_ago(v)]
    return []


def _get(client, url: str, headers: dict):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.json)
    return response.json


def demo_projects(client, code: str, headers: dict) -> dict[str, dict]:
    """The tenant's demo projects with claims, by title, each with its claims and its finance."""
    listed = {p["title"]: p for p in _get(client, f"/api/v1/{code}/projects", headers)}
    projects = {}
    for entry in demo_claims(code)["project"]:
        project = listed[entry["title"]]
        base = f"/api/v1/{code}/projects/{project['id']}"
        claims = [
            _get(client, f"/api/v1/{code}/claims/{c['id']}", headers) for c in _get(client, f"{base}/claims", headers)
        ]
        projects[entry["title"]] = {**project, "claims": claims, "finance": _get(client, f"{base}/finance", headers)}
    return projects


@pytest.mark.parametrize("code", ["se", "fi"])
def test_the_demo_projects_have_claims_in_every_state(client, person_of, code):
    staff = person_of(code, "ma_admin")["headers"]
    projects = demo_projects(client, code, staff)
    states = {claim["status"] for project in projects.values() for claim in project["claims"]}
    assert states == EVERY_STATE
    for entry in demo_claims(code)["project"]:
        project = projects[entry["title"]]
        assert project["status"] == "active"
        assert (project["project_start"], project["project_end"]) == (entry["project_start"], entry["project_end"])
        # each claim as far as demo.toml takes it ("paid": verified, then paid)
        wanted = [c["state"].replace("paid", "verified") for c in entry["claim"]]
        assert [claim["status"] for claim in project["claims"]] == wanted
        for claim, claim_entry in zip(project["claims"], entry["claim"], strict=True):
            if claim_entry["state"] == "returned":
                assert claim["supplement_message"] == claim_entry["message"] and claim["supplement_deadline"]
            if claim_entry["state"] == "draft":
                assert claim["submissions"] == []


@pytest.mark.parametrize("code", ["se", "fi"])
def test_the_demo_claim_is_verified_with_a_line_reduced_and_one_parked_and_paid_after_an_advance(
    client, person_of, code
):
    staff = person_of(code, "ma_admin")["headers"]
    entry = demo_claims(code)["project"][0]
    project = demo_projects(client, code, staff)[entry["title"]]
    first, second = project["claims"]
    lines = entry["claim"][0]["line"]
    reduced = next(line for line in lines if line.get("check", {}).get("outcome") == "reduced")
    parked = next(line for line in lines if line.get("check", {}).get("outcome") == "parked")

    report = _get(client, f"/api/v1/{code}/claims/{first['id']}/report", staff)
    deduction = parse_amount(reduced["amount"]) - parse_amount(reduced["check"]["verified"])
    assert {key: Decimal(value) for key, value in report["by_error"].items()} == {
        reduced["check"]["error_type"]: deduction
    }
    assert Decimal(report["parked"]) == parse_amount(parked["amount"])
    # the parked line comes back in claim 2, which awaits verification
    carried = [line for line in second["lines"] if line["carried_from_id"] is not None]
    assert [Decimal(line["amount"]) for line in carried] == [parse_amount(parked["amount"])]

    finance = project["finance"]
    advance, interim = finance["payments"]  # in the order they were prepared: the advance first
    # paid the days the demo plays them: the advance a week after the grant, the interim payment with the claim
    advance_day, interim_day = (
        played(code, demo_claims(code)["advance_days_ago"]),
        played(code, entry["claim"][0]["days_ago"]),
    )
    assert (advance["kind"], advance["status"], advance["claim_id"]) == ("advance", "paid", None)
    assert Decimal(advance["amount"]) == parse_amount(entry["advance"])
    assert (interim["kind"], interim["status"], interim["claim_id"]) == ("interim", "paid", first["id"])
    assert Decimal(interim["cleared"]) == parse_amount(entry["advance"]) and Decimal(interim["amount"]) > 0
    for payment, day in ((advance, advance_day), (interim, interim_day)):
        # segregation of duties: prepared, approved and confirmed by three people
        assert len({payment["prepared_by"], payment["approved_by"], payment["paid_by"]}) == 3
        assert payment["paid_on"] == day.isoformat()
    assert Decimal(finance["eu"]["advanced"]) == parse_amount(entry["advance"])
    assert Decimal(finance["eu"]["advance_outstanding"]) == 0  # cleared by the interim payment


@pytest.mark.parametrize("code", ["se", "fi"])
def test_the_demo_records_a_recovery_on_the_paid_claim(client, person_of, code):
    staff = person_of(code, "ma_admin")["headers"]
    entry = demo_claims(code)["project"][0]
    wanted = entry["claim"][0]["recovery"]
    project = demo_projects(client, code, staff)[entry["title"]]
    [recovery] = project["finance"]["recoveries"]
    assert recovery["claim_id"] == project["claims"][0]["id"]
    assert (recovery["irregularity"], recovery["reason"]) == (wanted["irregularity"], wanted["reason"])
    assert Decimal(recovery["expenditure"]) == parse_amount(wanted["expenditure"])
    assert Decimal(project["finance"]["recovered"]) == parse_amount(wanted["expenditure"])
    assert Decimal(recovery["eu_amount"]) > 0 and Decimal(project["finance"]["eu"]["owed"]) > 0


def test_the_swedish_demo_project_is_in_kronor_with_euro_equivalents_at_a_demo_rate(app, client, person_of):
    """Every entry is recorded the day the demo plays it (tenants/se/demo.toml: the advance, the
    first claim's entries, the second claim's submission); the demo loads SEK's illustrative rate for those months,
    unverified and named as not the Commission's (never shipped as reference data)."""
    from service.exchange.demo import DEMO_RATE_SOURCE
    from service.exchange.models import ExchangeRate
    from service.tenancy.scope import platform_scope

    staff = person_of("se", "ma_admin")["headers"]
    claims = demo_claims("se")
    entry = claims["project"][0]
    finance = demo_projects(client, "se", staff)[entry["title"]]["finance"]
    days = [claims["advance_days_ago"], *(claim["days_ago"] for claim in entry["claim"])]
    months = sorted({f"{played('se', n):%Y-%m}" for n in days})
    rate = Decimal(demo_exchange("se")["demo_rate"])
    assert finance["currency"] == "SEK"
    assert finance["in_euro"]["waiting_for_rate"] == 0
    assert [(r["month"], Decimal(r["rate"])) for r in finance["in_euro"]["rates"]] == [(m, rate) for m in months]
    assert Decimal(finance["in_euro"]["paid"]) > 0 and Decimal(finance["in_euro"]["declared"]) > 0
    source = DEMO_RATE_SOURCE.format(currency="SEK")
    with app.app_context(), platform_scope():
        for month in months:
            first_day = date.fromisoformat(f"{month}-01")
            [loaded] = db.session.scalars(
                db.select(ExchangeRate).where(ExchangeRate.currency == "SEK", ExchangeRate.month == first_day)
            ).all()
            assert (loaded.rate, loaded.unverified, loaded.source) == (rate, True, source)
    assert "InforEuro" in source and "illustrative" in source
    shipped = (Path(__file__).resolve().parent.parent / "service" / "exchange" / "data").glob("*.toml")
    assert not any(source in path.read_text(encoding="utf-8") for path in shipped)


def _counts(application) -> dict:
    from service.applications.models import Application
    from service.claims.models import Claim, ClaimLine, LedgerEntry, Payment, Recovery
    from service.exchange.models import ExchangeRate
    from service.projects.models import Project
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope

    counts = {}
    with application.app_context():
        for tenant in db.session.scalars(db.select(Tenant)).all():
            with tenant_scope(tenant.id):
                for model in (Application, Project, Claim, ClaimLine, LedgerEntry, Payment, Recovery):
                    counts[(tenant.code, model.__name__)] = len(db.session.scalars(db.select(model)).all())
        with platform_scope():
            counts["rates"] = len(db.session.scalars(db.select(ExchangeRate)).all())
    return counts


def test_loading_the_demo_twice_on_the_embedded_default_creates_nothing_twice(tmp_path):
    """`make run` twice (SQLite): the second load finds every demo project by its title and leaves it."""
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        first = _counts(application)
        for code in ("se", "fi"):
            claims = sum(len(p["claim"]) for p in demo_claims(code)["project"])
            assert first[(code, "Claim")] == claims
            assert first[(code, "Payment")] == 2 and first[(code, "Recovery")] == 1  # an advance, an interim
        # SEK for every month from the first the demo plays (its earliest days_ago) to this one; the euro needs none
        earliest = played("se", max(_days_ago(tomllib.loads((TENANTS / "se" / "demo.toml").read_text("utf-8")))))
        today = datetime.now(ZoneInfo(ZONES["se"])).date()
        assert first["rates"] == (today.year - earliest.year) * 12 + today.month - earliest.month + 1
        prepare(application, demo=True)
        assert _counts(application) == first
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("code", ["se", "fi"])
def test_a_demo_claim_has_a_unit_cost_of_its_budget(client, person_of, code):
    """A demo project budgets a unit cost (CPR Art. 53(1)(b)); its claim takes units at the budget's amount."""
    staff = person_of(code, "ma_admin")["headers"]
    projects = demo_projects(client, code, staff)
    found = 0
    for entry in demo_claims(code)["project"]:
        budget = {line["description"]: line for line in entry["budget"] if line["category"] == "unit_costs"}
        for claim, claim_entry in zip(projects[entry["title"]]["claims"], entry["claim"], strict=True):
            wanted = [line for line in claim_entry["line"] if line.get("unit")]
            got = [line for line in claim["lines"] if line["category"] == "unit_costs"]
            assert len(got) == len(wanted)
            for line, item in zip(got, wanted, strict=True):
                unit_amount = parse_amount(budget[item["unit"]]["unit_amount"])
                assert Decimal(line["unit_amount"]) == unit_amount
                assert Decimal(line["amount"]) == unit_amount * parse_amount(item["units"])
                assert line["evidence"][0]["kind"] == "output"
                found += 1
    assert found == 1
