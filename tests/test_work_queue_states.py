"""The real state of an application (service.work_queue.states): each state reached through the product's own
operations, read in SQL, listed by the API with its state and found by the state filter."""

from __future__ import annotations

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401
from tests.assessment_support import all_met, assessment_url
from tests.decisions_support import (  # noqa: F401 - fixtures
    SE_ZERO,
    assessed,
    decision_url,
    decisions_url,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)
from tests.test_applications_api import start
from tests.work_queue_support import officer, queue, stage_in_python, state_in_database  # noqa: F401


def _listed_as(client, code, headers, application, state) -> None:
    """The application is in the list filtered by its state (and its call), with that state; not under another."""
    call_id = application["call_id"]
    rows = queue(client, code, headers, call_id=call_id, state=state).json
    assert [(row["id"], row["state"]) for row in rows] == [(application["id"], state)]
    other = "granted" if state != "granted" else "rejected"
    assert queue(client, code, headers, call_id=call_id, state=other).json == []


def test_a_draft_is_draft_and_never_in_the_staff_list(app, client, open_call, applicant, officer):
    call, person = open_call("se"), applicant("se")
    draft = start(client, "se", person, call)
    assert state_in_database(app, "se", draft["id"]) == "draft"
    assert queue(client, "se", officer("se")["headers"], call_id=call["id"]).json == []
    mine = client.get("/api/v1/se/applications", headers=person["headers"]).json
    assert [row["id"] for row in mine] == [draft["id"]] and "state" not in mine[0]


def test_submitted_until_checked(app, client, submitted, officer):
    application = submitted("se")
    assert (
        state_in_database(app, "se", application["id"]) == "submitted" == stage_in_python(app, "se", application["id"])
    )
    _listed_as(client, "se", officer("se")["headers"], application, "submitted")


def test_supplement_requested_while_the_applicant_has_not_answered(app, client, submitted, officer):
    application, staff = submitted("se"), officer("se")
    asked = client.post(
        f"/api/v1/se/applications/{application['id']}/supplement-requests",
        json={"message": "Bifoga budgeten."},
        headers=staff["headers"],
    )
    assert asked.status_code == 201, asked.json
    assert state_in_database(app, "se", application["id"]) == "supplement_requested"
    _listed_as(client, "se", staff["headers"], application, "supplement_requested")


def test_ineligible_after_a_failed_formal_check(app, client, submitted, officer):
    application, staff = submitted("se"), officer("se")
    checked = client.post(
        f"{assessment_url('se', application['id'])}/eligibility",
        json={"points": all_met(period="Projektet slutar för sent."), "outcome": "ineligible"},
        headers=staff["headers"],
    )
    assert checked.status_code == 201, checked.json
    assert (
        state_in_database(app, "se", application["id"]) == "ineligible" == stage_in_python(app, "se", application["id"])
    )
    _listed_as(client, "se", staff["headers"], application, "ineligible")


def test_under_assessment_once_eligible(app, client, submitted, ready_to_score, officer):
    application, staff = submitted("se"), officer("se")
    ready_to_score("se", application, staff["headers"])
    assert state_in_database(app, "se", application["id"]) == "under_assessment"
    assert stage_in_python(app, "se", application["id"]) == "eligible"
    _listed_as(client, "se", staff["headers"], application, "under_assessment")


def test_assessed_once_consolidated(app, client, ready_to_decide, officer):
    application, _preparer, _approver = ready_to_decide("se")
    assert (
        state_in_database(app, "se", application["id"]) == "assessed" == stage_in_python(app, "se", application["id"])
    )
    _listed_as(client, "se", officer("se")["headers"], application, "assessed")


def test_decision_awaiting_approval_once_prepared(app, client, ready_to_decide, officer):
    application, preparer, _approver = ready_to_decide("se")
    prepared = client.post(decisions_url("se", application["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    assert state_in_database(app, "se", application["id"]) == "awaiting_approval"
    _listed_as(client, "se", officer("se")["headers"], application, "awaiting_approval")
    # returned by the approver: assessed again, waiting for a new decision
    returned = client.post(
        f"{decision_url('se', prepared.json['id'])}/return", json={"reason": "Fel belopp."}, headers=preparer["headers"]
    )
    assert returned.status_code == 200, returned.json
    assert state_in_database(app, "se", application["id"]) == "assessed"


def test_granted_once_the_grant_is_approved(app, client, granted, officer):
    application, _decision, _preparer, _approver = granted("se")
    assert state_in_database(app, "se", application["id"]) == "granted"
    _listed_as(client, "se", officer("se")["headers"], application, "granted")


def test_rejected_once_the_rejection_is_approved(app, client, ready_to_decide, officer):
    application, preparer, approver = ready_to_decide("se", SE_ZERO)
    prepared = client.post(
        decisions_url("se", application["id"]),
        json={"kind": "rejection", "reasons": ["failed_rules"]},
        headers=preparer["headers"],
    )
    assert prepared.status_code == 201, prepared.json
    approved = client.post(f"{decision_url('se', prepared.json['id'])}/approve", json={}, headers=approver["headers"])
    assert approved.status_code == 200, approved.json
    assert state_in_database(app, "se", application["id"]) == "rejected"
    _listed_as(client, "se", officer("se")["headers"], application, "rejected")


def test_a_supplement_answered_after_a_check_is_submitted_again(app, client, submitted, officer):
    """The check's outcome counts only for the version it checked (stage_from's rule)."""
    application, staff = submitted("se"), officer("se")
    checked = client.post(
        f"{assessment_url('se', application['id'])}/eligibility",
        json={
            "points": all_met(completeness="Budgeten saknas."),
            "outcome": "supplement_requested",
            "message": "Bifoga budgeten.",
        },
        headers=staff["headers"],
    )
    assert checked.status_code == 201, checked.json
    assert state_in_database(app, "se", application["id"]) == "supplement_requested"
    person = application["applicant"]
    url = f"/api/v1/se/applications/{application['id']}"
    version = client.get(url, headers=person["headers"]).json["version"]
    sent = client.post(f"{url}/submit", json={"version": version}, headers=person["headers"])
    assert sent.status_code == 201, sent.json
    assert (
        state_in_database(app, "se", application["id"]) == "submitted" == stage_in_python(app, "se", application["id"])
    )


def test_the_demo_has_an_application_in_every_state(client, officer):
    """tenants/<code>/demo.toml plays one application into each state the staff see."""
    from service.work_queue.states import STAFF_STATES

    for code in ("se", "fi"):
        states = {row["state"] for row in queue(client, code, officer(code)["headers"], per_page=500).json}
        assert set(STAFF_STATES) <= states, (code, set(STAFF_STATES) - states)
