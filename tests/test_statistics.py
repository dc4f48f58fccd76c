"""Call and portfolio statistics (seed 000 tables 1, 2 and 4): received, granted, rejected, grant rate
(granted ÷ decided), granted EU money and its share per organisation type, average score of the granted per
specific objective; in the API and on the page in the reader's locale; roles and isolation."""

from __future__ import annotations

from decimal import Decimal

from babel import numbers

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
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
    # every application's common indicator is O.2.3: all in SO2; the granted one scored 25+25+15+15 = 80
    assert [o["objective"] for o in figures["by_objective"]] == ["SO2"]
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
