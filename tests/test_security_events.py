"""Refused access recorded as security events (issue 15) and listed for the MA administrator and auditors.

Recorded: a 404 or 403 answered to a person signed in to the tenant, an API token of it, or a session or token of
another tenant (without its person), on a URL that matched a route. Not recorded (decided): anonymous requests
and unknown URLs (they name no object; a person's typo is no event).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.assessment_support import person_of, submitted  # noqa: F401 - fixtures
from tests.conftest import csrf_token, sign_in, translated


def listed(client, code: str, headers: dict, **filters) -> list[dict]:
    answer = client.get(f"/api/v1/{code}/security-events", headers=headers, query_string=filters)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_another_tenants_id_through_the_api_is_recorded_for_the_asked_tenant_only(client, submitted, person_of):
    finnish = submitted("fi")
    officer = person_of("se", "case_officer")
    admin_se, admin_fi = person_of("se", "ma_admin"), person_of("fi", "ma_admin")
    url = f"/api/v1/se/applications/{finnish['id']}?access_token=secret-value"
    answer = client.get(url, headers=officer["headers"])
    assert answer.status_code == 404
    events = listed(client, "se", admin_se["headers"], person=officer["email"])
    assert len(events) == 1
    event = events[0]
    assert event["status"] == 404 and event["via"] == "api" and event["method"] == "GET"
    assert event["path"] == f"/api/v1/se/applications/{finnish['id']}"  # no query string
    assert (event["object_type"], event["object_id"]) == ("application", str(finnish["id"]))
    assert (event["actor"], event["actor_role"], event["actor_tenant"]) == (
        f"user:{officer['id']}",
        "case_officer",
        "se",
    )
    assert event["ip"] == "127.0.0.1" and event["count"] == 1
    # the event says nothing of the Finnish application: an id that exists nowhere reads the same
    client.get("/api/v1/se/applications/2147480000", headers=officer["headers"])
    missing = listed(client, "se", admin_se["headers"], person=officer["email"])[0]
    assert set(missing) == set(event) and missing["object_id"] == "2147480000"
    # the Finnish tenant's list never holds the Swedish events
    assert all(e["actor_label"] != officer["email"] for e in listed(client, "fi", admin_fi["headers"], limit=500))


def test_a_wrong_role_is_recorded_on_pages_and_api_and_a_case_officer_cannot_list(client, person_of, make_user):
    officer = person_of("se", "case_officer")
    admin = person_of("se", "ma_admin")
    assert client.get("/api/v1/se/security-events", headers=officer["headers"]).status_code == 403
    user_id, email = make_user("se", "applicant", language="en")
    sign_in(client, "se", email)
    assert client.get("/se/security-events").status_code == 403
    token = csrf_token(client.get("/se/").text)
    assert client.post("/se/assessment/applications/7/eligibility", data={"csrf_token": token}).status_code == 403
    by_officer = listed(client, "se", admin["headers"], person=officer["email"])
    assert [(e["status"], e["via"], e["path"]) for e in by_officer] == [(403, "api", "/api/v1/se/security-events")]
    by_applicant = listed(client, "se", admin["headers"], person=email)
    assert {(e["status"], e["via"], e["method"], e["path"], e["actor_role"]) for e in by_applicant} == {
        (403, "page", "GET", "/se/security-events", "applicant"),
        (403, "page", "POST", "/se/assessment/applications/7/eligibility", "applicant"),
    }
    assert listed(client, "se", admin["headers"], status=404, person=email) == []


def test_anonymous_requests_and_unknown_urls_are_not_recorded(app, client, person_of):
    from service.extensions import db
    from service.security_events.models import SecurityEvent
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    def count() -> int:
        with app.app_context(), tenant_scope(tenant_id(app, "se")):
            return db.session.query(SecurityEvent).count()

    before = count()
    assert client.get("/se/calls/2147480000").status_code == 404  # nobody signed in
    assert client.get("/api/v1/se/applications/1").status_code == 401  # no token: 401, no event
    officer = person_of("se", "case_officer")
    assert client.get("/api/v1/se/no-such-thing", headers=officer["headers"]).status_code == 404
    assert count() == before


def test_a_token_of_another_tenant_is_recorded_without_its_person(client, person_of):
    swedish = person_of("se", "ma_admin")
    admin_fi = person_of("fi", "ma_admin")
    assert client.get("/api/v1/fi/applications/5", headers=swedish["headers"]).status_code == 404
    events = [e for e in listed(client, "fi", admin_fi["headers"]) if e["path"] == "/api/v1/fi/applications/5"]
    assert events and events[0]["actor"] == "foreign_token"
    assert events[0]["actor_label"] == "" and events[0]["actor_role"] is None and events[0]["actor_tenant"] is None


def test_repeats_are_counted_on_one_row_and_a_flood_of_paths_on_one_more(client, person_of, monkeypatch):
    from service.security_events import recorder

    officer = person_of("se", "case_officer")
    admin = person_of("se", "ma_admin")
    for _ in range(5):
        assert client.get("/api/v1/se/decisions/2147480001", headers=officer["headers"]).status_code == 404
    rows = listed(client, "se", admin["headers"], person=officer["email"])
    # one row counting the five (two if a minute turned between them: then one of them counts three or more)
    assert {e["path"] for e in rows} == {"/api/v1/se/decisions/2147480001"} and len(rows) <= 2
    assert sum(e["count"] for e in rows) == 5 and max(e["count"] for e in rows) >= 3

    monkeypatch.setattr(recorder, "ROWS_PER_MINUTE", 3)
    flooder = person_of("se", "case_officer")
    for number in range(10):
        client.get(f"/api/v1/se/decisions/{2147470000 + number}", headers=flooder["headers"])
    rows = listed(client, "se", admin["headers"], person=flooder["email"])
    # at most ROWS_PER_MINUTE rows per person and minute, then one row counting the rest (a minute may turn)
    assert sum(e["count"] for e in rows) == 10
    assert len(rows) <= 2 * (3 + 1)
    assert any(e["path"] == "*" and e["object_id"] is None for e in rows)


def test_a_failing_write_does_not_change_the_answer(client, person_of, monkeypatch):
    from service.security_events import recorder

    officer = person_of("se", "case_officer")
    url = "/api/v1/se/applications/2147480002"
    expected = client.get(url, headers=officer["headers"])

    def broken(event):
        raise RuntimeError("the database refused the event")

    monkeypatch.setattr(recorder, "write", broken)
    answer = client.get(url, headers=officer["headers"])
    assert (answer.status_code, answer.json) == (expected.status_code, expected.json) == (404, expected.json)
    assert client.get("/api/v1/se/security-events", headers=officer["headers"]).status_code == 403


def test_the_listing_filters_pages_and_refuses_bad_filters(client, person_of):
    officer = person_of("se", "case_officer")
    auditor = person_of("se", "auditor")
    for number in range(3):
        client.get(f"/api/v1/se/projects/{2147460000 + number}", headers=officer["headers"])
    client.get("/api/v1/se/security-events", headers=officer["headers"])  # a 403
    mine = listed(client, "se", auditor["headers"], person=officer["email"])
    assert [e["status"] for e in mine] == [403, 404, 404, 404]  # newest first
    assert [e["id"] for e in mine] == sorted((e["id"] for e in mine), reverse=True)
    assert len(listed(client, "se", auditor["headers"], person=officer["email"], status=404)) == 3
    page = listed(client, "se", auditor["headers"], person=officer["email"], limit=2)
    rest = listed(client, "se", auditor["headers"], person=officer["email"], before=page[-1]["id"])
    assert [e["id"] for e in page + rest] == [e["id"] for e in mine]
    from datetime import date

    today = date.today()
    assert len(listed(client, "se", auditor["headers"], person=officer["email"], since=str(today - timedelta(1)))) == 4
    old = listed(client, "se", auditor["headers"], person=officer["email"], until=str(today - timedelta(days=2)))
    assert old == []
    for bad in (
        {"status": "500"},
        {"since": "yesterday"},
        {"before": "-1"},
        {"since": "2026-02-02", "until": "2026-02-01"},
    ):
        answer = client.get("/api/v1/se/security-events", headers=auditor["headers"], query_string=bad)
        assert answer.status_code == 422, (bad, answer.status_code)
        assert answer.json["errors"]


def test_the_page_lists_in_swedish_for_the_admin_and_the_auditor(client, person_of, make_user):
    officer = person_of("se", "case_officer")
    client.get("/api/v1/se/claims/2147450000", headers=officer["headers"])
    _id, email = make_user("se", "auditor", language="sv")
    sign_in(client, "se", email)
    page = client.get("/se/security-events", query_string={"person": officer["email"]})
    assert page.status_code == 200
    assert translated("Security events", "sv") in page.text and translated("Security events", "sv") != (
        "Security events"
    )
    assert "/api/v1/se/claims/2147450000" in page.text
    assert translated("Not found (404)", "sv") in page.text
    refused = client.get("/se/security-events", query_string={"status": "200"})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text


@pytest.mark.parametrize("code", ["se", "fi"])
def test_each_tenants_list_is_its_own(client, person_of, code):
    other = "fi" if code == "se" else "se"
    stranger = person_of(other, "case_officer")
    client.get(f"/api/v1/{other}/applications/2147440000", headers=stranger["headers"])
    reader = person_of(code, "auditor")
    events = listed(client, code, reader["headers"], limit=500)
    assert all(e["actor_label"] != stranger["email"] for e in events)
    assert all(e["path"].startswith((f"/api/v1/{code}/", f"/{code}/")) or e["path"] == "*" for e in events)


def test_a_session_of_another_tenant_is_recorded_without_its_person(client, make_user, person_of):
    _id, email = make_user("se", "case_officer")
    sign_in(client, "se", email)
    assert client.get("/fi/applications/2147420000").status_code == 404
    admin_fi = person_of("fi", "ma_admin")
    events = [e for e in listed(client, "fi", admin_fi["headers"]) if e["path"] == "/fi/applications/2147420000"]
    assert [(e["actor"], e["actor_label"], e["via"], e["status"]) for e in events] == [
        ("foreign_session", "", "page", 404)
    ]


def test_the_embedded_default_on_sqlite_counts_events_too(tmp_path):
    from service.accounts.models import User
    from service.accounts.operations import create_user
    from service.accounts.tokens import create_token
    from service.app import create_app
    from service.extensions import db
    from service.security_events.models import SecurityEvent
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope
    from tests.conftest import bearer, embedded_config

    app = create_app(embedded_config(tmp_path))
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["reference", "sync"], ["tenants", "sync"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)
    try:
        with app.app_context():
            se = db.session.query(Tenant.id).filter(Tenant.code == "se").scalar()
            with tenant_scope(se):
                person = create_user(email="handlaggare@se.test", role="case_officer", name="H", password="x" * 16)
                db.session.commit()
                secret = create_token(db.session.get(User, person.id))
                db.session.commit()
        client = app.test_client()
        for _ in range(3):
            assert client.get("/api/v1/se/applications/99", headers=bearer(secret)).status_code == 404
        assert client.get("/api/v1/se/security-events", headers=bearer(secret)).status_code == 403
        with app.app_context(), tenant_scope(se):
            rows = db.session.query(SecurityEvent).order_by(SecurityEvent.id).all()
            counted: dict = {}
            for row in rows:  # a minute may turn between the requests: then a path has two rows
                counted[(row.path, row.status)] = counted.get((row.path, row.status), 0) + row.count
            assert counted == {("/api/v1/se/applications/99", 404): 3, ("/api/v1/se/security-events", 403): 1}
            assert len(rows) <= 3
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_write_the_database_refuses_does_not_change_the_answer(client, person_of, monkeypatch):
    from service.security_events import recorder

    officer = person_of("se", "case_officer")
    admin = person_of("se", "ma_admin")
    url = "/api/v1/se/projects/2147410000"
    expected = client.get(url, headers=officer["headers"])
    real = recorder.describe
    # a status the table's check constraint refuses: the database itself fails the event's own transaction
    monkeypatch.setattr(recorder, "describe", lambda status: {**real(status), "status": 500})
    answer = client.get(url, headers=officer["headers"])
    assert (answer.status_code, answer.json) == (404, expected.json)
    monkeypatch.undo()
    rows = listed(client, "se", admin["headers"], person=officer["email"])
    assert sum(e["count"] for e in rows) == 1  # the first request's event only
