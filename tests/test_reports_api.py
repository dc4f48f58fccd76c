"""Progress reports through the API (Finland: half-yearly): created for the periods begun, saved as typed,
submitted (frozen with the register's counts and a receipt), returned with comments and accepted; values
cumulative, an "of which" never above its parent; a closed project, two submits at once, an identity number and
bad input refused with nothing changed."""

from __future__ import annotations

import io
import re
import threading
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from service.extensions import db
from service.projects.models import Project
from service.tenancy.scope import tenant_scope
from tests.claims_support import (  # noqa: F401 - fixtures
    PDF,
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import tenant_id
from tests.reports_support import (  # noqa: F401 - fixtures
    complete,
    create_reports,
    expected_periods,
    register_people,
    report_url,
    reportable,
    save,
    submit,
    today,
)

# Skatteverket's example personnummer (SKV 704): a valid check digit.
PERSONNUMMER = "19121212-1212"
PEOPLE = [
    {"first_name": "Aino", "last_name": "Virtanen", "born": date(1990, 4, 2), "sex": "woman"},
    {"first_name": "Erik", "last_name": "Nyström", "born": date(1950, 1, 1), "sex": "man"},
    {"first_name": "Kim", "last_name": "Lind", "born": date(2010, 5, 5), "sex": "non_binary"},
]


def _indicator(report: dict, key: str) -> dict:
    return next(row for row in report["indicators"] if row["key"] == key)


def _share(achieved: int, target: int) -> str:
    return str((Decimal(achieved) * 100 / target).quantize(Decimal("0.1"), ROUND_HALF_UP))


def test_a_report_is_written_submitted_returned_and_accepted(app, client, reportable):
    setup = reportable("fi")
    created = create_reports(client, "fi", setup)
    # tenants/fi/reports.toml: half-years from 1 January, due 30 days after the period's end.
    periods = expected_periods("fi")
    assert [(r["period_start"], r["period_end"], r["due_on"]) for r in created] == [
        (p.start.isoformat(), p.end.isoformat(), p.due.isoformat()) for p in periods
    ]
    assert created[0]["due_on"] == "2025-07-30" and created[0]["status"] == "draft"
    assert create_reports(client, "fi", setup) == []  # each period once
    report = created[0]
    register_people(app, "fi", setup, PEOPLE)
    read = client.get(report_url("fi", report), headers=setup["beneficiary"]["headers"]).json
    participants = _indicator(read, "O.2.3")
    # The register: three people, each once; ages at first participation 34, 75, 14 (service.participants.rules).
    assert participants["participant"] and participants["achieved"] == 3 and participants["target"] == 120
    assert participants["by_sex"] == {"woman": 1, "man": 1, "non_binary": 1}
    assert participants["by_age"] == {"under_18": 1, "18_60": 1, "over_60": 1}
    assert participants["share"] == _share(3, 120)
    assert _indicator(read, "O.2.3.1")["achieved"] == 3  # registered in a language course
    assert read["blocking"]["activities"] and read["blocking"]["values"]["O.1.3"]

    report = complete(client, "fi", setup, report)
    places = _indicator(report, "O.1.3")
    assert (places["achieved"], places["target"], places["share"]) == (20, 40, "50.0")
    assert _indicator(report, setup["own"])["share"] == _share(50, 200)
    sent = submit(client, "fi", setup, report)
    assert sent.status_code == 201, sent.json
    receipt = sent.json["submissions"][0]["receipt"]
    assert re.fullmatch(rf"{re.escape(setup['project']['reference'])}-R1-1-[0-9A-F]{{8}}", receipt)
    again = submit(client, "fi", setup, report)
    assert again.status_code == 409 and receipt in again.json["error"]["message"]
    assert save(client, "fi", setup, report, activities="Ändrat").status_code == 409
    # Registered after the submission: the submitted report keeps the counts it was submitted with.
    register_people(
        app, "fi", setup, [{"first_name": "Ny", "last_name": "Person", "born": date(1980, 1, 1), "sex": "man"}]
    )
    frozen = client.get(report_url("fi", report), headers=setup["officer"]["headers"]).json
    assert _indicator(frozen, "O.2.3")["achieved"] == 3

    officer = setup["officer"]["headers"]
    no_comment = client.post(f"{report_url('fi', report)}/return", json={}, headers=officer)
    assert no_comment.status_code == 422 and no_comment.json["errors"]["comment"]
    returned = client.post(
        f"{report_url('fi', report)}/return", json={"comment": "Beskriv könsfördelningen."}, headers=officer
    )
    assert returned.status_code == 200 and returned.json["status"] == "returned"
    assert returned.json["reviews"][0]["comment"] == "Beskriv könsfördelningen."
    assert client.post(f"{report_url('fi', report)}/accept", json={}, headers=officer).status_code == 409
    # Opened again: the register's counts are live until it is submitted once more.
    live = client.get(report_url("fi", report), headers=setup["beneficiary"]["headers"]).json
    assert _indicator(live, "O.2.3")["achieved"] == 4
    assert save(client, "fi", setup, report, horizontal_principles="Två kvinnor, två män.").status_code == 200
    resent = submit(client, "fi", setup, report)
    assert resent.status_code == 201 and resent.json["submissions"][1]["receipt"].startswith(
        f"{setup['project']['reference']}-R1-2-"
    )
    accepted = client.post(f"{report_url('fi', report)}/accept", json={}, headers=officer)
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"

    # The next report: values are cumulative, never below the accepted report's.
    second = created[1]
    lower = save(client, "fi", setup, second, values={"O.1.3": 19})
    assert lower.status_code == 422 and lower.json["errors"]["values"]["O.1.3"]
    assert save(client, "fi", setup, second, values={"O.1.3": 20}).status_code == 200


def test_an_of_which_value_never_exceeds_its_parent(client, reportable):
    setup = reportable("fi")
    report = create_reports(client, "fi", setup)[0]
    refused = save(client, "fi", setup, report, values={"O.1.3": 5, "O.1.3.1": 6})
    assert refused.status_code == 422 and list(refused.json["errors"]["values"]) == ["O.1.3.1"]
    read = client.get(report_url("fi", report), headers=setup["beneficiary"]["headers"]).json
    assert _indicator(read, "O.1.3")["achieved"] is None  # nothing saved
    assert save(client, "fi", setup, report, values={"O.1.3": 5, "O.1.3.1": 5}).status_code == 200
    # Lowering the parent below its saved "of which" is refused too.
    lowered = save(client, "fi", setup, report, values={"O.1.3": 4})
    assert lowered.status_code == 422 and list(lowered.json["errors"]["values"]) == ["O.1.3.1"]


def test_a_personal_identity_number_in_the_narrative_is_refused(client, reportable):
    setup = reportable("fi")
    report = create_reports(client, "fi", setup)[0]
    for text in (f"Deltagaren {PERSONNUMMER} kom.", "Osallistuja 131052-308T tuli."):  # DVV's example henkilötunnus
        refused = save(client, "fi", setup, report, problems=text, activities="Kurser")
        assert refused.status_code == 422 and refused.json["errors"]["problems"]
    read = client.get(report_url("fi", report), headers=setup["beneficiary"]["headers"]).json
    assert (read["problems"], read["activities"]) == ("", "")
    # An organisation number or a phone number is not one.
    assert save(client, "fi", setup, report, problems="FO-nummer 1572860-0, tel. 040 123 4567").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"values": {"O.1.3": "abc"}},
        {"values": {"O.1.3": -1}},
        {"values": {"O.1.3": 1.5}},
        {"values": {"O.1.3": True}},
        {"values": {"O.1.3": 10**12}},
        {"values": {"O.2.3": 5}},  # participants are counted by the register, never typed
        {"values": {"nonsense": 5}},
        {"values": [1, 2]},
        {"activities": 12},
        {"activities": "x" * 20_001},
        {"version": "one"},
        {"unknown": 1},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, reportable, body):
    setup = reportable("fi")
    report = create_reports(client, "fi", setup)[0]
    refused = save(client, "fi", setup, report, **body)
    assert refused.status_code == 422, refused.json
    read = client.get(report_url("fi", report), headers=setup["beneficiary"]["headers"]).json
    assert read["version"] == 1 and _indicator(read, "O.1.3")["achieved"] is None
    not_json = client.put(
        report_url("fi", report), data="{", content_type="application/json", headers=setup["beneficiary"]["headers"]
    )
    assert not_json.status_code == 422


