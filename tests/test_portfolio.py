"""The portfolio (issue 14; seed 000 tables 3 and 5–11): per specific objective and type of intervention the
budget, decided, declared and paid money in the tenant's currency and in euro (CPR Art. 87), the shares of the
budget; per indicator the milestone, target, planned and achieved values and their percentages.

On a database of its own (the tenants without the demo), so that every figure is these tests' own: the
acceptance replay reproduces a slice of the evaluation's tables 3, 5 and 9 from data entered through the API,
the expected figures computed from the rules (committed share = decided ÷ budget, declared ÷ budget; planned ÷
target, achieved ÷ target, achieved ÷ milestone; one decimal, half up). Exchange rates are test inputs (made up).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import text, update

from service.app import create_app
from service.extensions import db
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.assessment_support import assessed, person_of, ready_to_score  # noqa: F401 - fixtures
from tests.claims_support import add_line, claimable, open_claim, pay, submit, verify_all  # noqa: F401
from tests.conftest import RUN, app_config, fresh_database, prepare, sign_in, tenant_id, translated
from tests.reports_support import create_reports, register_people, report_url

STOCKHOLM = ZoneInfo("Europe/Stockholm")
RATE = Decimal("10")  # SEK per EUR: a test input
INDICATORS = ["O.2.3", "O.1.2", "R.1.5", "R.2.8"]
# A call large enough for the evaluation's amounts (table 3: SO1 decided 71 039 kEUR, SO2 71 113 kEUR).
BIG_CALL = {
    "indicator_codes": INDICATORS,
    "budget": "3 000 000 000,00",
    "max_grant": "1 000 000 000,00",
    "indirect_rate": "0",  # no flat rate for indirect costs: the eligible cost is the budget as entered
    "objectives": [{"code": "SO1", "budget": "1 500 000 000,00"}, {"code": "SO2", "budget": "1 500 000 000,00"}],
}
TRAVEL = Decimal("112345.67")  # every application's travel line (tests/test_applications_api.complete)
NARRATIVE = {
    "activities": "Utbildningar i asylprocessen.",
    "progress": "Enligt plan.",
    "horizontal_principles": "Lika många kvinnor som män.",
    "problems": "Inga.",
}


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    """A database of this module's own: the tenants without the demo, so the figures hold only these tests'."""
    with fresh_database(f"amif_test_{RUN}_portfolio") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("portfolio")))
        prepare(application, demo=False)
        yield application
        with application.app_context():
            db.engine.dispose()


def share(part, whole) -> str | None:
    """The rule: part ÷ whole in percent, one decimal, half up; none when the whole is 0."""
    if not whole:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def euro(amount, rate=RATE) -> Decimal:
    return (Decimal(amount) / rate).quantize(Decimal("0.01"), ROUND_HALF_UP)


def today() -> date:
    return datetime.now(STOCKHOLM).date()


def load_rate(app, currency: str, month: date, rate: Decimal) -> None:
    from service.exchange.operations import current_rate, import_rates_file

    with app.test_request_context():
        if current_rate(currency, month) is None:
            content = f'[{{"isoA3Code": "{currency}", "value": {rate}}}]'.encode()
            import_rates_file(content, source="test", month=month.replace(day=1))
            db.session.commit()


def portfolio(client, headers, code="se", **args) -> dict:
    response = client.get(f"/api/v1/{code}/portfolio", query_string=args, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def by(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


def equipment(amount: str) -> list[dict]:
    return [{"year": 2027, "category": "equipment", "description": "Utrustning", "amount": amount}]


def planned(code: str, value: int) -> dict:
    return {"indicator_code": code, "planned_value": value}


def project_row(body: dict, project_id: int) -> dict:
    [row] = [r for r in body["by_intervention"] if project_id in r["project_ids"]]
    return row


# -- The acceptance replay ----------------------------------------------------------------------------------------


def test_the_evaluations_tables_3_5_and_9_are_reproduced_from_data_entered_through_the_api(
    app, client, claimable, admin_headers, person_of
):
    for month in {today().replace(day=1), (today() + timedelta(days=1)).replace(day=1)}:
        load_rate(app, "SEK", month, RATE)
    admin = admin_headers("se")
    programme = client.get("/api/v1/se/programme", headers=admin).json
    # Tables 5 and 9: R.1.5 has the target 900; O.1.2 the target 1 500 and (chosen) the milestone 430.
    changed = client.patch(
        "/api/v1/se/programme",
        json={
            "version": programme["version"],
            "reason": "Mål enligt utvärderingen",
            "indicators": [
                {"code": "O.1.2", "milestone_2024": 430, "target_2029": 1500},
                {"code": "R.1.5", "milestone_2024": 0, "target_2029": 900},
            ],
        },
        headers=admin,
    )
    assert changed.status_code == 200, changed.json
    budget = {a["objective"]: Decimal(a["total"]) for a in changed.json["allocations"]}

    # Table 3: SO1 decided 71 039 kEUR in two projects, SO2 71 113 kEUR in one; at 10 SEK per EUR.
    so1_a = claimable(
        "se",
        equipment("400 000 000,00"),
        call=BIG_CALL,
        classification=("SO1", "001"),
        indicators=[planned("O.1.2", 2000), planned("R.1.5", 2650)],
    )
    so1_b = claimable(
        "se",
        equipment(f"{Decimal('310277654.33') - TRAVEL}".replace(".", ",")),
        call=BIG_CALL,
        classification=("SO1", "002"),
        indicators=[planned("O.1.2", 1135)],
    )
    so2 = claimable(
        "se",
        equipment(f"{Decimal('711130000.00') - TRAVEL}".replace(".", ",")),
        call=BIG_CALL,
        classification=("SO2", "003"),
        indicators=[planned("R.2.8", 1446)],
    )
    decided = {
        key: Decimal(setup["project"]["financing"]["eligible_cost"])
        for key, setup in (("a", so1_a), ("b", so1_b), ("so2", so2))
    }
    assert decided["a"] + decided["b"] == Decimal("710390000.00") and decided["so2"] == Decimal("711130000.00")

    # Declared: SO1 4 808 kEUR and SO2 23 178 kEUR (table 3), in one claim each.
    so1_claim = _claim(client, so1_a, "48 080 000,00")
    so2_claim = _claim(client, so2, "231 780 000,00")
    declared_so1, declared_so2 = Decimal(so1_claim["figures"]["claimed"]), Decimal(so2_claim["figures"]["claimed"])
    verified = verify_all(client, "se", so1_a, so1_claim)
    paid = Decimal(pay(client, "se", so1_a, verified)["amount"])

    # Table 9: 30 participants in training by the first progress report.
    register_people(
        app,
        "se",
        so1_a,
        [
            {
                "first_name": "Deltagare",
                "last_name": "Test",
                "born": date(1990, 1, 1) + timedelta(days=n),  # 30 people: each once (service.participants)
                "sex": "woman",
                "indicators": ["O.1.2"],
            }
            for n in range(30)
        ],
    )
    report = create_reports(client, "se", so1_a)[0]
    saved = client.put(report_url("se", report), json=NARRATIVE, headers=so1_a["beneficiary"]["headers"])
    assert saved.status_code == 200, saved.json
    sent = client.post(f"{report_url('se', report)}/submit", json={}, headers=so1_a["beneficiary"]["headers"])
    assert sent.status_code == 201, sent.json

    committee = person_of("se", "committee")
    body = portfolio(client, committee["headers"], as_of=today().isoformat())
    assert body["as_of"] == today().isoformat() and body["currency"] == "SEK" and body["complete"]
    objectives = by(body["by_objective"], "objective")
    so1, so2_row = objectives["SO1"], objectives["SO2"]
    assert (so1["operations"], so2_row["operations"]) == (2, 1)
    assert Decimal(so1["budget"]) == budget["SO1"] == Decimal("126822000.00")
    assert so1["eligible_cost"]["amount"] == f"{decided['a'] + decided['b']:.2f}"
    assert so1["eligible_cost"]["euro"] == f"{euro(decided['a']) + euro(decided['b']):.2f}" == "71039000.00"
    assert so2_row["eligible_cost"]["euro"] == f"{euro(decided['so2']):.2f}" == "71113000.00"
    assert so1["eligible_cost"]["rates"][0]["rate"] == "10"
    # Table 3's shares: committed = decided ÷ budget; declared ÷ budget (the evaluation rounds them to 56 %, 60 %,
    # 4 % and 19 %; here one decimal).
    assert so1["committed_share"] == share(euro(decided["a"]) + euro(decided["b"]), budget["SO1"]) == "56.0"
    assert so2_row["committed_share"] == share(euro(decided["so2"]), budget["SO2"]) == "59.5"
    assert so1["declared"]["euro"] == f"{euro(declared_so1):.2f}"
    assert so1["declared_share"] == share(euro(declared_so1), budget["SO1"])
    assert so2_row["declared_share"] == share(euro(declared_so2), budget["SO2"])
    assert so1["paid"]["amount"] == f"{paid:.2f}" and so1["paid_share"] == share(euro(paid), budget["SO1"])
    assert so2_row["paid"]["amount"] == "0.00"
    # Per type of intervention: SO1 001 and 002 each on a row of its own.
    rows = {(r["objective"], r["intervention_field"]): r for r in body["by_intervention"]}
    assert rows[("SO1", "001")]["project_ids"] == [so1_a["project"]["id"]]
    assert rows[("SO1", "002")]["eligible_cost"]["amount"] == f"{decided['b']:.2f}"
    assert rows[("SO2", "003")]["declared"]["amount"] == f"{declared_so2:.2f}"
    total = body["total"]
    assert total["budget"] == f"{sum(budget.values()):.2f}"
    assert total["operations"] == sum(row["operations"] for row in body["by_objective"])

    # Tables 5 and 9: planned ÷ target, achieved ÷ target, achieved ÷ milestone (outputs).
    indicators = by(body["indicators"], "code")
    training = indicators["O.1.2"]
    assert (training["planned"], training["achieved"], training["participant"]) == (3135, 30, True)
    assert training["planned_share"] == share(3135, 1500) == "209.0"  # table 9: 209 %
    assert training["milestone_share"] == share(30, 430) == "7.0"  # table 9: 7 %
    assert training["achieved_share"] == share(30, 1500) == "2.0"  # table 9: 2 %
    useful = indicators["R.1.5"]
    assert (useful["planned"], useful["achieved"], useful["kind"]) == (2650, 0, "result")
    assert useful["planned_share"] == share(2650, 900) == "294.4"  # table 5: 294 %
    assert useful["achieved_share"] == "0.0" and useful["milestone_share"] is None
    language = indicators["R.2.8"]
    assert language["planned_share"] == share(1446, 6760) == "21.4"  # table 6: 21 %
    assert indicators["R.4.4"]["planned_share"] == "0.0"

    # The day before, nothing was decided yet.
    before = portfolio(client, committee["headers"], as_of=(today() - timedelta(days=1)).isoformat())
    assert before["total"]["operations"] == 0 and before["by_intervention"] == []
    assert by(before["indicators"], "code")["O.1.2"]["planned"] == 0


def _claim(client, setup: dict, amount: str) -> dict:
    claim = open_claim(client, "se", setup)
    line = {"category": "equipment", "description": "Datorer", "expense_date": claim["period_start"], "amount": amount}
    claim = add_line(client, "se", setup, claim, line)
    sent = submit(client, "se", setup, claim)
    assert sent.status_code == 201, sent.json
    return sent.json


# -- Rates, isolation, bad input -----------------------------------------------------------------------------------


def _approved_on(app, code: str, project: dict, instant: datetime) -> None:
    """Test setup: the project's grant decision was approved at ``instant`` (the grant itself is unchanged)."""
    from service.decisions.models import Decision
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        decision_id = project["versions"][0]["decision_id"]
        db.session.execute(update(Decision).where(Decision.id == decision_id).values(approved_at=instant))
        db.session.commit()


