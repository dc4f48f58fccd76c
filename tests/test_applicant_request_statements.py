"""What an applicant's autosave and submit ask of the database (the deadline peak, benchmarks/request_cost.py), and
that reading the application under its row lock at once still serialises a save or a submit and still hides other
people's work."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from sqlalchemy import event, func, select

from service.extensions import db
from service.jobs.models import JobRun
from service.notifications.models import Notification
from service.tenancy.scope import tenant_scope
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import tenant_id
from tests.test_applications_api import complete, save, start


@contextmanager
def statements(app):
    """The SQL statements the app sends meanwhile (SQLAlchemy's; BEGIN and COMMIT are not among them)."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_an_autosave_asks_the_database_five_things(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    first = save(client, "fi", person, application, summary="Ensimmäinen versio.")
    assert first.status_code == 200, first.json
    with statements(app) as sent:
        saved = save(client, "fi", person, {**application, **first.json}, summary="Toinen versio, pidempi.")
    assert saved.status_code == 200, saved.json
    # What the save must do, one statement each: find the tenant of the URL; set app.tenant_id for row-level
    # security; read the token with its user and the application under its row lock, with whether the person is a
    # member of its organisation (the view reads it with the token: auth.read_with_token); write it; write its
    # audit entry. (The token's last use is written at most once a minute: the start of the application did it.)
    assert len(sent) == 5, "\n".join(sent)
    assert "FROM api_tokens" in sent[2] and "FOR UPDATE OF applications" in sent[2], sent[2]
    assert "organisation_members" in sent[2]
    assert sent[3].startswith("UPDATE applications") and sent[4].startswith("INSERT INTO audit_entries")


def test_of_two_saves_of_one_field_from_the_same_version_one_is_refused(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    barrier, answers = threading.Barrier(2), []

    def send(text):
        with app.test_client() as own:
            barrier.wait()
            answers.append(save(own, "fi", person, application, summary=text).status_code)

    threads = [threading.Thread(target=send, args=(text,)) for text in ("Meidän teksti.", "Toinen teksti.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # One after the other under the row lock: the second finds the field changed after the version it read.
    assert sorted(answers) == [200, 409]
    read = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert read["version"] == application["version"] + 1


def test_of_two_submits_at_the_same_instant_exactly_one_wins(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi")
    application = complete(client, "fi", person, start(client, "fi", person, call))
    url = f"/api/v1/fi/applications/{application['id']}/submit"
    barrier, answers = threading.Barrier(2), []

    def send():
        with app.test_client() as own:
            barrier.wait()
            answers.append(own.post(url, json={"version": application["version"]}, headers=person["headers"]))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 409]
    read = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert len(read["submissions"]) == 1


def test_a_save_by_an_applicant_of_another_organisation_is_404_and_changes_nothing(client, open_call, applicant):
    call = open_call("fi")
    owner, stranger, elsewhere = applicant("fi"), applicant("fi"), applicant("se")
    application = start(client, "fi", owner, call)
    url = f"/api/v1/fi/applications/{application['id']}"
    assert save(client, "fi", stranger, application, summary="Vieras teksti.").status_code == 404
    assert client.get(url, headers=stranger["headers"]).status_code == 404
    submitted = client.post(f"{url}/submit", json={"version": application["version"]}, headers=stranger["headers"])
    assert submitted.status_code == 404
    # Another tenant's applicant: their token is not one of this tenant's.
    assert save(client, "fi", elsewhere, application, summary="Toisen maan teksti.").status_code == 404
    read = client.get(url, headers=owner["headers"]).json
    assert read["version"] == application["version"] and read["sections"].get("summary", "") == ""


def test_a_submit_writes_its_receipt_and_its_e_mail_without_looking_for_them(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi")
    application = complete(client, "fi", person, start(client, "fi", person, call))
    url = f"/api/v1/fi/applications/{application['id']}/submit"
    with statements(app) as sent:
        answer = client.post(url, json={"version": application["version"]}, headers=person["headers"])
    assert answer.status_code == 201, answer.json
    # The receipt's key names the submission made in this transaction, so nobody can have it yet: the notification
    # and the job that e-mails it are written at once (no lookup, no savepoint, no second set_config).
    said = "\n".join(sent)
    assert [s for s in sent if s.startswith("INSERT INTO notifications")], said
    assert len([s for s in sent if s.startswith("INSERT INTO job_runs")]) == 1, said
    assert not [s for s in sent if "SAVEPOINT" in s or "FROM notifications" in s or "FROM job_runs" in s], said
    assert len([s for s in sent if "set_config" in s]) == 1, said
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        told = db.session.scalars(select(Notification).where(Notification.user_id == person["id"])).all()
        receipts = [n for n in told if n.kind == "receipt"]
        assert len(receipts) == 1 and receipts[0].params["receipt"] == answer.json["receipt"]
        runs = db.session.scalars(select(JobRun).where(JobRun.name == "notifications.deliver")).all()
        assert [r.arguments["notification_id"] for r in runs].count(receipts[0].id) == 1


def test_a_savepoint_keeps_the_transaction_s_tenant_without_setting_it_again(app, applicant):
    from service.accounts.models import User

    person = applicant("fi")
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        with statements(app) as sent:
            with db.session.begin_nested():  # the first statement: the transaction and the savepoint begin together
                setting = db.session.scalar(select(func.current_setting("app.tenant_id", True)))
                seen = db.session.scalar(select(User.id).where(User.id == person["id"]))  # under row-level security
        db.session.rollback()
    # set_config once, as the transaction began; the savepoint inside it is in the same scope.
    assert len([s for s in sent if "set_config" in s]) == 1, "\n".join(sent)
    assert setting == str(tenant_id(app, "fi")) and seen == person["id"]


def started(client, code: str, open_call, applicant) -> tuple[dict, str]:
    """An applicant of the tenant and the API address of the application they have just started."""
    person = applicant(code)
    application = start(client, code, person, open_call(code))
    return person, f"/api/v1/{code}/applications/{application['id']}"


def test_reading_an_application_reads_its_call_in_the_same_statement(app, client, open_call, applicant):
    person, url = started(client, "fi", open_call, applicant)
    line = {"year": 2027, "category": "travel", "description": "Matkat", "amount": "1 000,00"}
    with statements(app) as sent:
        read = client.get(url, headers=person["headers"])
        added = client.post(f"{url}/budget-lines", json=line, headers=person["headers"])
    assert read.status_code == 200 and added.status_code == 201, (read.json, added.json)
    said = "\n".join(sent)
    # The application with its call (the currency of the answer, the rates of the totals), never the call alone;
    # both with the token (auth.read_with_token), which is not read again.
    with_call = [s for s in sent if "FROM api_tokens" in s and "JOIN applications" in s and "JOIN calls" in s]
    assert len(with_call) == 2 and len([s for s in sent if "FROM api_tokens" in s]) == 2, said
    assert not [s for s in sent if s.startswith("SELECT calls.")], said
    assert read.json["currency"] == "EUR" and added.json["amount"] == "1000.00"


def test_a_read_asks_only_for_the_kinds_of_parts_the_application_has(app, client, open_call, applicant):
    person, url = started(client, "se", open_call, applicant)
    line = {"year": 2027, "category": "travel", "description": "Resor", "amount": "2 500,00"}
    assert client.post(f"{url}/budget-lines", json=line, headers=person["headers"]).status_code == 201
    parts = ("budget_lines", "application_partners", "planned_indicators", "attachments", "application_submissions")
    parts += ("supplement_requests",)

    def asked_for(sent: list[str]) -> set[str]:
        return {part for part in parts for s in sent if s.startswith(f"SELECT {part}.")}  # a read of that kind

    with statements(app) as sent:
        read = client.get(url, headers=person["headers"])
    assert read.status_code == 200, read.json
    # Whether it has parts of each kind came with the application (EXISTS in its statement); only budget lines
    # were then read. Every other kind is answered empty without a query.
    assert asked_for(sent) == {"budget_lines"}, "\n".join(sent)
    assert [row["description"] for row in read.json["budget_lines"]] == ["Resor"]
    assert read.json["partners"] == read.json["indicators"] == read.json["attachments"] == []

    partner = {"name": "Föreningen Språkvän", "number": "802000-0000", "role": "Språkcaféer", "budget_share": "0"}
    added = client.post(f"{url}/partners", json=partner, headers=person["headers"])
    assert added.status_code == 201, added.json
    with statements(app) as sent:
        read = client.get(url, headers=person["headers"])
    assert asked_for(sent) == {"budget_lines", "application_partners"}, "\n".join(sent)
    assert [row["name"] for row in read.json["partners"]] == ["Föreningen Språkvän"]


def test_a_statement_built_once_takes_the_criteria_of_each_tenant_it_runs_for(app, client, open_call, applicant):
    from service.applications.util import _MINE_QUERIES
    from service.tenancy.scoping import scoped_forms

    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    query = _MINE_QUERIES[False, False]
    values = {"application_id": application["id"], "user_id": person["id"]}
    bound: list = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "FROM applications" in statement:
            bound.append(parameters)

    fi, se = tenant_id(app, "fi"), tenant_id(app, "se")
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            with tenant_scope(fi):
                mine = db.session.execute(query, values).first()[0].id
                again = db.session.execute(query, values).first()[0].id
                scoped_fi = scoped_forms(query)[fi]
                db.session.rollback()
            with tenant_scope(se):
                # The same statement, the same ids, for another tenant: its own criteria, so nothing.
                elsewhere = db.session.execute(query, values).first()
                scoped_se = scoped_forms(query)[se]
                db.session.rollback()
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    assert mine == again == application["id"]
    assert elsewhere is None
    # The scope's criteria were added once per tenant and kept: the same scoped statement for every execution.
    assert scoped_fi is not scoped_se and scoped_forms(query)[fi] is scoped_fi
    # Each execution bound the tenant of its own scope (the criteria of the ORM; row-level security is underneath).
    assert [p["tenant_id_1"] for p in bound] == [fi, fi, se], bound


def test_a_statement_derived_from_one_built_once_keeps_its_own_conditions(app, client, open_call, applicant):
    from service.applications.models import Application
    from service.applications.util import _MINE_QUERIES
    from service.tenancy.scoping import scoped_forms

    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    query = _MINE_QUERIES[False, False]
    narrower = query.where(Application.title == "no such title")  # a copy: it must not run as the original
    values = {"application_id": application["id"], "user_id": person["id"]}
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        found = db.session.execute(query, values).first()[0].id
        derived = db.session.execute(narrower, values).first()
        db.session.rollback()
    assert found == application["id"] and derived is None
    assert scoped_forms(narrower) == {} and scoped_forms(query)


def test_the_documents_rewritten_at_every_save_are_compressed_with_lz4(app):
    from sqlalchemy import text

    with app.app_context():
        available = db.session.scalar(
            text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        )
        rows = db.session.execute(
            text(
                "SELECT c.relname || '.' || a.attname, a.attcompression FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid "
                "WHERE (c.relname, a.attname) IN (('applications', 'sections'), ('applications', 'field_versions'), "
                "('audit_entries', 'before'), ('audit_entries', 'after'), ('application_submissions', 'content'))"
            )
        ).all()
        db.session.rollback()
    # Migration 0029: 'l' is lz4 (PostgreSQL's catalogue); a server built without lz4 keeps its default ('').
    assert len(rows) == 5
    assert {column: method for column, method in rows} == {column: "l" if available else "" for column, _ in rows}