def test_a_report_read_before_a_change_is_not_saved_over_it(client, reportable):
    setup = reportable("fi")
    report = create_reports(client, "fi", setup)[0]
    assert save(client, "fi", setup, report, version=1, activities="Första").status_code == 200
    stale = save(client, "fi", setup, report, version=1, activities="Andra")
    assert stale.status_code == 409


def test_a_closed_project_takes_no_report(app, client, reportable):
    setup = reportable("fi")
    report = complete(client, "fi", setup, create_reports(client, "fi", setup)[0])
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        db.session.get(Project, setup["project"]["id"]).status = "cancelled"
        db.session.commit()
    headers = setup["beneficiary"]["headers"]
    assert (
        client.post(f"{api('fi')}/projects/{setup['project']['id']}/reports", json={}, headers=headers).status_code
        == 409
    )
    assert save(client, "fi", setup, report, activities="Nytt").status_code == 409
    closed = submit(client, "fi", setup, report)
    assert closed.status_code == 409 and closed.json["error"]["message"]
    read = client.get(report_url("fi", report), headers=headers).json
    assert read["status"] == "draft" and read["submissions"] == []


def test_of_two_submits_at_the_same_instant_exactly_one_wins(app, client, reportable):
    setup = reportable("fi")
    report = complete(client, "fi", setup, create_reports(client, "fi", setup)[0])
    barrier, answers = threading.Barrier(2), []

    def send():
        with app.test_client() as own:
            barrier.wait()
            answers.append(submit(own, "fi", setup, report).status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201, 409]
    read = client.get(report_url("fi", report), headers=setup["beneficiary"]["headers"]).json
    assert len(read["submissions"]) == 1