def test_a_month_without_a_rate_is_reported_and_never_converted_at_one(app, client, claimable, person_of):
    setup = claimable("se")  # not classified: a row of its own
    # 10 March 2024, no SEK rate loaded for March 2024 (this database has only the rates the tests load).
    _approved_on(app, "se", setup["project"], datetime(2024, 3, 10, 9, 0, tzinfo=UTC))
    staff = person_of("se", "case_officer")
    body = portfolio(client, staff["headers"], as_of="2024-03-31")
    [row] = body["by_intervention"]
    assert row["objective"] == "unclassified" and row["project_ids"] == [setup["project"]["id"]]
    cost = row["eligible_cost"]
    assert cost["amount"] == setup["project"]["financing"]["eligible_cost"] and cost["euro"] == "0.00"
    assert cost["complete"] is False and [(m["currency"], m["month"]) for m in cost["missing_rates"]] == [
        ("SEK", "2024-03")
    ]
    assert body["complete"] is False and body["total"]["eligible_cost"]["euro"] == "0.00"
    assert [(m["currency"], m["month"]) for m in body["missing_rates"]] == [("SEK", "2024-03")]
    # The day before its approval it was not selected yet.
    assert portfolio(client, staff["headers"], as_of="2024-03-09")["by_intervention"] == []
    # Once the month's rate is loaded it converts at it.
    load_rate(app, "SEK", date(2024, 3, 1), Decimal("11.5"))
    again = portfolio(client, staff["headers"], as_of="2024-03-31")["by_intervention"][0]["eligible_cost"]
    assert again["euro"] == f"{euro(cost['amount'], Decimal('11.5')):.2f}" and again["complete"]
    assert again["rates"] == [{"month": "2024-03", "rate": "11.5", "rate_version": 1}]


