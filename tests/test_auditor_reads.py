"""Auditors read everything of their tenant and change nothing (issue 15, "Audit for auditors").

Every read an auditor has, page and API (``/api/v1/<tenant>`` before each API path); every write of these
domains answers the auditor 403 where the object is visible to them, and another tenant's object is 404:

| domain | page (GET) | API (GET) | since |
|---|---|---|---|
| applications | `/applications`, `/applications/<id>` (submitted: budget, partners, indicators, attachments, supplement requests), `/applications/<id>/submissions/<n>`, `/applications/<id>/attachments/<row>` | `/applications`, `/applications/<id>`, `/applications/<id>/check`, `/applications/<id>/submissions/<n>`, `/applications/<id>/attachments/<row>` | this change |
| assessment | `/assessment/applications/<id>` (checks, assessors, scores, consolidation, classification: no forms), `/assessment/calls/<id>` (redirects to the ranking) | `/assessment/applications/<id>`, `/assessment/applications/<id>/classification` | this change |
| decisions | `/decisions/applications/<id>` (no forms), `/decisions/<id>/letter`, `/decisions/calls/<id>/ranking[/print]` | `/applications/<id>/decisions`, `/decisions/<id>`, `/decisions/<id>/letter`, `/calls/<id>/ranking` | this change |
| projects | `/projects`, `/projects/<id>` (versions; no amendment form) | `/projects`, `/projects/<id>` | this change |
| payment claims | `/claims`, `/claims/<id>`, verification, `/projects/<id>/claims`, `/projects/<id>/finance`, payments | claims, verification, payments, exports | before (service/claims/util.py READERS) |
| progress reports | `/projects/<id>/reports[/export]`, `/reports/<id>`, evidence | `/projects/<id>/reports[/export]`, `/reports/<id>`, evidence | before (service/reports/util.py READERS) |
| participants | the register's rows and counts | rows, counts, export | before (service/participants/util.py ROW_READERS) |
| SO4 lump sums, transmissions, audit trail | their pages | their API | before |
| security events | `/security-events` | `/security-events` | this change (service/security_events) |

Not read by auditors: drafts (the applicant's own work, 404 as for MA staff), an assessor's own assignment pages
(the assessment page shows every assignment and score), the MA's work lists (overdue progress reports), the
committee's portfolio and statistics. Tested here: applications, assessment, decisions, projects, claims and progress
reports; participants in tests/test_participants_api.py, lump sums in tests/test_lump_sum_pages.py, claim pages in
tests/test_claim_pages.py.
"""  # noqa: E501 - the table's rows are one line each

from __future__ import annotations

import re

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    run_jobs,
)
from tests.claims_support import add_line, claimable, open_claim  # noqa: F401 - fixtures
from tests.claims_support import submit as submit_claim
from tests.conftest import csrf_token, sign_in
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    decision_url,
    decisions_url,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)
from tests.reports_support import complete, create_reports, reportable  # noqa: F401 - fixtures
from tests.reports_support import submit as submit_report

ACTIONS = re.compile(r'<form method="post" action="[^"]*/(applications|assessment|decisions|projects)/')


@pytest.fixture
def decided(app, client, granted):
    """decided(code) -> everything an auditor reads of one granted application, the letter written."""

    def make(code: str) -> dict:
        application, decision, preparer, _approver = granted(code)
        run_jobs(app, code, "decisions.write_letter")
        projects = client.get(f"/api/v1/{code}/projects", headers=preparer["headers"]).json
        project = next(p for p in projects if p["call_id"] == application["call_id"])  # a call of its own
        return {"application": application, "decision": decision, "project": project, "officer": preparer}

    return make


def api_reads(code: str, things: dict) -> list[str]:
    application, decision, project = things["application"], things["decision"], things["project"]
    app_url = f"/api/v1/{code}/applications/{application['id']}"
    return [
        f"/api/v1/{code}/applications",
        app_url,
        f"{app_url}/check",
        f"{app_url}/submissions/1",
        f"{app_url}/attachments/{application['attachments'][0]['id']}",
        f"/api/v1/{code}/assessment/applications/{application['id']}",
        f"/api/v1/{code}/assessment/applications/{application['id']}/classification",
        decisions_url(code, application["id"]),
        decision_url(code, decision["id"]),
        f"{decision_url(code, decision['id'])}/letter",
        f"/api/v1/{code}/calls/{application['call_id']}/ranking",
        f"/api/v1/{code}/projects",
        f"/api/v1/{code}/projects/{project['id']}",
    ]