def test_overdue_reports_are_listed_for_ma_staff(client, reportable, person_of):
    setup = reportable("fi")
    created = create_reports(client, "fi", setup)
    officer = setup["officer"]["headers"]
    listed = client.get(f"{api('fi')}/reports/overdue", headers=officer)
    # Overdue: not submitted and past the due day (tenants/fi/reports.toml); the first report was due 2025-07-30.
    mine = [r["reference"] for r in listed.json if r["project_id"] == setup["project"]["id"]]
    assert mine == [r["reference"] for r in created if date.fromisoformat(r["due_on"]) < today("fi")]
    assert created[0]["reference"] in mine and all(r["overdue"] for r in listed.json)
    # Submitted, a report is no longer overdue.
    complete(client, "fi", setup, created[0])
    assert submit(client, "fi", setup, created[0]).status_code == 201
    listed = client.get(f"{api('fi')}/reports/overdue", headers=officer).json
    assert created[0]["reference"] not in [r["reference"] for r in listed]
    assert client.get(f"{api('fi')}/reports/overdue", headers=setup["beneficiary"]["headers"]).status_code in (403, 404)


def test_an_amendment_is_a_new_version_and_never_destroys_a_report(client, reportable):
    setup = reportable("fi")
    first, second, *_ = create_reports(client, "fi", setup)
    complete(client, "fi", setup, first)
    assert submit(client, "fi", setup, first).status_code == 201
    draft = save(client, "fi", setup, second, activities="Pågår", values={"O.1.3": 20}).json
    assert draft["project_version"] == 1
    amended = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/amendments",
        json={"based_on": 1, "reason": "Fler platser.", "project_end": "2027-12-31", "indicators": {"O.1.3": 80}},
        headers=setup["officer"]["headers"],
    )
    assert amended.status_code == 201, amended.json
    # The report in progress keeps what was typed and reads the new target (20 of 80: 25 %).
    read = client.get(report_url("fi", second), headers=setup["beneficiary"]["headers"]).json
    assert (read["activities"], _indicator(read, "O.1.3")["achieved"]) == ("Pågår", 20)
    assert (_indicator(read, "O.1.3")["target"], _indicator(read, "O.1.3")["share"]) == (80, "25.0")
    assert save(client, "fi", setup, second, problems="Inga").json["project_version"] == 2
    # The submitted report stays as it was submitted, against version 1's target.
    frozen = client.get(report_url("fi", first), headers=setup["beneficiary"]["headers"]).json
    assert _indicator(frozen, "O.1.3")["target"] == 40 and frozen["project_version"] == 1


def test_a_call_may_set_its_own_reporting_rhythm(app, client, reportable):
    from service.calls.models import Call
    from service.tenancy.models import Tenant

    setup = reportable("fi")

    def rhythm(calls: dict) -> None:
        with app.app_context(), tenant_scope(tenant_id(app, "fi")):
            tenant = db.session.get(Tenant, tenant_id(app, "fi"))
            reports = {**tenant.settings["reports"], "calls": calls}
            tenant.settings = {**tenant.settings, "reports": reports}
            db.session.commit()

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        reference = db.session.get(Call, setup["project"]["call_id"]).reference
    rhythm({reference: {"period_months": 3}})  # tenants/fi/reports.toml [calls."<reference>"]
    try:
        created = create_reports(client, "fi", setup)
    finally:
        rhythm({})
    # Quarters from 1 January, each due 30 days after its end.
    assert [(r["period_start"], r["period_end"]) for r in created[:3]] == [
        ("2025-01-01", "2025-03-31"),
        ("2025-04-01", "2025-06-30"),
        ("2025-07-01", "2025-09-30"),
    ]
    assert created[0]["due_on"] == "2025-04-30"


def test_evidence_needs_its_value_and_a_real_document(client, reportable):
    setup = reportable("fi")
    report = create_reports(client, "fi", setup)[0]
    url = f"{report_url('fi', report)}/values/O.1.3/evidence"
    headers = setup["beneficiary"]["headers"]

    def upload(name: str, data: bytes):
        return client.post(
            url, data={"file": (io.BytesIO(data), name)}, headers=headers, content_type="multipart/form-data"
        )

    no_value = upload("lista.pdf", PDF)
    assert no_value.status_code == 422 and no_value.json["errors"]["indicator"]
    assert save(client, "fi", setup, report, values={"O.1.3": 3}).status_code == 200
    assert upload("lista.exe", b"MZ\x90\x00").status_code == 422  # not an accepted document
    assert client.post(url, data={}, headers=headers, content_type="multipart/form-data").status_code == 422
    assert upload("lista.pdf", PDF).status_code == 201
    other = f"{report_url('fi', report)}/values/O.2.3/evidence"  # participants have no typed value
    refused = client.post(
        other, data={"file": (io.BytesIO(PDF), "x.pdf")}, headers=headers, content_type="multipart/form-data"
    )
    assert refused.status_code == 422