def _sql_figures(app, code: str) -> tuple[int, Decimal, Decimal]:
    """Per tenant, by SQL of its own: active projects, the eligible cost of their versions in force, and the
    expenditure claimed in their ledger (the portfolio's rules, written again as SQL)."""
    from service.tenancy.scope import tenant_scope

    tenant = tenant_id(app, code)
    with app.app_context(), tenant_scope(tenant):
        projects = db.session.execute(
            text("SELECT count(*) FROM projects WHERE tenant_id = :t AND status = 'active'"), {"t": tenant}
        ).scalar()
        cost = db.session.execute(
            text(
                "SELECT coalesce(sum(v.eligible_cost), 0) FROM project_versions v JOIN projects p "
                "ON p.id = v.project_id AND p.tenant_id = v.tenant_id WHERE p.tenant_id = :t AND p.status = 'active' "
                "AND v.sequence = (SELECT max(sequence) FROM project_versions w WHERE w.project_id = p.id)"
            ),
            {"t": tenant},
        ).scalar()
        claimed = db.session.execute(
            text(
                "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE tenant_id = :t "
                "AND kind IN ('claimed', 'parked')"
            ),
            {"t": tenant},
        ).scalar()
    return projects, Decimal(cost), Decimal(claimed)


def test_a_tenants_portfolio_holds_only_its_own_projects(app, client, claimable, person_of, make_user):
    finnish = claimable("fi", classification=("SO2", "003"))
    claim = open_claim(client, "fi", finnish)
    line = {"category": "travel", "description": "Juna", "expense_date": claim["period_start"], "amount": "1 000,00"}
    assert submit(client, "fi", finnish, add_line(client, "fi", finnish, claim, line)).status_code == 201
    swedish = claimable("se")
    for code, setup, other in (("fi", finnish, swedish), ("se", swedish, finnish)):
        staff = person_of(code, "ma_admin")
        body = portfolio(client, staff["headers"], code)
        projects, cost, claimed = _sql_figures(app, code)
        assert body["total"]["operations"] == projects
        assert Decimal(body["total"]["eligible_cost"]["amount"]) == cost
        assert Decimal(body["total"]["declared"]["amount"]) == claimed
        ids = {i for row in body["by_intervention"] for i in row["project_ids"]}
        assert setup["project"]["id"] in ids and other["project"]["id"] not in ids
    # The drill-down lists the tenant's own projects only, whatever the query asks for.
    _, email = make_user("fi", "committee")
    sign_in(client, "fi", email)
    drilled = client.get("/fi/portfolio/projects?objective=SO2&tenant_id=1&tenant=se")
    assert drilled.status_code == 200 and finnish["project"]["reference"] in drilled.text
    unclassified = client.get("/fi/portfolio/projects?objective=unclassified").text
    assert swedish["project"]["reference"] not in drilled.text + unclassified
    # A Finnish session is nothing in the Swedish tenant (as the statistics).
    assert client.get("/se/portfolio/projects?objective=unclassified").status_code == 404
    assert client.get("/se/portfolio").status_code == 404
    fi_body = portfolio(client, person_of("fi", "committee")["headers"], "fi")
    # Finland's figures are in euro already: no rate, the same amount.
    row = project_row(fi_body, finnish["project"]["id"])
    assert row["eligible_cost"]["euro"] == row["eligible_cost"]["amount"]
    # 1 000,00 of travel and 7 % of it for indirect costs (the call's flat rate, CPR Art. 54(a)).
    assert row["declared"]["euro"] == row["declared"]["amount"] == f"{Decimal('1000.00') * 107 / 100:.2f}"
    assert row["declared"]["rates"] and all(
        r["rate"] == "1" and r["rate_version"] is None for r in row["declared"]["rates"]
    )