def api_writes(code: str, things: dict) -> list[tuple[str, str, dict]]:
    application, decision, project = things["application"], things["decision"], things["project"]
    app_url = f"/api/v1/{code}/applications/{application['id']}"
    assess = f"/api/v1/{code}/assessment/applications/{application['id']}"
    return [
        ("PATCH", app_url, {"version": application["version"], "fields": {"title": "Changed"}}),
        ("POST", f"{app_url}/submit", {"version": application["version"]}),
        ("POST", f"{app_url}/supplement-requests", {"message": "More", "deadline": "2099-01-01"}),
        ("POST", f"{app_url}/budget-lines", {"year": 2027, "category": "staff", "amount": "1.00"}),
        ("DELETE", f"{app_url}/attachments/{application['attachments'][0]['id']}", {}),
        ("POST", f"{assess}/eligibility", {"outcome": "eligible"}),
        ("POST", f"{assess}/assignments", {"assessor_id": things["officer"]["id"]}),
        ("POST", f"{assess}/consolidation", {"method": "mean"}),
        ("PUT", f"{assess}/classification", {"specific_objective": "SO1", "intervention_field": "001"}),
        ("POST", decisions_url(code, application["id"]), {"kind": "rejection"}),
        ("POST", f"{decision_url(code, decision['id'])}/approve", {}),
        ("POST", f"{decision_url(code, decision['id'])}/return", {"reason": "No"}),
        ("POST", f"/api/v1/{code}/calls/{application['call_id']}/ranking/decisions", {}),
        ("POST", f"/api/v1/{code}/projects/{project['id']}/amendments", {"reason": "No"}),
    ]


def snapshot(client, code: str, things: dict, headers: dict) -> list:
    """What the writes could change, as MA staff read it."""
    return [
        client.get(url, headers=headers).get_data()
        for url in api_reads(code, things)
        if not url.endswith(("/letter", "/ranking")) and "/attachments/" not in url
    ]


def test_an_auditor_reads_every_domain_through_the_api_and_every_write_is_refused(client, decided, person_of):
    things = decided("se")
    auditor = person_of("se", "auditor")
    for url in api_reads("se", things):
        answer = client.get(url, headers=auditor["headers"])
        assert answer.status_code == 200, (url, answer.status_code)
    assessment = client.get(api_reads("se", things)[5], headers=auditor["headers"]).json
    assert assessment["consolidation"] is not None  # the scores and consolidation, as staff read them
    decisions = client.get(decisions_url("se", things["application"]["id"]), headers=auditor["headers"]).json
    assert decisions["decisions"][0]["status"] == "approved" and "prepared_by" in decisions["decisions"][0]

    officer = things["officer"]["headers"]
    before = snapshot(client, "se", things, officer)
    for method, url, body in api_writes("se", things):
        answer = client.open(url, method=method, json=body, headers=auditor["headers"])
        assert answer.status_code == 403, (method, url, answer.status_code)
    assert snapshot(client, "se", things, officer) == before


