"""Assessment through the API: the formal check, assessors and conflicts of interest, scoring on the call's
scales, consolidation under the call's rules (Swedish default: any 0 rejects, a total under 65 rejects),
the ranking against the call budget, and isolation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.assessment_support import (  # noqa: F401 - fixtures
    CRITERIA,
    all_met,
    assessed,
    assessment_url,
    assignment_url,
    person_of,
    ready_to_score,
    scores,
    submitted,
)

GOOD = {"relevance": 20, "feasibility": 15, "cost_efficiency": 10, "horizontal_principles": 5, "dissemination": 10}
MIDDLE = {"relevance": 25, "feasibility": 20, "cost_efficiency": 10, "horizontal_principles": 5, "dissemination": 10}
BETTER = {"relevance": 25, "feasibility": 20, "cost_efficiency": 15, "horizontal_principles": 10, "dissemination": 10}


def test_the_formal_check_needs_every_point_and_a_reason_for_each_one_not_met(client, submitted, person_of):
    application = submitted("se")
    officer = person_of("se", "case_officer")["headers"]
    url = assessment_url("se", application["id"])
    before = client.get(url, headers=officer).json
    assert before["stage"] == "submitted" and before["checks"] == []
    # a complete application of an eligible type, within the period and the grant limits (issue 3's check)
    assert before["suggested_points"] == {
        "applicant_type": True,
        "call_scope": None,
        "completeness": True,
        "cofinancing": True,
        "period": True,
    }
    for body, field in (
        ({"points": all_met(period="Projektet slutar för sent."), "outcome": "eligible"}, "outcome"),
        ({"points": all_met(period=""), "outcome": "ineligible"}, "period"),
        ({"points": {"period": {"met": True}}, "outcome": "eligible"}, "applicant_type"),
        ({"points": all_met(), "outcome": "ineligible"}, "outcome"),
        ({"points": {**all_met(), "colour": {"met": True}}, "outcome": "eligible"}, "points"),
        ({"points": all_met(), "outcome": "maybe"}, "outcome"),
        ({"points": all_met(), "outcome": "supplement_requested"}, "outcome"),
    ):
        refused = client.post(f"{url}/eligibility", json=body, headers=officer)
        assert refused.status_code == 422, (body, refused.json)
        assert field in refused.json["errors"], refused.json
    assert client.get(url, headers=officer).json["checks"] == []

    done = client.post(f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer)
    assert done.status_code == 201
    assert done.json["stage"] == "eligible" and done.json["checks"][0]["submission_sequence"] == 1


def test_an_ineligible_application_keeps_its_reasons_and_is_not_assessed(client, submitted, person_of):
    application = submitted("se")
    officer = person_of("se", "case_officer")
    url = assessment_url("se", application["id"])
    body = {"points": all_met(applicant_type="Sökanden är ett aktiebolag."), "outcome": "ineligible"}
    done = client.post(f"{url}/eligibility", json=body, headers=officer["headers"])
    assert done.status_code == 201
    assert done.json["stage"] == "ineligible"
    assert done.json["checks"][-1]["points"]["applicant_type"] == {
        "met": False,
        "reason": "Sökanden är ett aktiebolag.",
    }
    expert = person_of("se", "assessor")
    refused = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer["headers"])
    assert refused.status_code == 409 and client.get(url, headers=officer["headers"]).json["assignments"] == []


def test_a_failed_check_can_ask_for_a_supplement_and_the_answer_is_checked_again(client, submitted, person_of):
    application = submitted("se")
    person = application["applicant"]
    officer = person_of("se", "case_officer")["headers"]
    url = assessment_url("se", application["id"])
    body = {
        "points": all_met(completeness="Samverkansintyget saknar underskrift."),
        "outcome": "supplement_requested",
        "message": "Skicka ett undertecknat samverkansintyg.",
    }
    assert client.post(f"{url}/eligibility", json=body, headers=officer).status_code == 201
    own = f"/api/v1/se/applications/{application['id']}"
    current = client.get(own, headers=person["headers"]).json
    assert current["status"] == "supplement_requested"
    assert current["supplement_requests"][0]["message"] == "Skicka ett undertecknat samverkansintyg."
    answered = client.post(f"{own}/submit", json={"version": current["version"]}, headers=person["headers"])
    assert answered.status_code == 201
    assert client.get(url, headers=officer).json["stage"] == "submitted"  # the new version needs a check


def test_assessors_declare_before_reading_and_a_conflict_recuses(app, client, submitted, person_of):
    application = submitted("se")
    officer = person_of("se", "case_officer")["headers"]
    url = assessment_url("se", application["id"])
    assert client.post(f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer)
    expert, colleague = person_of("se", "assessor"), person_of("se", "case_officer")
    for person in (expert, colleague):
        response = client.post(f"{url}/assignments", json={"assessor_id": person["id"]}, headers=officer)
        assert response.status_code == 201
    again = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer)
    assert again.status_code == 409
    first, second = client.get(url, headers=officer).json["assignments"]

    mine = assignment_url("se", first["id"])
    before = client.get(mine, headers=expert["headers"]).json
    assert before["applicant"] and before["content"] is None and before["criteria"] == []
    assert client.put(f"{mine}/scores", json=scores(GOOD), headers=expert["headers"]).status_code == 409
    # the assessor reads nothing else: not the application, not someone else's assignment
    assert client.get(f"/api/v1/se/applications/{application['id']}", headers=expert["headers"]).status_code == 403
    assert client.get(assignment_url("se", second["id"]), headers=expert["headers"]).status_code == 404
    assert client.get(url, headers=expert["headers"]).status_code == 403

    unexplained = client.post(f"{mine}/declaration", json={"conflict": True}, headers=expert["headers"])
    assert unexplained.status_code == 422 and "statement" in unexplained.json["errors"]
    statement = "Jag sitter i sökandens styrelse."
    recused = client.post(
        f"{mine}/declaration", json={"conflict": True, "statement": statement}, headers=expert["headers"]
    )
    assert recused.status_code == 200
    assert recused.json["assignment"]["declaration"] == "conflict" and recused.json["content"] is None
    assert client.post(f"{mine}/declaration", json={"conflict": False}, headers=expert["headers"]).status_code == 409
    assert client.put(f"{mine}/scores", json=scores(GOOD), headers=expert["headers"]).status_code == 409

    theirs = assignment_url("se", second["id"])
    cleared = client.post(f"{theirs}/declaration", json={"conflict": False}, headers=colleague["headers"])
    assert cleared.status_code == 200
    assert cleared.json["content"]["title"] == "Språkcafé" and [c["key"] for c in cleared.json["criteria"]] == list(
        CRITERIA
    )
    kept = client.get(url, headers=officer).json["assignments"][0]
    assert kept["declaration"] == "conflict" and kept["declaration_text"] == statement and kept["declared_at"]
    listed = client.get("/api/v1/se/assessment/assignments", headers=colleague["headers"]).json
    assert [a["assignment"]["id"] for a in listed] == [second["id"]]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"criterion": "horizontal_principles", "points": 3}, "horizontal_principles"),  # the scale is 0, 5, 10
        ({"criterion": "relevance", "points": 31}, "relevance"),  # 0–30
        ({"criterion": "relevance", "points": 12, "justification": "   "}, "relevance"),
        ({"criterion": "colour", "points": 1}, "colour"),
        ({"criterion": "relevance", "points": 12.5}, "points"),
        ({"criterion": "relevance", "points": "12"}, "points"),
        ({"criterion": "relevance", "points": -1}, "points"),
    ],
)
def test_scores_off_the_scale_or_without_justification_are_refused(
    client, submitted, person_of, ready_to_score, entry, problem
):
    expert, mine = ready_to_score("se", submitted("se"), person_of("se", "case_officer")["headers"])
    body = {"scores": [{"justification": "Motivering.", **entry}]}
    refused = client.put(f"{mine}/scores", json=body, headers=expert["headers"])
    assert refused.status_code == 422
    assert problem in str(refused.json["errors"])
    assert client.get(mine, headers=expert["headers"]).json["assignment"]["scores"] == []


def test_scores_are_saved_submitted_once_and_consolidated_as_the_mean(client, submitted, person_of):
    application = submitted("se")
    officer = person_of("se", "case_officer")["headers"]
    url = assessment_url("se", application["id"])
    client.post(f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer)
    experts = [person_of("se", "assessor", language="sv") for _ in range(2)]
    links = []
    for expert in experts:
        made = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer).json
        links.append(assignment_url("se", made["assignments"][-1]["id"]))
        client.post(f"{links[-1]}/declaration", json={"conflict": False}, headers=expert["headers"])
    first, second = links
    partial = client.put(f"{first}/scores", json=scores({"relevance": 20}), headers=experts[0]["headers"])
    assert partial.status_code == 200 and partial.json["assignment"]["scores"][0]["language"] == "sv"
    early = client.post(f"{first}/submit", headers=experts[0]["headers"])
    assert early.status_code == 409 and "feasibility" in early.json["error"]["details"]["missing"]
    assert client.put(f"{first}/scores", json=scores(GOOD), headers=experts[0]["headers"]).status_code == 200
    assert client.post(f"{first}/submit", headers=experts[0]["headers"]).status_code == 200
    late = client.put(f"{first}/scores", json=scores(BETTER), headers=experts[0]["headers"])
    assert late.status_code == 409

    waiting = client.post(f"{url}/consolidation", json={"method": "mean"}, headers=officer)
    assert waiting.status_code == 409
    assert client.put(f"{second}/scores", json=scores(BETTER), headers=experts[1]["headers"]).status_code == 200
    assert client.post(f"{second}/submit", headers=experts[1]["headers"]).status_code == 200

    done = client.post(f"{url}/consolidation", json={"method": "mean"}, headers=officer)
    assert done.status_code == 201, done.json
    consolidation = done.json["consolidation"]
    # the mean per criterion, half up to the hundredth; the total is their sum
    expected = {k: (Decimal(GOOD[k] + BETTER[k]) / 2).quantize(Decimal("0.01"), ROUND_HALF_UP) for k in CRITERIA}
    assert consolidation["points"] == {k: f"{v:.2f}" for k, v in expected.items()}
    assert Decimal(consolidation["total"]) == sum(expected.values())
    assert consolidation["passes"] is (sum(expected.values()) >= 65) and consolidation["failed_rules"] == []
    assert done.json["stage"] == "assessed"
    assert client.post(f"{url}/consolidation", json={"method": "mean"}, headers=officer).status_code == 409


def test_the_swedish_rules_reject_a_zero_on_any_criterion_and_a_total_under_65(client, submitted, person_of, assessed):
    officer = person_of("se", "case_officer")["headers"]
    zero = assessed("se", submitted("se"), officer, {**BETTER, "horizontal_principles": 0})
    failed = zero["consolidation"]
    assert failed["passes"] is False
    assert failed["failed_rules"] == [{"rule": "zero", "criterion": "horizontal_principles"}]
    assert len(failed["reasons"]) == 1

    low = {"relevance": 15, "feasibility": 15, "cost_efficiency": 10, "horizontal_principles": 5, "dissemination": 10}
    under = assessed("se", submitted("se"), officer, low)["consolidation"]
    assert sum(low.values()) < 65
    assert under["failed_rules"] == [{"rule": "minimum_total", "minimum": 65, "total": f"{sum(low.values())}.00"}]

    exactly = {**low, "relevance": 25}  # 65: not under the minimum
    assert sum(exactly.values()) == 65
    assert assessed("se", submitted("se"), officer, exactly)["consolidation"]["passes"] is True


def test_a_consensus_score_is_recorded_as_such_with_its_justification(client, submitted, person_of, ready_to_score):
    application = submitted("se")
    officer = person_of("se", "case_officer")["headers"]
    url = assessment_url("se", application["id"])
    expert, mine = ready_to_score("se", application, officer)
    client.put(f"{mine}/scores", json=scores(GOOD), headers=expert["headers"])
    client.post(f"{mine}/submit", headers=expert["headers"])
    for body, field in (
        ({"method": "consensus", "points": BETTER}, "justification"),
        ({"method": "consensus", "points": {**BETTER, "relevance": 40}, "justification": "x"}, "points"),
        ({"method": "consensus", "points": {**BETTER, "colour": 1}, "justification": "x"}, "points"),
        ({"method": "vote", "points": BETTER, "justification": "x"}, "method"),
    ):
        refused = client.post(f"{url}/consolidation", json=body, headers=officer)
        assert refused.status_code == 422 and field in refused.json["errors"], refused.json
    agreed = {"method": "consensus", "points": BETTER, "justification": "Enades vid bedömarmötet."}
    done = client.post(f"{url}/consolidation", json=agreed, headers=officer).json["consolidation"]
    assert done["method"] == "consensus" and done["justification"] == "Enades vid bedömarmötet."
    assert Decimal(done["total"]) == sum(BETTER.values())


def test_the_ranking_draws_the_funding_line_and_people_decide_ties_and_partial_funding(
    client, open_call, submitted, person_of, assessed
):
    probe = submitted("se")  # every application here asks for the same EU amount (complete(): one travel cost)
    requested = Decimal(probe["totals"]["eu_amount"])
    budget = (requested * Decimal("2.5")).quantize(Decimal("0.01"))
    call = open_call("se", budget=f"{budget}", objectives=[{"code": "SO2"}], max_grant=None, min_grant=None)
    officer = person_of("se", "case_officer")["headers"]
    best = submitted("se", call=call)
    tie_a, tie_b = submitted("se", call=call), submitted("se", call=call)
    rejected = submitted("se", call=call)
    assessed("se", best, officer, BETTER)
    assessed("se", tie_a, officer, MIDDLE)
    assessed("se", tie_b, officer, MIDDLE)
    assessed("se", rejected, officer, {**BETTER, "dissemination": 0})
    url = f"/api/v1/se/calls/{call['id']}/ranking"

    ranked = client.get(url, headers=officer).json
    rows = ranked["rows"]
    assert [r["application_id"] for r in rows] == [best["id"], tie_a["id"], tie_b["id"], rejected["id"]]
    assert [r["funding"] for r in rows] == ["funded", "funded", "partial", "rejected"]
    assert [r["tied"] for r in rows] == [False, True, True, False] and ranked["undecided_ties"] is True
    assert [Decimal(r["cumulative"]) for r in rows[:3]] == [requested, requested * 2, requested * 3]
    # What is left is the budget less the grants in force (none yet); the two above the line are proposed.
    assert Decimal(ranked["remaining"]) == budget and Decimal(ranked["proposed"]) == 2 * requested
    assert ranked["funding_line_after"] == 2
    assert rows[3]["reasons"] and rows[3]["cumulative"] is None

    order = {"application_id": tie_b["id"], "kind": "tie_order", "position": 1, "reason": "Fler deltagare."}
    decided = client.post(f"{url}/decisions", json=order, headers=officer)
    assert decided.status_code == 201
    second = {"application_id": tie_a["id"], "kind": "tie_order", "position": 2, "reason": "Fler deltagare."}
    rows = client.post(f"{url}/decisions", json=second, headers=officer).json["rows"]
    assert [r["application_id"] for r in rows[:3]] == [best["id"], tie_b["id"], tie_a["id"]]
    assert not any(r["tied"] for r in rows)

    left = budget - 2 * requested
    too_much = {"application_id": tie_a["id"], "kind": "partial", "amount": f"{requested}", "reason": "Del."}
    assert client.post(f"{url}/decisions", json=too_much, headers=officer).status_code == 422
    partial = {"application_id": tie_a["id"], "kind": "partial", "amount": f"{left}", "reason": "Återstoden."}
    rows = client.post(f"{url}/decisions", json=partial, headers=officer).json["rows"]
    assert rows[2]["funding"] == "funded" and Decimal(rows[2]["considered"]) == left
    after = client.get(url, headers=officer).json
    assert Decimal(after["remaining"]) == budget and Decimal(after["proposed"]) == budget  # the partial fills it
    assert after["funding_line_after"] == 3
    for bad in (
        {"application_id": rejected["id"], "kind": "partial", "amount": "1", "reason": "x"},
        {"application_id": best["id"], "kind": "tie_order", "position": 1, "reason": "x"},
    ):
        assert client.post(f"{url}/decisions", json=bad, headers=officer).status_code == 409


def test_another_tenants_assessment_is_404_and_applicants_are_refused(client, submitted, person_of, assessed):
    swedish = submitted("se")
    finnish_officer = person_of("fi", "case_officer")["headers"]
    url = assessment_url("se", swedish["id"])
    assert client.get(assessment_url("fi", swedish["id"]), headers=finnish_officer).status_code == 404
    body = {"points": all_met(), "outcome": "eligible"}
    assert (
        client.post(
            f"{assessment_url('fi', swedish['id'])}/eligibility", json=body, headers=finnish_officer
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/fi/calls/{swedish['call']['id']}/ranking", headers=finnish_officer).status_code == 404

    officer = person_of("se", "case_officer")["headers"]
    finn = person_of("fi", "assessor")
    client.post(f"{url}/eligibility", json=body, headers=officer)
    foreign = client.post(f"{url}/assignments", json={"assessor_id": finn["id"]}, headers=officer)
    assert foreign.status_code == 422  # a user of another tenant is no one here
    applicant_id = swedish["applicant"]["id"]
    assert client.post(f"{url}/assignments", json={"assessor_id": applicant_id}, headers=officer).status_code == 422
    expert = person_of("se", "assessor")
    assigned = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer).json
    link = assigned["assignments"][0]["id"]
    assert client.get(assignment_url("fi", link), headers=finn["headers"]).status_code == 404
    assert client.get("/api/v1/fi/assessment/assignments", headers=finn["headers"]).json == []
    own = swedish["applicant"]["headers"]
    assert client.get(url, headers=own).status_code == 403
    assert client.get(assignment_url("se", link), headers=own).status_code == 403
    assert client.get(f"/api/v1/se/calls/{swedish['call']['id']}/ranking", headers=own).status_code == 403


def test_every_assessment_endpoint_answers_404_for_another_tenants_objects(
    client, submitted, person_of, ready_to_score
):
    swedish = submitted("se")
    expert, mine = ready_to_score("se", swedish, person_of("se", "case_officer")["headers"])
    assignment_id = int(mine.rsplit("/", 1)[1])
    finnish_staff = person_of("fi", "case_officer")["headers"]
    finnish_expert = person_of("fi", "assessor")["headers"]
    app_url = assessment_url("fi", swedish["id"])
    link = assignment_url("fi", assignment_id)
    ranking = f"/api/v1/fi/calls/{swedish['call']['id']}/ranking"
    for method, url, body, headers in (
        ("get", app_url, None, finnish_staff),
        ("post", f"{app_url}/eligibility", {"points": all_met(), "outcome": "eligible"}, finnish_staff),
        ("post", f"{app_url}/assignments", {"assessor_id": expert["id"]}, finnish_staff),
        ("post", f"{app_url}/consolidation", {"method": "mean"}, finnish_staff),
        ("get", ranking, None, finnish_staff),
        (
            "post",
            f"{ranking}/decisions",
            {"application_id": swedish["id"], "kind": "partial", "amount": "1", "reason": "x"},
            finnish_staff,
        ),
        ("get", link, None, finnish_expert),
        ("post", f"{link}/declaration", {"conflict": False}, finnish_expert),
        ("put", f"{link}/scores", scores(GOOD), finnish_expert),
        ("post", f"{link}/submit", None, finnish_expert),
    ):
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == 404, (method, url, response.status_code)
    # nothing changed in Sweden, and nothing of Sweden's is listed in Finland
    assert client.get(mine, headers=expert["headers"]).json["assignment"]["scores"] == []
    assert client.get("/api/v1/fi/assessment/assignments", headers=finnish_expert).json == []