@pytest.mark.parametrize("as_of", ["2023-13-01", "31.12.2023", "2023-1-1", "yesterday", "2023-12-31T00:00"])
def test_a_day_that_is_not_one_is_refused_in_the_readers_language(client, person_of, as_of):
    staff = person_of("se", "committee")
    refused = client.get(
        "/api/v1/se/portfolio", query_string={"as_of": as_of}, headers={**staff["headers"], "Accept-Language": "sv"}
    )
    assert refused.status_code == 422
    assert refused.json["errors"]["as_of"] == [translated("Give the day as YYYY-MM-DD, for example 2023-12-31.", "sv")]


def test_the_future_readers_and_other_tenants(client, person_of, make_user):
    finnish = person_of("fi", "ma_admin")
    future = (today() + timedelta(days=2)).isoformat()
    refused = client.get(
        f"/api/v1/fi/portfolio?as_of={future}", headers={**finnish["headers"], "Accept-Language": "fi"}
    )
    assert refused.status_code == 422
    assert refused.json["errors"]["as_of"] == [translated("The day cannot be in the future.", "fi")]
    assert client.get("/api/v1/se/portfolio", headers=person_of("se", "applicant")["headers"]).status_code == 403
    assert client.get("/api/v1/se/portfolio", headers=person_of("fi", "ma_admin")["headers"]).status_code == 404
    assert client.get("/api/v1/se/portfolio").status_code == 401

    _, email = make_user("se", "applicant")
    sign_in(client, "se", email)
    assert client.get("/se/portfolio").status_code == 403
    assert client.get("/se/portfolio/projects?objective=SO1").status_code == 403
    assert "/se/portfolio" not in client.get("/se/").text


