"""Acceptance (issue 14): a slice of the Swedish evaluation's table 2 (seed 000, "Antal ansökningar, antal
beviljade, antal avslagna, beviljandeandel fördelade per specifikt mål") reproduced from data entered through the
API. Its row for specific objective 3 reads "11 10 1 91 %": eleven applications received, ten granted, one
rejected. The product's statistics, per objective by the applications' classification, give the same counts and
the grant rate as granted ÷ decided with one decimal, 10 ÷ 11 = 90.9 % (the table rounds it to 91 %); the call's
row (table 1) the same figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.decisions_support import (  # noqa: F401 - fixtures
    SE_GOOD,
    SE_ZERO,
    assessed,
    decision_url,
    decisions_url,
    person_of,
    ready_to_score,
)
from tests.test_statistics import _submitted_with

RECEIVED, GRANTED, REJECTED = 11, 10, 1  # seed 000 table 2, specific objective 3


def _decide(client, application: dict, preparer: dict, approver: dict, body: dict) -> None:
    prepared = client.post(decisions_url("se", application["id"]), json=body, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    approved = client.post(f"{decision_url('se', prepared.json['id'])}/approve", json={}, headers=approver["headers"])
    assert approved.status_code == 200, approved.json


def test_table_2_row_of_specific_objective_3_from_applications_entered_through_the_api(
    client, open_call, applicant, person_of, assessed
):
    call = open_call("se", objectives=[{"code": "SO3", "budget": "9 000 000,00"}, {"code": "SO2"}])
    preparer, approver = person_of("se", "case_officer"), person_of("se", "case_officer")
    for number in range(RECEIVED):
        application = _submitted_with(client, "se", call, applicant("se"), "SO3", "001")  # AMIF Annex VI: SO3 001
        granted = number < GRANTED
        assessed("se", application, preparer["headers"], SE_GOOD if granted else SE_ZERO)
        if granted:
            _decide(client, application, preparer, approver, {"kind": "grant"})
        else:
            body = {"kind": "rejection", "reasons": ["score"], "explanation": "Horisontella principer saknas."}
            _decide(client, application, preparer, approver, body)
    figures = client.get(
        f"/api/v1/se/statistics?call_id={call['id']}", headers=person_of("se", "committee")["headers"]
    ).json
    [row] = [row for row in figures["by_objective"] if row["objective"] == "SO3"]
    rate = (Decimal(GRANTED) * 100 / Decimal(GRANTED + REJECTED)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert (row["received"], row["granted"], row["rejected"], row["grant_rate"]) == (
        RECEIVED,
        GRANTED,
        REJECTED,
        f"{rate}",
    )
    assert rate.quantize(Decimal("1"), ROUND_HALF_UP) == 91  # as the table prints it
    [per_call] = figures["by_call"]
    assert (per_call["received"], per_call["granted"], per_call["rejected"]) == (RECEIVED, GRANTED, REJECTED)
