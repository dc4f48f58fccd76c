"""PostgreSQL down, or its backends terminated mid-request (issue 10, finding 3).

The application reaches PostgreSQL through a hop that a test cuts (refused connections and reset sockets,
what a stopped server gives a client); backends are terminated by PostgreSQL itself
(``pg_terminate_backend``, what a restart does). Errors stay JSON for the API and a page for people, in the
tenant's language, without a query; an outage answers 503 with Retry-After; the next request is clean."""

from __future__ import annotations

import threading

from sqlalchemy import text

from service.tenancy import requests as tenant_requests
from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.conftest import APP_ROLE, sign_in, translated
from tests.faults.servers import wait_until
from tests.faults.support import backends_waiting_for_a_lock, ready, submissions, submit

UNAVAILABLE = "The service is unavailable for a moment. Please try again shortly."


def test_an_outage_answers_503_in_the_tenants_language_without_a_query_and_recovers(
    app, client, database_hop, applicant, open_call, make_user
):
    person = applicant("fi")
    draft = ready(client, "fi", person, open_call("fi"))
    _, officer = make_user("fi", "case_officer", language="sv")
    signed_in = app.test_client()
    assert sign_in(signed_in, "fi", officer).status_code == 302
    assert signed_in.get("/fi/applications").status_code == 200
    database_hop.cut()

    listed = client.get("/api/v1/fi/applications", headers=person["headers"])
    assert listed.status_code == 503 and listed.is_json, listed.text
    assert listed.headers["Retry-After"] == str(app.config["AMIF_RETRY_AFTER"])
    assert listed.json["error"] == {"code": "unavailable", "message": translated(UNAVAILABLE, "fi")}
    swedish = client.get("/api/v1/fi/calls", headers={"Accept-Language": "sv"})
    assert swedish.status_code == 503 and swedish.json["error"]["message"] == translated(UNAVAILABLE, "sv")
    page = client.get("/fi/calls")
    assert page.status_code == 503 and page.mimetype == "text/html" and 'lang="fi"' in page.text
    assert translated(UNAVAILABLE, "fi") in page.text and page.headers["Retry-After"]
    # A signed-in person's page: in the language saved for them (Swedish), though they cannot be read now.
    theirs = signed_in.get("/fi/applications")
    assert theirs.status_code == 503 and 'lang="sv"' in theirs.text, theirs.text
    assert translated(UNAVAILABLE, "sv") in theirs.text
    sent = submit(client, "fi", person, draft, key="outage")
    assert sent.status_code == 503 and sent.is_json
    # A process that never read the tenant: its languages from tenants/fi/tenant.toml, still no query.
    tenant_requests._known_languages.clear()
    fresh = client.get("/api/v1/fi/programme")
    assert fresh.status_code == 503 and fresh.json["error"]["message"] == translated(UNAVAILABLE, "fi")
    assert client.get("/healthz").status_code == 200  # liveness: the process is fine
    ready_now = client.get("/readyz")  # names what is down; the pod stays in the Service to answer 503 itself
    assert ready_now.status_code == 200 and ready_now.json["status"] == "degraded"
    assert ready_now.json["checks"]["database"] == "unavailable"

    database_hop.mend()
    assert client.get("/api/v1/fi/applications", headers=person["headers"]).status_code == 200
    assert submissions(app, "fi", draft["id"]) == 0  # nothing was stored during the outage
    again = submit(client, "fi", person, draft, key="outage")  # the same key: nothing was kept for it
    assert again.status_code == 201 and submissions(app, "fi", draft["id"]) == 1
    assert client.get("/readyz").json == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_terminated_backends_are_replaced_without_an_error(app, client, admin_sql, applicant):
    person = applicant("se")
    assert client.get("/api/v1/se/applications", headers=person["headers"]).status_code == 200
    with admin_sql.connect() as admin:
        ended = admin.execute(
            text(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE usename = :role AND datname = current_database()"
            ),
            {"role": APP_ROLE},
        ).scalar()
    assert ended >= 1  # the pooled connections of the app
    assert client.get("/api/v1/se/applications", headers=person["headers"]).status_code == 200


def test_a_submit_whose_backend_is_terminated_mid_transaction_stores_nothing_and_its_retry_submits_once(
    app, client, admin_sql, applicant, open_call
):
    person = applicant("se")
    draft = ready(client, "se", person, open_call("se"))
    answers = {}
    with admin_sql.connect() as admin:
        # Hold the application's row, so that the submit waits inside its transaction...
        admin.execute(text("SELECT id FROM applications WHERE id = :id FOR UPDATE"), {"id": draft["id"]})
        worker = threading.Thread(target=lambda: answers.update(first=submit(client, "se", person, draft, key="k")))
        worker.start()
        [pid] = wait_until(lambda: backends_waiting_for_a_lock(admin_sql), 30, "the submit waits")
        # ... and end its backend there, as a database restart would.
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.rollback()
    worker.join(30)
    first = answers["first"]
    assert first.status_code == 503 and first.is_json and first.headers["Retry-After"]
    assert submissions(app, "se", draft["id"]) == 0
    # The same process, the next request: a clean session, and the retry with the same key submits once.
    retried = submit(client, "se", person, draft, key="k")
    assert retried.status_code == 201, retried.json
    replayed = submit(client, "se", person, draft, key="k")
    assert replayed.status_code == 201 and replayed.json["receipt"] == retried.json["receipt"]
    assert submissions(app, "se", draft["id"]) == 1