# -- The pages -----------------------------------------------------------------------------------------------------


def test_the_committee_reads_the_portfolio_in_swedish_drills_down_and_downloads_it(
    app, client, claimable, make_user, person_of
):
    setup = claimable(
        "se",
        classification=("SO3", "001"),
        call={"objectives": [{"code": "SO2", "budget": "7 800 000,00"}, {"code": "SO1"}, {"code": "SO3"}]},
    )
    _, email = make_user("se", "committee", language="sv")
    sign_in(client, "se", email, **{"Accept-Language": "sv"})
    page = client.get("/se/portfolio", headers={"Accept-Language": "sv"})
    assert page.status_code == 200
    html = page.text
    assert translated("Portfolio", "sv") in html and 'href="/se/portfolio"' in html
    assert html.count('role="img"') == 2 and "<svg" in html  # the budget and the indicator charts
    for table in ("by-objective", "by-intervention", "indicators"):
        assert f'id="{table}"' in html
    day = today().isoformat()
    link = f"/se/portfolio/projects?objective=SO3&amp;intervention_field=001&amp;as_of={day}"
    assert link in html
    drilled = client.get(link.replace("&amp;", "&"), headers={"Accept-Language": "sv"})
    assert drilled.status_code == 200 and setup["project"]["reference"] in drilled.text
    assert f"/se/projects/{setup['project']['id']}" in drilled.text

    refused = client.get("/se/portfolio?as_of=2023-02-30", headers={"Accept-Language": "sv"})
    assert refused.status_code == 422
    assert translated("Give the day as YYYY-MM-DD, for example 2023-12-31.", "sv") in refused.text
    assert client.get("/se/portfolio?format=csv").status_code == 422

    download = client.get(f"/se/portfolio?as_of={day}&format=xlsx", headers={"Accept-Language": "sv"})
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(download.data))
    assert workbook.sheetnames[:3] == [
        translated("Objectives", "sv"),
        translated("Types of intervention", "sv"),
        translated("Indicators", "sv"),
    ]
    # Tables 1, 2 and 4 (service.statistics) are in the same file: the calls' sheet ends with the total.
    calls = list(workbook[translated("Calls", "sv")].iter_rows(min_row=3, values_only=True))
    stats = client.get("/api/v1/se/statistics", headers=person_of("se", "committee")["headers"]).json
    assert calls[-1][:2] == (translated("Total", "sv"), stats["total"]["received"])
    assert len(workbook.sheetnames) == 8
    api = portfolio(client, person_of("se", "committee")["headers"], as_of=day)
    objectives = list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert len(objectives) == len(api["by_objective"]) + 1  # and the total
    so3 = next(r for r in objectives if str(r[0]).startswith("SO3"))
    assert Decimal(str(so3[1])) == Decimal(by(api["by_objective"], "objective")["SO3"]["budget"])
    assert so3[2] == by(api["by_objective"], "objective")["SO3"]["operations"]