def test_an_auditor_reads_the_pages_without_their_forms_and_page_writes_are_refused(client, decided, person_of):
    things = decided("se")
    application, decision, project = things["application"], things["decision"], things["project"]
    auditor = person_of("se", "auditor", language="en")
    sign_in(client, "se", auditor["email"])
    pages = [
        "/se/applications",
        f"/se/applications/{application['id']}",
        f"/se/applications/{application['id']}/submissions/1",
        f"/se/assessment/applications/{application['id']}",
        f"/se/decisions/applications/{application['id']}",
        f"/se/decisions/calls/{application['call_id']}/ranking",
        f"/se/decisions/calls/{application['call_id']}/ranking/print",
        "/se/projects",
        f"/se/projects/{project['id']}",
    ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        assert not ACTIONS.search(page.text), (url, ACTIONS.search(page.text).group(0))
    letter = client.get(f"/se/decisions/{decision['id']}/letter")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    download = client.get(f"/se/applications/{application['id']}/attachments/{application['attachments'][0]['id']}")
    assert download.status_code == 200

    token = csrf_token(client.get("/se/projects").text)  # the sign-out form's
    officer = things["officer"]["headers"]
    before = snapshot(client, "se", things, officer)
    app_page = f"/se/applications/{application['id']}"
    assess_page = f"/se/assessment/applications/{application['id']}"
    for url in (
        f"{app_page}/supplement-requests",
        f"{app_page}/texts",
        f"{app_page}/submit",
        f"{app_page}/budget-lines",
        f"{assess_page}/eligibility",
        f"{assess_page}/classification",
        f"{assess_page}/assignments",
        f"{assess_page}/consolidation",
        f"/se/decisions/applications/{application['id']}",
        f"/se/decisions/{decision['id']}/approve",
        f"/se/decisions/{decision['id']}/return",
        f"/se/projects/{project['id']}/amendments",
    ):
        answer = client.post(url, data={"csrf_token": token, "reason": "No", "version": "1"})
        assert answer.status_code == 403, (url, answer.status_code)
    assert snapshot(client, "se", things, officer) == before


def test_another_tenants_objects_stay_404_for_an_auditor(client, decided, person_of):
    finnish = decided("fi")
    auditor = person_of("se", "auditor")
    for url in [u for u in api_reads("fi", finnish) if not u.endswith(("/applications", "/projects"))]:
        answer = client.get(url.replace("/api/v1/fi/", "/api/v1/se/"), headers=auditor["headers"])
        assert answer.status_code == 404, (url, answer.status_code)
    for name in ("applications", "projects"):
        listed = client.get(f"/api/v1/se/{name}", headers=auditor["headers"]).json
        listed = listed[name] if isinstance(listed, dict) else listed
        assert finnish[name[:-1]]["id"] not in {row["id"] for row in listed}
    sign_in(client, "se", auditor["email"])
    for url in (
        f"/se/applications/{finnish['application']['id']}",
        f"/se/assessment/applications/{finnish['application']['id']}",
        f"/se/decisions/applications/{finnish['application']['id']}",
        f"/se/decisions/{finnish['decision']['id']}/letter",
        f"/se/projects/{finnish['project']['id']}",
    ):
        assert client.get(url).status_code == 404, url


def test_an_auditor_never_sees_a_draft(client, open_call, applicant, person_of):
    person = applicant("se")
    call = open_call("se")
    body = {"call_id": call["id"], "organisation_id": person["organisation_id"], "language": "sv"}
    draft = client.post("/api/v1/se/applications", json=body, headers=person["headers"])
    assert draft.status_code == 201, draft.json
    auditor = person_of("se", "auditor")
    assert client.get(f"/api/v1/se/applications/{draft.json['id']}", headers=auditor["headers"]).status_code == 404
    listed = client.get("/api/v1/se/applications", headers=auditor["headers"]).json
    listed = listed["applications"] if isinstance(listed, dict) else listed
    assert draft.json["id"] not in {row["id"] for row in listed}


def test_an_auditor_reads_claims_and_progress_reports_and_acts_on_none(client, reportable, person_of):
    setup = reportable("fi")
    project_id = setup["project"]["id"]
    claim = open_claim(client, "fi", setup)
    line = {"category": "travel", "description": "Tåg", "expense_date": "2025-04-15", "amount": "100,00"}
    claim = add_line(client, "fi", setup, claim, line)
    assert submit_claim(client, "fi", setup, claim).status_code == 201
    report = create_reports(client, "fi", setup)[0]
    complete(client, "fi", setup, report)
    assert submit_report(client, "fi", setup, report).status_code in (200, 201)
    auditor = person_of("fi", "auditor")
    api = "/api/v1/fi"
    reads = [
        f"{api}/projects/{project_id}/claims",
        f"{api}/claims/{claim['id']}",
        f"{api}/claims/{claim['id']}/report",
        f"{api}/projects/{project_id}/finance",
        f"{api}/projects/{project_id}/reports",
        f"{api}/reports/{report['id']}",
        f"{api}/projects/{project_id}/reports/export?format=csv",
    ]
    for url in reads:
        answer = client.get(url, headers=auditor["headers"])
        assert answer.status_code == 200, (url, answer.status_code)
    before = [client.get(url, headers=setup["officer"]["headers"]).get_data() for url in reads[1:2] + reads[5:6]]
    line_id = claim["lines"][0]["id"]
    for url, body in (
        (f"{api}/claims/{claim['id']}/return", {"reason": "No"}),
        (f"{api}/claims/{claim['id']}/lines/{line_id}/checks", {"outcome": "accepted"}),
        (f"{api}/claims/{claim['id']}/verify", {}),
        (f"{api}/claims/{claim['id']}/payments", {}),
        (f"{api}/projects/{project_id}/advances", {"amount": "1,00"}),
        (f"{api}/reports/{report['id']}/accept", {}),
        (f"{api}/reports/{report['id']}/return", {"reason": "No"}),
    ):
        answer = client.post(url, json=body, headers=auditor["headers"])
        assert answer.status_code == 403, (url, answer.status_code)
    assert [client.get(url, headers=setup["officer"]["headers"]).get_data() for url in reads[1:2] + reads[5:6]] == (
        before
    )
    sign_in(client, "fi", auditor["email"])
    for url in (
        f"/fi/claims/{claim['id']}",
        f"/fi/projects/{project_id}/claims",
        f"/fi/projects/{project_id}/reports",
        f"/fi/reports/{report['id']}",
    ):
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        assert '<form method="post" action="/fi/reports/' not in page.text
        assert f'action="/fi/claims/{claim["id"]}/' not in page.text
