"""The audit trail: who, when, tenant, what, before/after; append-only; per tenant."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import bearer, tenant_id, translated
from tests.test_applications_api import save, start


def test_changes_are_recorded_with_before_and_after(client, make_user, token_for):
    admin, admin_email = make_user("se", "ma_admin")
    auditor, _ = make_user("se", "auditor")
    token = token_for("se", admin)
    created = client.post(
        "/api/v1/se/users", json={"email": "audited@se.test", "role": "applicant"}, headers=bearer(token)
    ).json["user"]
    client.patch(f"/api/v1/se/users/{created['id']}", json={"name": "Renamed"}, headers=bearer(token))
    trail = client.get("/api/v1/se/audit?entity=users&limit=50", headers=bearer(token_for("se", auditor))).json
    about = [e for e in trail if e["entity_id"] == str(created["id"])]
    update = next(e for e in about if e["action"] == "update")
    create = next(e for e in about if e["action"] == "create")
    assert update["before"] == {"name": ""} and update["after"] == {"name": "Renamed"}
    assert update["actor"] == f"user:{admin}" and update["actor_label"] == admin_email
    assert create["after"]["email"] == "audited@se.test" and "password_hash" not in create["after"]


def test_auditor_sees_only_own_tenant_and_others_may_not_read(client, make_user, token_for):
    fi_auditor, _ = make_user("fi", "auditor")
    applicant, _ = make_user("fi", "applicant")
    se_admin, _ = make_user("se", "ma_admin")
    client.post(
        "/api/v1/se/users",
        json={"email": "se-only@se.test", "role": "applicant"},
        headers=bearer(token_for("se", se_admin)),
    )
    trail = client.get("/api/v1/fi/audit?limit=500", headers=bearer(token_for("fi", fi_auditor))).json
    assert all("se-only@se.test" not in str(e["after"]) for e in trail)
    assert client.get("/api/v1/fi/audit", headers=bearer(token_for("fi", applicant))).status_code == 403


def test_audit_page_for_auditor(client, make_user):
    from tests.conftest import sign_in

    _, email = make_user("se", "auditor")
    sign_in(client, "se", email)
    page = client.get("/se/audit")
    assert page.status_code == 200 and "<table>" in page.text


def test_audit_trail_is_append_only_in_the_database(app, database_urls):
    engine = create_engine(database_urls["app"])
    for statement in ("UPDATE audit_entries SET actor = 'forged'", "DELETE FROM audit_entries"):
        with engine.connect() as connection, connection.begin():
            connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id(app, "se"))})
            with pytest.raises(DBAPIError, match="permission denied|append-only"):
                connection.execute(text(statement))
    engine.dispose()


def test_a_second_app_in_the_process_records_a_change_once(app, tmp_path):
    """Tests, and any process that makes more than one app, share the audit listener: one entry per change."""
    from sqlalchemy.orm import Session

    from service.app import create_app
    from service.audit.recorder import _record
    from tests.conftest import embedded_config

    create_app(embedded_config(tmp_path))
    session = Session()
    try:
        assert [listener for listener in session.dispatch.after_flush if listener is _record] == [_record]
    finally:
        session.close()


def test_a_saved_text_is_recorded_as_the_texts_that_changed_and_read_by_their_labels(
    client, open_call, applicant, make_user, token_for
):
    """An autosave records the document's keys that changed, not the whole document before and after; the
    creation holds the whole document, so the entries rebuild each version of it."""
    person = applicant("se")
    application = start(client, "se", person, open_call("se"))
    first = save(client, "se", person, application, summary="Första utkastet", needs_analysis="Behoven")
    assert first.status_code == 200, first.json
    second = save(client, "se", person, first.json, summary="Andra utkastet")
    assert second.status_code == 200, second.json
    auditor, _ = make_user("se", "auditor", language="sv")
    trail = client.get(
        "/api/v1/se/audit",
        query_string={"type": "applications", "person": f"user:{person['id']}", "limit": 50},
        headers=bearer(token_for("se", auditor)),
    ).json
    about = [e for e in trail if e["entity_id"] == str(application["id"])]
    latest, earlier = (e for e in about if e["action"] == "update" and "sections" in e["after"])
    assert (latest["before"]["sections"], latest["after"]["sections"]) == (
        {"summary": "Första utkastet"},
        {"summary": "Andra utkastet"},
    )
    assert (earlier["before"]["sections"], earlier["after"]["sections"]) == (
        {},
        {"summary": "Första utkastet", "needs_analysis": "Behoven"},
    )
    changed = {c["field"]: c for c in latest["changes"]}
    assert "sections.needs_analysis" not in changed and "sections" not in changed
    summary = changed["sections.summary"]
    assert summary["label"] == f"{translated('Texts of the application', 'sv')} › {translated('Summary', 'sv')}"
    assert (summary["old"]["text"], summary["new"]["text"]) == ("Första utkastet", "Andra utkastet")
    assert {c["field"] for c in earlier["changes"]} >= {"sections.summary", "sections.needs_analysis"}


def test_a_document_keeping_its_keys_records_nothing_and_a_key_removed_is_recorded_as_none(app):
    from service.audit.recorder import _changed_keys

    assert _changed_keys({"a": "x", "b": "y"}, {"a": "x", "b": "y"}) == ({}, {})
    assert _changed_keys({"a": "x", "b": "y"}, {"a": "x", "c": "z"}) == ({"b": "y"}, {"b": None, "c": "z"})
