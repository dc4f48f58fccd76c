"""Call and portfolio statistics (seed 000 tables 1, 2 and 4): received, granted, rejected, grant rate
(granted ÷ decided), granted EU money and its share per organisation type and per beneficiary, average score of
the granted per specific objective; per specific objective and type of intervention by the classification; a
published call without applications at 0; in the API and on the page in the reader's locale; roles and
isolation."""

from __future__ import annotations

import uuid
from decimal import Decimal

from babel import numbers

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    some_number,
)
from tests.calls_support import call_body
from tests.conftest import sign_in, tenant_id
from tests.decisions_support import (  # noqa: F401 - fixtures
    FI_GOOD,
    assessed,
    decision_url,
    decisions_url,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)
from tests.test_applications_api import complete, save, start

FI_WEAKER = {"needs_assessment": 15, "objectives_and_activities": 15, "cooperation": 10, "cost_efficiency": 10}


def _decide(client, application, preparer, approver, body):
    prepared = client.post(decisions_url("fi", application["id"]), json=body, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    approved = client.post(f"{decision_url('fi', prepared.json['id'])}/approve", json={}, headers=approver["headers"])
    assert approved.status_code == 200, approved.json
    return approved.json


def test_figures_per_call_objective_and_organisation_type(
    app, client, open_call, ready_to_decide, submitted, person_of
):
    call = open_call("fi")
    granted, preparer, approver = ready_to_decide("fi", FI_GOOD, call=call)
    rejected, _, _ = ready_to_decide("fi", FI_WEAKER, call=call)
    waiting = submitted("fi", call)
    _decide(client, granted, preparer, approver, {"kind": "grant"})
    _decide(
        client,
        rejected,
        preparer,
        approver,
        {"kind": "rejection", "reasons": ["score"], "explanation": "Lägre poäng än de beviljade."},
    )
    # the granted applicant is a municipality (table 4 counts per type of organisation)
    from service.extensions import db
    from service.organisations.models import Organisation
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        db.session.get(Organisation, granted["organisation_id"]).organisation_type = "regional_or_local_authority"
        db.session.commit()

    committee = person_of("fi", "committee")
    stats = client.get(f"/api/v1/fi/statistics?call_id={call['id']}", headers=committee["headers"])
    assert stats.status_code == 200, stats.json
    figures = stats.json
    eu = granted["totals"]["eu_amount"]
    [per_call] = figures["by_call"]
    assert per_call["reference"] == call["reference"]
    assert (per_call["received"], per_call["granted"], per_call["rejected"], per_call["undecided"]) == (3, 1, 1, 1)
    assert per_call["grant_rate"] == "50.0"  # 1 granted of 2 decided
    assert per_call["granted_eu"] == eu and figures["total"]["granted_eu"] == eu
    # every application's common indicator is O.2.3 (SO2), but none is classified: the objective is never guessed
    # from the indicators; the granted one scored 25+25+15+15 = 80
    assert [o["objective"] for o in figures["by_objective"]] == ["unclassified"]
    assert figures["by_objective"][0]["average_score_granted"] == "80.00"
    types = {t["organisation_type"]: t for t in figures["by_organisation_type"]}
    assert types["regional_or_local_authority"]["granted"] == 1
    assert types["regional_or_local_authority"]["share_of_granted_eu"] == "100.0"
    assert types["ngo"]["granted"] == 0 and types["ngo"]["received"] == 2
    assert waiting["id"]  # counted as received, not decided

    # the page, in Swedish numbers for a Swedish-speaking member of the committee in Finland
    reader = person_of("fi", "committee", language="sv")
    sign_in(client, "fi", reader["email"])
    page = client.get(f"/fi/statistics?call_id={call['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert numbers.format_decimal(Decimal("50.0"), locale="sv_FI") + " %" in html  # 50 %
    assert numbers.format_currency(Decimal(eu), "EUR", locale="sv_FI") in html
    assert numbers.format_decimal(Decimal("80.00"), locale="sv_FI") in html


def test_statistics_are_for_the_authority_and_the_committee_of_the_tenant(app, client, person_of, applicant, open_call):
    call = open_call("fi")
    assert client.get("/api/v1/fi/statistics", headers=applicant("fi")["headers"]).status_code == 403
    assert client.get("/api/v1/fi/statistics", headers=person_of("fi", "assessor")["headers"]).status_code == 403
    swede = person_of("se", "case_officer")
    assert client.get(f"/api/v1/se/statistics?call_id={call['id']}", headers=swede["headers"]).status_code == 404
    assert call["reference"] not in {
        c["reference"] for c in client.get("/api/v1/se/statistics", headers=swede["headers"]).json["by_call"]
    }
    for bad in ("abc", "-1", "0", "99999999999999", "²"):
        refused = client.get(f"/api/v1/se/statistics?call_id={bad}", headers=swede["headers"])
        assert refused.status_code == 422 and "call_id" in refused.json["errors"]
    sign_in(client, "se", swede["email"])
    assert client.get(f"/se/statistics?call_id={call['id']}").status_code == 404


def _submitted_with(client, code: str, call: dict, person: dict, objective: str | None, intervention: str | None):
    """An application proposing ``objective`` and ``intervention`` (or nothing), completed and submitted."""
    application = start(client, code, person, call)
    if objective:
        proposed = save(
            client, code, person, application, proposed_objective=objective, proposed_intervention=intervention
        )
        assert proposed.status_code == 200, proposed.json
        application = client.get(f"/api/v1/{code}/applications/{application['id']}", headers=person["headers"]).json
    application = complete(client, code, person, application)
    url = f"/api/v1/{code}/applications/{application['id']}"
    sent = client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"])
    assert sent.status_code == 201, sent.json
    return client.get(url, headers=person["headers"]).json


def test_a_published_call_without_applications_is_listed_at_zero(client, open_call, person_of, admin_headers):
    # seed 000 table 1: "Utlysning till aktörer på migrations- och integrationsområdet specifikt mål 1-3, 75%
    # finansieringsgrad, mars 2022 – Konkurrensutsatt 0 0 0 Ej relevant": a call nobody applied to is a row
    empty = open_call("fi")
    draft = client.post(
        "/api/v1/fi/calls", json=call_body("fi", f"D-{uuid.uuid4().hex[:8]}"), headers=admin_headers("fi")
    )
    assert draft.status_code == 201, draft.json
    reader = person_of("fi", "committee")
    everything = client.get("/api/v1/fi/statistics", headers=reader["headers"]).json
    rows = {row["call_id"]: row for row in everything["by_call"]}
    assert empty["id"] in rows and draft.json["id"] not in rows  # a draft call is not a call yet
    row = rows[empty["id"]]
    assert (row["received"], row["granted"], row["rejected"], row["undecided"]) == (0, 0, 0, 0)
    assert row["grant_rate"] is None and row["granted_eu"] == "0.00" and row["status"] == "published"
    one = client.get(f"/api/v1/fi/statistics?call_id={empty['id']}", headers=reader["headers"]).json
    assert [(r["call_id"], r["received"]) for r in one["by_call"]] == [(empty["id"], 0)]
    assert one["total"]["received"] == 0 and one["by_beneficiary"] == [] and one["by_objective"] == []
    sign_in(client, "fi", reader["email"])
    page = client.get("/fi/statistics").get_data(as_text=True)
    assert empty["reference"] in page


def test_figures_per_beneficiary(app, client, open_call, ready_to_decide, person_of):
    # seed 000 table 4 gives one row per beneficiary (Migrationsverket: 11 projects, SEK 750 650 thousand, 51 %):
    # received, granted, rejected, granted EU money and its share of all granted EU money, per organisation
    call = open_call("fi")
    granted, preparer, approver = ready_to_decide("fi", FI_GOOD, call=call)
    rejected, _, _ = ready_to_decide("fi", FI_WEAKER, call=call)
    _decide(client, granted, preparer, approver, {"kind": "grant"})
    _decide(
        client, rejected, preparer, approver, {"kind": "rejection", "reasons": ["score"], "explanation": "Lägre poäng."}
    )
    reader = person_of("fi", "committee")
    figures = client.get(f"/api/v1/fi/statistics?call_id={call['id']}", headers=reader["headers"]).json
    rows = {row["organisation_id"]: row for row in figures["by_beneficiary"]}
    winner, loser = rows[granted["organisation_id"]], rows[rejected["organisation_id"]]
    eu = granted["totals"]["eu_amount"]
    assert (winner["received"], winner["granted"], winner["rejected"], winner["granted_eu"]) == (1, 1, 0, eu)
    assert winner["share_of_granted_eu"] == "100.0"  # the only grant of the call
    assert (loser["received"], loser["granted"], loser["rejected"], loser["granted_eu"]) == (1, 0, 1, "0.00")
    assert loser["share_of_granted_eu"] == "0.0"
    assert winner["name"] and winner["organisation_type"] == "ngo"
    assert [row["organisation_id"] for row in figures["by_beneficiary"]][0] == granted[
        "organisation_id"
    ]  # most EU first
    sign_in(client, "fi", reader["email"])
    page = client.get(f"/fi/statistics?call_id={call['id']}").get_data(as_text=True)
    assert 'id="by-beneficiary"' in page and winner["name"] in page


def test_objectives_and_types_of_intervention_come_from_the_classification(client, open_call, applicant, person_of):
    call = open_call("se")  # objectives SO2 and SO1 (tests/calls_support.py)
    proposed = _submitted_with(client, "se", call, applicant("se"), "SO2", "003")
    corrected = _submitted_with(client, "se", call, applicant("se"), "SO2", "003")
    nothing = _submitted_with(client, "se", call, applicant("se"), None, None)
    officer = person_of("se", "case_officer")
    url = f"/api/v1/se/assessment/applications/{corrected['id']}/classification"
    body = {"specific_objective": "SO1", "intervention_field": "004", "reason": "Projektet gäller barn i migration."}
    assert client.put(url, json=body, headers=officer["headers"]).status_code == 200
    figures = client.get(f"/api/v1/se/statistics?call_id={call['id']}", headers=officer["headers"]).json
    # every application plans O.2.3 (an SO2 indicator): a guess would put all three in SO2
    assert {row["objective"]: row["received"] for row in figures["by_objective"]} == {
        "SO1": 1,  # the officer's correction counts over the proposal
        "SO2": 1,  # proposed, not yet confirmed
        "unclassified": 1,
    }
    assert [row["objective"] for row in figures["by_objective"]] == ["SO1", "SO2", "unclassified"]
    assert [(r["objective"], r["intervention_field"], r["received"]) for r in figures["by_intervention"]] == [
        ("SO1", "004", 1),
        ("SO2", "003", 1),
        ("unclassified", "", 1),
    ]
    assert proposed["classification"]["status"] == "proposed" and nothing["classification"]["status"] == "unclassified"
    sign_in(client, "se", officer["email"])
    page = client.get(f"/se/statistics?call_id={call['id']}").get_data(as_text=True)
    assert 'id="by-intervention"' in page and "Children in migration" not in page  # shown in Swedish
    assert "Barn i migration" in page


def test_a_calls_row_names_it_and_says_whether_it_was_competitive(client, open_call, person_of, admin_headers):
    # seed 000 table 1 names each call and its type: "Utlysning till Polismyndigheten specifikt mål 3, mars 2022 –
    # Icke-konkurrensutsatt" (addressed to one organisation) beside "konkurrensutsatt" (open) calls
    addressed = open_call(
        "se",
        competitive=False,
        eligible_organisation_types=[],
        addressed_organisations=[{"number": some_number("se"), "name": "Polismyndigheten"}],
    )
    competitive = open_call("se")
    reader = person_of("se", "committee")
    for language in ("sv", "en"):
        figures = client.get("/api/v1/se/statistics", headers={**reader["headers"], "Accept-Language": language}).json
        rows = {row["call_id"]: row for row in figures["by_call"]}
        assert rows[addressed["id"]]["competitive"] is False and rows[competitive["id"]]["competitive"] is True
        assert rows[addressed["id"]]["title"] == addressed["texts"][language]["title"]