def test_the_openapi_document_describes_the_portfolio(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/{tenant}/portfolio"]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["as_of"]
    assert "422" in operation["responses"] and "Portfolio" in spec["components"]["schemas"]


def test_a_returned_report_no_longer_counts_and_an_accepted_one_does(app, client, claimable, person_of):
    setup = claimable("fi", classification=("SO1", "002"), call={"indicator_codes": INDICATORS})
    people = [
        {"first_name": "Osallistuja", "last_name": "Testi", "born": date(1985, 5, n), "sex": "man"} for n in (1, 2)
    ]
    register_people(app, "fi", setup, people)  # registered in O.2.3.1, counted for its parent O.2.3 too
    committee = person_of("fi", "committee")["headers"]
    before = by(portfolio(client, committee, "fi")["indicators"], "code")["O.2.3"]["achieved"]
    report = create_reports(client, "fi", setup)[0]
    url = report_url("fi", report)
    assert client.put(url, json=NARRATIVE, headers=setup["beneficiary"]["headers"]).status_code == 200
    assert client.post(f"{url}/submit", json={}, headers=setup["beneficiary"]["headers"]).status_code == 201
    submitted = by(portfolio(client, committee, "fi")["indicators"], "code")["O.2.3"]
    assert submitted["achieved"] == before + 2 and submitted["participant"]
    returned = client.post(f"{url}/return", json={"comment": "Kuvaa toiminta."}, headers=setup["officer"]["headers"])
    assert returned.status_code == 200, returned.json
    assert by(portfolio(client, committee, "fi")["indicators"], "code")["O.2.3"]["achieved"] == before
    assert client.post(f"{url}/submit", json={}, headers=setup["beneficiary"]["headers"]).status_code == 201
    assert client.post(f"{url}/accept", json={}, headers=setup["officer"]["headers"]).status_code == 200
    assert by(portfolio(client, committee, "fi")["indicators"], "code")["O.2.3"]["achieved"] == before + 2


def test_an_amended_target_is_planned_and_the_figures_serve_a_job_as_well(app, client, claimable, person_of):
    """The plan in force counts (CPR Art. 42(2)(b): values planned in selected operations); and the computation
    runs outside a request, in a tenant's scope, as the Commission's data transmission will run it."""
    setup = claimable("fi", classification=("SO2", "004"))
    committee = person_of("fi", "committee")["headers"]
    before = by(portfolio(client, committee, "fi")["indicators"], "code")["O.2.3"]["planned"]
    amended = client.post(
        f"/api/v1/fi/projects/{setup['project']['id']}/amendments",
        json={"based_on": 1, "reason": "Lisää osallistujia.", "indicators": {"O.2.3": 150}},
        headers=setup["officer"]["headers"],
    )
    assert amended.status_code == 201, amended.json
    body = portfolio(client, committee, "fi")
    assert by(body["indicators"], "code")["O.2.3"]["planned"] == before - 120 + 150  # the baseline planned 120

    from service.portfolio import figures
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        rows = figures.financial(date.fromisoformat(body["as_of"]))
        planned = {row.code: row.planned for row in figures.indicators(date.fromisoformat(body["as_of"]))}
    assert [(r.objective, r.intervention_field, r.operations) for r in rows] == [
        (r["objective"], r["intervention_field"], r["operations"]) for r in body["by_intervention"]
    ]
    assert sum((r.eligible_cost.euro.amount for r in rows), Decimal(0)) == Decimal(
        body["total"]["eligible_cost"]["euro"]
    )
    assert planned == {row["code"]: row["planned"] for row in body["indicators"]}
