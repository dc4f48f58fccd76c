"""Two requests at the same instant (issue 10, finding 5, and the idempotent submit).

To make "the same instant" certain rather than likely, a superuser connection holds the application's row
while both requests start; both are then waiting in PostgreSQL when it lets go."""

from __future__ import annotations

import threading

from sqlalchemy import text

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.faults.servers import wait_until
from tests.faults.support import backends_waiting_for_a_lock, ready, submissions, submit
from tests.test_applications_api import save, start


def _at_once(admin_sql, application_id: int, *requests) -> list:
    """Start each request while the application's row is held; let go once all of them wait."""
    answers: list = [None] * len(requests)
    with admin_sql.connect() as admin:
        admin.execute(text("SELECT id FROM applications WHERE id = :id FOR UPDATE"), {"id": application_id})
        threads = [
            threading.Thread(target=lambda i=i, r=r: answers.__setitem__(i, r())) for i, r in enumerate(requests)
        ]
        for thread in threads:
            thread.start()
        wait_until(lambda: len(backends_waiting_for_a_lock(admin_sql)) >= len(requests), 30, "all requests wait")
        admin.rollback()
    for thread in threads:
        thread.join(30)
    return answers


def test_two_saves_of_one_section_at_the_same_instant_one_wins_and_the_other_gets_the_winners_text(
    app, client, admin_sql, applicant, open_call
):
    first = applicant("se")
    second = applicant("se", organisation_id=first["organisation_id"])
    draft = start(client, "se", first, open_call("se"))
    answers = _at_once(
        admin_sql,
        draft["id"],
        lambda: save(app.test_client(), "se", first, draft, summary="Anna skrev detta."),
        lambda: save(app.test_client(), "se", second, draft, summary="Bertil skrev något annat."),
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.json for a in answers]
    won = next(a for a in answers if a.status_code == 200)
    lost = next(a for a in answers if a.status_code == 409)
    winner_text = "Anna skrev detta." if won is answers[0] else "Bertil skrev något annat."
    [conflict] = lost.json["error"]["details"]["conflicts"]
    assert conflict["field"] == "summary" and conflict["current"] == winner_text
    assert lost.json["error"]["details"]["version"] == won.json["version"]


def test_two_submits_with_the_same_key_at_the_same_instant_are_one_submission_with_one_receipt(
    app, client, admin_sql, applicant, open_call
):
    person = applicant("fi")
    draft = ready(client, "fi", person, open_call("fi"))
    answers = _at_once(
        admin_sql,
        draft["id"],
        lambda: submit(app.test_client(), "fi", person, draft, key="double-click"),
        lambda: submit(app.test_client(), "fi", person, draft, key="double-click"),
    )
    assert [a.status_code for a in answers] == [201, 201], [a.json for a in answers]
    assert answers[0].json["receipt"] == answers[1].json["receipt"]
    assert submissions(app, "fi", draft["id"]) == 1


def test_an_idempotency_key_is_checked_and_bound_to_its_request(app, client, applicant, open_call):
    person = applicant("fi")
    call = open_call("fi")
    one, other = ready(client, "fi", person, call), ready(client, "fi", person, call)
    for bad in ("", "x" * 256, "tab\there", "å"):
        refused = submit(client, "fi", person, one, key=bad)
        assert refused.status_code == 422 and "Idempotency-Key" in refused.json["errors"], bad
    assert submissions(app, "fi", one["id"]) == 0
    assert submit(client, "fi", person, one, key="mine").status_code == 201
    reused = submit(client, "fi", person, other, key="mine")  # the same key for another application
    assert reused.status_code == 422 and "Idempotency-Key" in reused.json["errors"]
    assert submissions(app, "fi", other["id"]) == 0
    # Keys are per person: another person's identical key is a key of its own.
    colleague = applicant("fi", organisation_id=person["organisation_id"])
    assert submit(client, "fi", colleague, other, key="mine").status_code == 201
