"""The audit trail reads like a record: object and reference, action, fields by their labels, values in the
reader's format, the person's name, times in the tenant's zone; filters, pages, downloads, one tenant only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from openpyxl import load_workbook
from sqlalchemy import event

from service.extensions import db
from tests.audit_trail_support import demo_object, record
from tests.conftest import bearer, sign_in, translated

CLAIM = "service.claims.models.claim.Claim"
PROJECT = "service.projects.models.Project"
APPLICATION = "service.applications.models.Application"
DECISION = "service.decisions.models.Decision"
LONG = "The beneficiary explains the delay at length. " * 10


@pytest.fixture
def reader(make_user, token_for):
    """A reader of the trail (an auditor by default) and a fresh person whose entries the test writes."""

    def make(code="se", role="auditor", language="en"):
        reader_id, email = make_user(code, role, language=language)
        actor_id, _ = make_user(code, "case_officer")
        return {
            "id": reader_id,
            "email": email,
            "headers": bearer(token_for(code, reader_id)),
            "actor": f"user:{actor_id}",
            "actor_id": actor_id,
        }

    return make


def trail(client, code, who, **args):
    answer = client.get(f"/api/v1/{code}/audit", query_string=args, headers=who["headers"])
    assert answer.status_code == 200, answer.text
    return answer.json


def change(entry, field):
    return next(c for c in entry["changes"] if c["field"] == field)


def test_each_kind_of_change_reads_in_the_readers_format(app, client, reader):
    person = reader()
    claim = demo_object(app, "se", CLAIM)
    record(
        app,
        "se",
        actor=person["actor"],
        entity="claims",
        entity_id=claim["id"],
        at=datetime(2026, 1, 15, 23, 30, tzinfo=UTC),
        before={
            "eligible_cost": "1000.00",
            "period_end": "2025-06-30",
            "final": False,
            "status": "submitted",
            "supplement_message": "",
            "verified_by": None,
        },
        after={
            "eligible_cost": "125000.50",
            "period_end": "2025-12-31",
            "final": True,
            "status": "verified",
            "supplement_message": LONG,
            "verified_by": person["actor_id"],
        },
    )
    (entry,) = trail(client, "se", person, person=person["actor"])
    assert entry["object_type"] == "Payment claim" and entry["reference"] == claim["reference"]
    assert entry["action_label"] == "Verified"  # the status it reached, not "update"
    assert entry["person"] == "Test case_officer"
    money = change(entry, "eligible_cost")
    assert money["label"] == "Eligible cost"
    assert money["old"]["text"] == babel_numbers.format_currency(Decimal("1000.00"), "SEK", locale="en_SE")
    assert money["new"]["text"] == babel_numbers.format_currency(Decimal("125000.50"), "SEK", locale="en_SE")
    day = change(entry, "period_end")
    assert day["new"]["text"] == babel_dates.format_date(date(2025, 12, 31), format="long", locale="en_SE")
    assert change(entry, "final")["old"]["text"] == "No" and change(entry, "final")["new"]["text"] == "Yes"
    assert change(entry, "final")["label"] == "Final claim"
    state = change(entry, "status")
    assert (state["old"]["text"], state["new"]["text"]) == ("Submitted", "Verified")
    text = change(entry, "supplement_message")
    assert text["new"]["full"] == LONG and len(text["new"]["text"]) <= 121 and text["new"]["text"].endswith("…")
    assert change(entry, "verified_by")["new"]["text"] == "Test case_officer"  # a person by name, not an id
    # 23:30 UTC on 15 January is half past midnight on the 16th in Stockholm.
    stockholm = datetime(2026, 1, 16, 0, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert entry["at_local"] == babel_dates.format_datetime(
        stockholm, format="medium", tzinfo=ZoneInfo("Europe/Stockholm"), locale="en_SE"
    )


def test_instants_and_rates_and_money_in_the_claims_currency(app, client, reader):
    person = reader("fi")
    claim = demo_object(app, "fi", CLAIM)
    record(
        app,
        "fi",
        actor=person["actor"],
        entity="claims",
        entity_id=claim["id"],
        before={"indirect_rate": "7.00", "verified_at": None, "eu_amount": "10.00"},
        after={"indirect_rate": "15.00", "verified_at": "2026-06-30T21:15:00+00:00", "eu_amount": "20.00"},
    )
    (entry,) = trail(client, "fi", person, person=person["actor"])
    assert change(entry, "indirect_rate")["new"]["text"] == "15,00\xa0%"  # en_FI writes a decimal comma
    helsinki = ZoneInfo("Europe/Helsinki")
    assert change(entry, "verified_at")["new"]["text"] == babel_dates.format_datetime(
        datetime(2026, 6, 30, 21, 15, tzinfo=UTC), format="medium", tzinfo=helsinki, locale="en_FI"
    )
    assert change(entry, "verified_at")["old"]["text"] == "—"
    assert change(entry, "eu_amount")["new"]["text"] == babel_numbers.format_currency(
        Decimal("20.00"), "EUR", locale="en_FI"
    )
    # Quantities kept in the money type (hours, units) are numbers; a salary share is a percentage.
    record(
        app,
        "fi",
        actor=person["actor"],
        entity="budget_lines",
        entity_id=1,
        before={"units": "12.00", "percentage": "50.00", "category": "staff"},
        after={"units": "1500.50", "percentage": "62.50", "category": "travel"},
    )
    line = next(e for e in trail(client, "fi", person, person=person["actor"]) if e["entity"] == "budget_lines")
    assert change(line, "units")["new"]["text"] == babel_numbers.format_decimal(Decimal("1500.50"), locale="en_FI")
    assert change(line, "percentage")["new"]["text"] == "62,50\xa0%"
    assert (change(line, "category")["old"]["text"], change(line, "category")["new"]["text"]) == ("Staff", "Travel")
    assert line["object_type"] == "Budget line"


def test_objects_persons_and_actions_by_name_with_links_the_reader_may_open(app, client, reader):
    person = reader("se", role="auditor")
    admin = reader("se", role="ma_admin")
    application = demo_object(app, "se", APPLICATION)
    project = demo_object(app, "se", PROJECT)
    decision = demo_object(app, "se", DECISION)
    for who in (person, admin):
        record(
            app,
            "se",
            actor=who["actor"],
            entity="applications",
            entity_id=application["id"],
            action="create",
            after={
                "id": 5,
                "tenant_id": 1,
                "version": 1,
                "title": "Ny ansökan",
                "status": "draft",
                "project_start": None,
            },
        )
        record(
            app,
            "se",
            actor=who["actor"],
            entity="projects",
            entity_id=project["id"],
            before={"status": "active"},
            after={"status": "cancelled"},
        )
        record(
            app,
            "se",
            actor=who["actor"],
            entity="decisions",
            entity_id=decision["id"],
            before={"status": "prepared"},
            after={"status": "approved"},
        )
        record(
            app,
            "se",
            actor="job:reminders",
            entity="applications",
            entity_id=application["id"],
            action="merge",
            actor_label=who["actor"],
            after={"title": "x"},
        )
    entries = trail(client, "se", person, person=person["actor"])
    by_type = {e["object_type"]: e for e in entries}
    assert set(by_type) == {"Application", "Project", "Decision"}
    assert by_type["Application"]["reference"] == application["reference"]
    assert by_type["Application"]["action_label"] == "Created"
    assert [c["field"] for c in by_type["Application"]["changes"]] == ["title", "status"]  # empty fields left out
    assert by_type["Project"]["action_label"] == "Cancelled"
    assert by_type["Decision"]["action_label"] == "Approved"
    job = next(e for e in trail(client, "se", person, person="system") if e["actor_label"] == person["actor"])
    assert job["person"] == "System" and job["action_label"] == "Other change"

    # Links: the auditor reads every object of the tenant (issue 15; service.applications.util.READERS,
    # service.projects.util.READERS, service.decisions.util.READERS, service.claims.util.READERS).
    claim = demo_object(app, "se", CLAIM)
    record(app, "se", actor=person["actor"], entity="claims", entity_id=claim["id"], after={"final": True})
    sign_in(client, "se", person["email"])
    page = client.get("/se/audit", query_string={"person": person["actor"]}).text
    assert f'/se/claims/{claim["id"]}"' in page
    assert f'/se/applications/{application["id"]}"' in page and f'/se/projects/{project["id"]}"' in page
    assert f'/se/decisions/applications/{decision["application_id"]}"' in page
    client.get("/se/logout")
    sign_in(client, "se", admin["email"])
    page = client.get("/se/audit", query_string={"person": admin["actor"]}).text
    assert f'/se/projects/{project["id"]}"' in page
    assert f'/se/decisions/applications/{decision["application_id"]}"' in page
    assert "merge" not in page and "job:reminders" not in page


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_labels_in_the_readers_language(app, client, reader, language):
    code = "se" if language == "sv" else "fi"
    person = reader(code, role="ma_admin", language=language)
    claim = demo_object(app, code, CLAIM)
    record(
        app,
        code,
        actor=person["actor"],
        entity="claims",
        entity_id=claim["id"],
        before={"final": False, "eligible_cost": "1.00", "status": "draft"},
        after={"final": True, "eligible_cost": "2.00", "status": "submitted"},
    )
    (entry,) = trail(client, code, person, person=person["actor"])
    assert entry["object_type"] == translated("Payment claim", language)
    assert entry["action_label"] == translated("Submitted", language)
    assert change(entry, "final")["label"] == translated("Final claim", language)
    assert change(entry, "final")["new"]["text"] == translated("Yes", language)
    assert change(entry, "eligible_cost")["label"] == translated("Eligible cost", language)
    assert change(entry, "status")["old"]["text"] == translated("Draft", language)
    if language != "en":
        assert entry["object_type"] != "Payment claim" and entry["action_label"] != "Submitted"
    sign_in(client, code, person["email"])
    page = client.get(f"/{code}/audit", query_string={"person": person["actor"]}).text
    for words in ("Audit trail", "Object type", "Payment claim", "Final claim", "Submitted"):
        assert translated(words, language) in page


def test_filters_by_person_type_reference_action_and_days_in_the_tenants_zone(app, client, reader):
    person = reader()
    claim = demo_object(app, "se", CLAIM)
    application = demo_object(app, "se", APPLICATION)
    late = record(
        app,
        "se",
        actor=person["actor"],
        entity="claims",
        entity_id=claim["id"],
        at=datetime(2026, 2, 10, 23, 30, tzinfo=UTC),
        after={"status": "submitted"},
        before={},
    )
    made = record(
        app,
        "se",
        actor=person["actor"],
        entity="applications",
        entity_id=application["id"],
        action="create",
        at=datetime(2026, 2, 10, 12, 0, tzinfo=UTC),
        after={"title": "T"},
    )
    ids = lambda **args: [e["id"] for e in trail(client, "se", person, person=person["actor"], **args)]  # noqa: E731
    assert ids() == sorted([late, made], reverse=True)
    assert ids(type="claims") == [late]
    assert ids(action="create") == [made]
    assert ids(action="update") == [late]  # every change, of status too
    assert ids(action="submitted") == [late] and ids(action="approved") == []  # the status a change reached
    assert ids(reference=claim["reference"].lower()) == [late]
    assert ids(reference=f"  {application['reference']} ") == [made]
    assert ids(reference="NO-SUCH-REFERENCE") == []
    assert ids(reference=claim["reference"], type="applications") == []
    # 23:30 UTC on 10 February is the 11th in Stockholm; 12:00 UTC is the 10th.
    assert ids(**{"from": "2026-02-11"}) == [late]
    assert ids(**{"to": "2026-02-10"}) == [made]
    assert ids(**{"from": "2026-02-10", "to": "2026-02-11"}) == sorted([late, made], reverse=True)
    other = reader()
    assert person["actor"] != other["actor"] and trail(client, "se", other, person=other["actor"]) == []


def test_pages_of_entries_newest_first(app, client, reader):
    person = reader()
    application = demo_object(app, "se", APPLICATION)
    written = [
        record(
            app,
            "se",
            actor=person["actor"],
            entity="applications",
            entity_id=application["id"],
            before={"title": str(n)},
            after={"title": str(n + 1)},
        )
        for n in range(60)
    ]
    first = trail(client, "se", person, person=person["actor"], limit=25)
    second = trail(client, "se", person, person=person["actor"], limit=25, before=first[-1]["id"])
    third = trail(client, "se", person, person=person["actor"], limit=25, before=second[-1]["id"])
    assert [e["id"] for e in first + second + third] == written[::-1]
    sign_in(client, "se", person["email"])
    page = client.get("/se/audit", query_string={"person": person["actor"]}).text
    assert page.count("<tr>") == 1 + 50 and f"before={written[10]}" in page
    older = client.get("/se/audit", query_string={"person": person["actor"], "before": written[10]}).text
    assert older.count("<tr>") == 1 + 10 and "before=" not in older.split("Newest entries")[-1]


def test_downloads_of_the_filtered_trail(app, client, reader):
    person = reader(language="sv")
    claim = demo_object(app, "se", CLAIM)
    record(
        app,
        "se",
        actor=person["actor"],
        entity="claims",
        entity_id=claim["id"],
        at=datetime(2026, 1, 15, 23, 30, tzinfo=UTC),
        before={"eligible_cost": "1000.00", "supplement_message": ""},
        after={"eligible_cost": "2000.00", "supplement_message": '=HYPERLINK("http://evil")' + LONG},
    )
    record(
        app,
        "se",
        actor=person["actor"],
        entity="users",
        entity_id=person["actor_id"],
        action="delete",
        before={"email": "gone@se.test"},
    )
    for api in (True, False):
        if api:
            get = lambda **a: client.get("/api/v1/se/audit/export", query_string=a, headers=person["headers"])  # noqa: E731
        else:
            sign_in(client, "se", person["email"])
            get = lambda **a: client.get("/se/audit/export", query_string=a)  # noqa: E731
        answer = get(format="csv", person=person["actor"], type="claims")
        assert answer.status_code == 200 and answer.content_type.startswith("text/csv")
        assert answer.headers["Cache-Control"] == "private, no-store"
        rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][:3] == [translated("When", "sv"), translated("Who", "sv"), translated("Object type", "sv")]
        body = rows[1:]
        labels = {translated("Eligible cost", "sv"), translated("What the beneficiary should supplement", "sv")}
        assert len(body) == 2 and {r[5] for r in body} == labels
        assert all(r[0] == "2026-01-16 00:30:00" and r[3] == claim["reference"] for r in body)
        text = next(r for r in body if r[7].lstrip("'").startswith("=HYPERLINK"))
        assert text[7].startswith("'=") and text[7].endswith(LONG)  # neutralised, and whole (not shortened)
        money = next(r for r in body if r[5] == translated("Eligible cost", "sv"))
        assert money[6] == babel_numbers.format_currency(Decimal("1000.00"), "SEK", locale="sv_SE")
        assert money[7] == babel_numbers.format_currency(Decimal("2000.00"), "SEK", locale="sv_SE")

        answer = get(format="xlsx", person=person["actor"])
        assert answer.status_code == 200
        sheet = load_workbook(io.BytesIO(answer.data)).active
        values = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert len(values) == 3  # two fields of the claim, one of the deleted account
        deleted = next(row for row in values if row[2] == translated("User account", "sv"))
        assert deleted[4] == translated("Deleted", "sv") and deleted[6] == "gone@se.test"
        assert isinstance(values[0][0], datetime) and values[0][8] > 0
    client.get("/se/logout")


BAD = [
    ({"type": "secrets"}, "type"),
    ({"action": "drop"}, "action"),
    ({"person": "user:abc"}, "person"),
    ({"person": "user:12; drop"}, "person"),
    ({"from": "2026-13-40"}, "from"),
    ({"to": "yesterday"}, "to"),
    ({"from": "2026-02-02", "to": "2026-02-01"}, "to"),
    ({"reference": "R" * 81}, "reference"),
    ({"before": "-1"}, "before"),
    ({"before": "x" * 30}, "before"),
]


def test_a_period_that_ends_before_it_starts_is_named_so_not_as_a_bad_date(client, reader):
    person = reader(language="sv")
    answer = client.get("/api/v1/se/audit?from=2026-02-02&to=2026-02-01", headers=person["headers"])
    assert answer.status_code == 422
    assert answer.json["errors"] == {"to": [translated("The end of the period is before its start.", "sv")]}


@pytest.mark.parametrize(("args", "field"), BAD)
def test_bad_filters_are_refused_in_the_readers_language(client, reader, args, field):
    person = reader(language="sv")
    for path in ("/api/v1/se/audit", "/api/v1/se/audit/export"):
        answer = client.get(path, query_string=args, headers=person["headers"])
        assert answer.status_code == 422, (path, answer.text)
        assert field in answer.json["errors"]
        message = " ".join(answer.json["errors"][field])
        assert message and "Not a valid" not in message and "Must be greater" not in message
    assert client.get("/api/v1/se/audit?limit=0", headers=person["headers"]).status_code == 422
    answer = client.get("/api/v1/se/audit/export?format=pdf", headers=person["headers"])
    assert answer.status_code == 422 and answer.json["errors"]["format"] == [
        translated("Choose the format xlsx or csv.", "sv")
    ]
    sign_in(client, "se", person["email"])
    page = client.get("/se/audit", query_string=args)
    assert page.status_code == 422 and translated("Check the filters marked below.", "sv") in page.text
    download = client.get("/se/audit/export", query_string={**args, "format": "csv"})
    assert download.status_code == 422 and download.content_type.startswith("text/html")
    assert message in download.text  # the same words as the API's, in the reader's language
    if field != "before":  # not a field of the form: its message is in the alert
        assert 'aria-invalid="true"' in page.text and f'id="f-{field}-error"' in page.text


def test_another_tenants_entries_and_objects_never_appear(app, client, reader):
    se, fi = reader("se"), reader("fi")
    fi_claim = demo_object(app, "fi", CLAIM)
    se_claim = demo_object(app, "se", CLAIM)
    record(
        app,
        "fi",
        actor=se["actor"],
        entity="claims",
        entity_id=fi_claim["id"],
        after={"status": "verified"},
        before={"status": "submitted"},
        actor_label="fi-secret@fi.test",
    )
    # An entry of se naming the id of fi's claim (ids are one sequence for all tenants, so it is no claim of
    # se's): the reference is read in se's scope and never resolves to fi's claim, nor links to it.
    assert fi_claim["id"] != se_claim["id"]
    record(app, "se", actor=se["actor"], entity="claims", entity_id=fi_claim["id"], after={"final": True})
    (entry,) = trail(client, "se", se, person=se["actor"])
    assert entry["reference"] == f"#{fi_claim['id']}" and fi_claim["reference"] not in str(entry)
    # Nor when a field names it: a claim line of se pointing at fi's claim shows the number only; se's own
    # claim by its reference.
    for claim_id in (fi_claim["id"], se_claim["id"]):
        record(
            app,
            "se",
            actor=se["actor"],
            entity="claim_lines",
            entity_id=claim_id,
            action="create",
            after={"claim_id": claim_id, "description": "Resa"},
        )
    lines = trail(client, "se", se, person=se["actor"], type="claim_lines")
    named = {change(line, "claim_id")["new"]["text"] for line in lines}
    assert named == {f"#{fi_claim['id']}", se_claim["reference"]}
    assert {line["object_type"] for line in lines} == {"Claim line"}
    sign_in(client, "se", se["email"])
    assert f'/claims/{fi_claim["id"]}"' not in client.get("/se/audit", query_string={"person": se["actor"]}).text
    client.get("/se/logout")
    assert all("fi-secret" not in e["actor_label"] for e in trail(client, "se", se, limit=500))
    assert trail(client, "se", se, reference=fi_claim["reference"]) == []
    export = client.get("/api/v1/se/audit/export?format=csv", headers=se["headers"]).data.decode("utf-8-sig")
    assert "fi-secret" not in export and fi_claim["reference"] not in export
    # The fi reader sees the entry, named by a person fi does not have: the recorded label, never se's name.
    (fi_entry,) = trail(client, "fi", fi, person=se["actor"])
    assert fi_entry["person"] == "fi-secret@fi.test" and fi_entry["reference"] == fi_claim["reference"]
    # Another tenant's trail is not reachable with this tenant's token, nor its page with this tenant's session.
    assert client.get("/api/v1/fi/audit", headers=se["headers"]).status_code in (401, 403, 404)
    sign_in(client, "se", se["email"])
    page = client.get("/se/audit", query_string={"limit": 500}).text
    assert "fi-secret" not in page
    assert client.get("/fi/audit").status_code in (302, 401, 403, 404)


def test_only_auditors_and_ma_administrators_read_the_trail(client, make_user, token_for):
    for role in ("applicant", "case_officer", "assessor", "committee"):
        user, email = make_user("se", role)
        headers = bearer(token_for("se", user))
        assert client.get("/api/v1/se/audit", headers=headers).status_code == 403
        assert client.get("/api/v1/se/audit/export", headers=headers).status_code == 403
        sign_in(client, "se", email)
        assert client.get("/se/audit").status_code in (403, 404)
        assert client.get("/se/audit/export").status_code in (403, 404)
        client.get("/se/logout")


def _statements(app, action) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_a_page_costs_the_same_queries_for_10_entries_as_for_60(app, client, reader):
    few, many = reader(role="ma_admin"), reader(role="ma_admin")
    kinds = [("claims", CLAIM), ("applications", APPLICATION), ("projects", PROJECT), ("decisions", DECISION)]
    objects = {table: demo_object(app, "se", path) for table, path in kinds}

    def write(person, count):
        for n in range(count):
            table = kinds[n % len(kinds)][0]
            record(
                app,
                "se",
                actor=person["actor"],
                entity=table,
                entity_id=objects[table]["id"],
                before={"status": "x", "created_by": None},
                after={"status": "y", "created_by": person["actor_id"]},
            )

    write(few, 10)
    write(many, 60)

    def api(person):
        return lambda: client.get(f"/api/v1/se/audit?person={person['actor']}&limit=100", headers=person["headers"])

    assert _statements(app, api(few)) == _statements(app, api(many))

    def export(person):
        return lambda: client.get(
            f"/api/v1/se/audit/export?format=csv&person={person['actor']}", headers=person["headers"]
        )

    assert _statements(app, export(few)) == _statements(app, export(many))
    sign_in(client, "se", few["email"])
    page = lambda person: lambda: client.get(f"/se/audit?person={person['actor']}")  # noqa: E731
    assert _statements(app, page(few)) == _statements(app, page(many))
    # The person filter lists people by name, never by their number.
    listing = client.get("/se/audit").text
    assert f'<option value="{few["actor"]}">Test case_officer</option>' in listing


def test_a_document_recorded_whole_reads_as_the_keys_that_changed(app, client, reader):
    """Entries written before documents were recorded by their changed keys hold the whole document before and
    after: the keys that kept their value are left out, each other one is read by its label."""
    person = reader()
    application = demo_object(app, "se", APPLICATION)
    kept = "Samma text som förut. " * 20
    record(
        app,
        "se",
        actor=person["actor"],
        entity="applications",
        entity_id=application["id"],
        before={"sections": {"summary": kept, "needs_analysis": "Före", "dissemination": ""}},
        after={"sections": {"summary": kept, "needs_analysis": "Efter", "dissemination": "Spridning", "extra": "X"}},
    )
    (entry,) = trail(client, "se", person, person=person["actor"])
    assert [c["field"] for c in entry["changes"]] == [
        "sections.needs_analysis",
        "sections.dissemination",
        "sections.extra",
    ]
    needs = change(entry, "sections.needs_analysis")
    assert needs["label"] == "Texts of the application › Needs analysis"
    assert (needs["old"]["text"], needs["new"]["text"]) == ("Före", "Efter")
    spread = change(entry, "sections.dissemination")
    assert spread["label"] == "Texts of the application › Dissemination of results"
    assert (spread["old"]["text"], spread["new"]["text"]) == ("—", "Spridning")
    extra = change(entry, "sections.extra")  # a key the form no longer has: by its name
    assert extra["label"] == "Texts of the application › Extra" and extra["old"] is None
