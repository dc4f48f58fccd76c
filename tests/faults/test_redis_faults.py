"""Redis stopped, frozen or emptied while applicants submit (issue 10, findings 1, 2 and 6's neighbour).

Every submit that committed answers 201 at once, in JSON; nothing is stored twice or without a 201; the
receipt job is kept in the database (the outbox) and reaches the queue when Redis answers again; each
receipt is e-mailed exactly once; the same process answers its next request normally."""

from __future__ import annotations

import time

from service.jobs.sweeper import sweep
from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.conftest import sign_in
from tests.faults import processes
from tests.faults.support import ready, receipt_delivery, sent_with, submissions, submit


def test_redis_stopped_during_submits_loses_nothing_and_each_receipt_is_sent_once(
    app, client, database_urls, redis_server, applicant, open_call
):
    call = open_call("fi")
    first, second = applicant("fi", language="sv"), applicant("fi")
    drafts = [(first, ready(client, "fi", first, call)), (second, ready(client, "fi", second, call))]
    redis_server.stop()

    started = time.monotonic()
    answer = submit(client, "fi", first, drafts[0][1], key="first-try")
    assert time.monotonic() - started < 3, "a refused hand-off costs no more than its short timeout"
    assert answer.status_code == 201 and answer.is_json, answer.text
    receipt = answer.json["receipt"]
    # The same process answers its next request (it was a 500: "session is in 'committed' state").
    assert client.get(f"/api/v1/fi/applications/{drafts[0][1]['id']}", headers=first["headers"]).status_code == 200
    # The client did not see the answer and tries again with the same key: the same 201 and receipt.
    again = submit(client, "fi", first, drafts[0][1], key="first-try")
    assert again.status_code == 201 and again.json["receipt"] == receipt
    assert again.headers["Idempotent-Replayed"] == "true"
    # Without the key, a second submit says what happened instead of "changed since you read it".
    plain = submit(client, "fi", first, drafts[0][1])
    assert plain.status_code == 409 and plain.is_json and plain.json["error"]["details"]["receipt"] == receipt
    other = submit(client, "fi", second, drafts[1][1], key="second")
    assert other.status_code == 201
    assert [submissions(app, "fi", d["id"]) for _, d in drafts] == [1, 1]

    runs = [receipt_delivery(app, "fi", r) for r in (receipt, other.json["receipt"])]
    assert all(run.status == "queued" for run, _ in runs)  # committed with the submission, not handed over
    redis_server.start()
    handed = sweep(app).handed_over
    assert {run.id for run, _ in runs} <= set(handed)
    processes.burst(app, database_urls)
    assert [sent_with(app, message_id) for _, message_id in runs] == [1, 1]
    # Sweeping and working again sends nothing more.
    assert not set(sweep(app).handed_over) & {run.id for run, _ in runs}
    processes.burst(app, database_urls)
    assert [sent_with(app, message_id) for _, message_id in runs] == [1, 1]


def test_redis_frozen_delays_no_request_and_the_receipt_follows_when_it_thaws(
    app, client, database_urls, redis_server, applicant, open_call, make_user
):
    call = open_call("se")
    person = applicant("se")
    draft = ready(client, "se", person, call)
    _, address = make_user("se", "case_officer")
    redis_server.freeze()

    started = time.monotonic()
    answer = submit(client, "se", person, draft, key="frozen")
    assert time.monotonic() - started < 3, "the hand-off gives up after its timeout"
    assert answer.status_code == 201 and answer.is_json
    # Signing in counts attempts in Redis: the count falls back to memory instead of failing the sign-in.
    assert sign_in(app.test_client(), "se", address).status_code == 302
    ready_now = client.get("/readyz")
    assert ready_now.status_code == 200 and ready_now.json["checks"] == {"database": "ok", "redis": "unavailable"}
    assert ready_now.json["status"] == "degraded"
    assert client.get("/healthz").status_code == 200

    run, message_id = receipt_delivery(app, "se", answer.json["receipt"])
    redis_server.thaw()
    assert run.id in sweep(app).handed_over
    processes.burst(app, database_urls)
    assert sent_with(app, message_id) == 1
    assert client.get("/readyz").json["checks"]["redis"] == "ok"


def test_jobs_that_redis_lost_in_a_restart_are_handed_over_again(
    app, client, database_urls, redis_server, applicant, open_call
):
    call = open_call("fi")
    person = applicant("fi")
    answer = submit(client, "fi", person, ready(client, "fi", person, call))
    assert answer.status_code == 201
    run, message_id = receipt_delivery(app, "fi", answer.json["receipt"])
    assert run.id not in sweep(app).handed_over  # Redis holds it: nothing to do
    redis_server.stop()  # a Redis without persistence comes back empty
    redis_server.start()
    assert run.id in sweep(app).handed_over
    processes.burst(app, database_urls)
    assert sent_with(app, message_id) == 1
