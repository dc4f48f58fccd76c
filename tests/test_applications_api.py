"""Applications through the API: drafting, budget arithmetic, conflicts, submission, snapshots, isolation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import text

from service.applications.sections import TEXT_SECTIONS
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    outbox,
    run_jobs,
)
from tests.calls_support import call_body
from tests.conftest import bearer, tenant_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CENT = Decimal("0.01")


def start(client, code, person, call, language=None):
    response = client.post(
        f"/api/v1/{code}/applications",
        json={"call_id": call["id"], "organisation_id": person["organisation_id"], "language": language or "sv"},
        headers=person["headers"],
    )
    assert response.status_code == 201, response.json
    return response.json


def save(client, code, person, application, **fields):
    return client.patch(
        f"/api/v1/{code}/applications/{application['id']}",
        json={"version": application["version"], "fields": fields},
        headers=person["headers"],
    )


def complete(client, code, person, application):
    """Fill in every part the check asks for; returns the application as last read."""
    url = f"/api/v1/{code}/applications/{application['id']}"
    texts = {field: f"Text för {field}" for field in TEXT_SECTIONS}
    saved = save(
        client,
        code,
        person,
        application,
        title="Språkcafé",
        project_start="2027-01-01",
        project_end="2028-12-31",
        **texts,
    )
    assert saved.status_code == 200, saved.json
    line = {"year": 2027, "category": "travel", "description": "Resor", "amount": "112 345,67"}
    assert client.post(f"{url}/budget-lines", json=line, headers=person["headers"]).status_code == 201
    indicator = {"indicator_code": "O.2.3", "planned_value": 120}
    assert client.post(f"{url}/indicators", json=indicator, headers=person["headers"]).status_code == 201
    upload = client.post(
        f"{url}/attachments",
        data={"kind": "partner_letters", "file": (__import__("io").BytesIO(PDF), "Samverkansintyg åäö.pdf")},
        headers=person["headers"],
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.json
    return client.get(url, headers=person["headers"]).json


def test_a_budget_follows_the_staff_cost_rules_and_the_financing_plan_adds_up(client, open_call, applicant):
    call = open_call("fi", cofinancing_rate="90")
    person = applicant("fi", language="sv")
    application = start(client, "fi", person, call)
    url = f"/api/v1/fi/applications/{application['id']}/budget-lines"
    lines = [
        # A fixed percentage of the monthly gross staff cost, the same every month (seed 004).
        {
            "year": 2027,
            "category": "staff",
            "staff_method": "percentage",
            "monthly_gross": "4 500,00",
            "percentage": "50",
            "months": 12,
        },
        # Hours at annual gross cost / 1 720 (CPR Art. 55(2)).
        {"year": 2028, "category": "staff", "staff_method": "hourly", "annual_gross": "51\u00a0600,00", "hours": 860},
        {"year": 2027, "category": "travel", "amount": "1 234,56"},
        {"year": 2028, "category": "equipment", "amount": "999.99"},
    ]
    for line in lines:
        response = client.post(url, json=line, headers=person["headers"])
        assert response.status_code == 201, response.json
    got = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    staff_percentage = (Decimal("4500.00") * Decimal("50") / 100 * 12).quantize(CENT, ROUND_HALF_UP)
    staff_hours = (Decimal("51600.00") * 860 / 1720).quantize(CENT, ROUND_HALF_UP)
    assert [Decimal(line["amount"]) for line in got["budget_lines"]][:2] == [staff_percentage, Decimal("1234.56")]
    direct = staff_percentage + staff_hours + Decimal("1234.56") + Decimal("999.99")
    indirect = (direct * Decimal("7") / 100).quantize(CENT, ROUND_HALF_UP)  # the call's flat rate, CPR Art. 54(a)
    total = direct + indirect
    eu = (total * Decimal("90") / 100).quantize(CENT, ROUND_HALF_UP)  # the call's rate, AMIF Art. 15
    assert got["totals"] == {
        "direct_costs": f"{direct:.2f}",
        "indirect_costs": f"{indirect:.2f}",
        "total_cost": f"{total:.2f}",
        "eu_amount": f"{eu:.2f}",
        "own_contribution": f"{total - eu:.2f}",
        "private_funding": "0.00",
    }
    assert Decimal(got["totals"]["eu_amount"]) + Decimal(got["totals"]["own_contribution"]) == total
    assert got["currency"] == "EUR"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"category": "travel", "amount": "-1"}, "amount"),
        ({"category": "travel", "amount": "NaN"}, "amount"),
        ({"category": "travel", "amount": "inf"}, "amount"),
        ({"category": "travel", "amount": "1,234"}, "amount"),  # 1.234: three decimals
        ({"category": "travel", "amount": "12.345"}, "amount"),
        ({"category": "travel", "amount": "1" * 20}, "amount"),
        ({"category": "travel", "amount": 12.5}, "amount"),
        ({"category": "travel", "amount": "tolv"}, "amount"),
        ({"category": "travel"}, "amount"),
        ({"category": "staff", "staff_method": "hourly", "annual_gross": "50 000", "hours": 1721}, "hours"),
        (
            {
                "category": "staff",
                "staff_method": "percentage",
                "monthly_gross": "4 000",
                "percentage": "101",
                "months": 12,
            },
            "percentage",
        ),
        (
            {
                "category": "staff",
                "staff_method": "percentage",
                "monthly_gross": "4 000",
                "percentage": "50",
                "months": 13,
            },
            "months",
        ),
        ({"category": "staff"}, "staff_method"),
        ({"category": "catering", "amount": "1"}, "category"),
    ],
)
def test_bad_budget_lines_are_refused_naming_the_field(client, open_call, applicant, line, field):
    call = open_call("se")
    person = applicant("se")
    application = start(client, "se", person, call)
    url = f"/api/v1/se/applications/{application['id']}"
    response = client.post(f"{url}/budget-lines", json={"year": 2027, **line}, headers=person["headers"])
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert client.get(url, headers=person["headers"]).json["budget_lines"] == []


def test_two_people_editing_the_same_field_are_told_and_different_fields_both_save(client, open_call, applicant):
    call = open_call("fi")
    first = applicant("fi", language="fi")
    second = applicant("fi", language="sv", organisation_id=first["organisation_id"])
    application = start(client, "fi", first, call, language="fi")
    read = dict(application)  # both read the same version
    mine = save(client, "fi", first, read, needs_analysis="Tarve A")
    assert mine.status_code == 200
    other_field = save(client, "fi", second, read, summary="Sammanfattning")
    assert other_field.status_code == 200, other_field.json
    clash = save(client, "fi", second, read, needs_analysis="Behov B")
    assert clash.status_code == 409
    conflict = clash.json["error"]["details"]["conflicts"][0]
    assert conflict["field"] == "needs_analysis" and conflict["current"] == "Tarve A"
    assert conflict["by"]
    current = client.get(f"/api/v1/fi/applications/{application['id']}", headers=first["headers"]).json
    assert current["sections"] == {"needs_analysis": "Tarve A", "summary": "Sammanfattning"}
    # after reading the new version, the second person may overwrite deliberately
    assert save(client, "fi", second, current, needs_analysis="Behov B").status_code == 200


def test_submission_check_lists_what_is_missing_then_submit_freezes_a_snapshot(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi", language="sv")
    application = start(client, "fi", person, call)
    url = f"/api/v1/fi/applications/{application['id']}"
    check = client.get(f"{url}/check", headers={**person["headers"], "Accept-Language": "sv"}).json
    places = {p["place"] for p in check["problems"]}
    assert not check["complete"]
    assert {"title", "project_start", "budget", "indicators", "attachments", *TEXT_SECTIONS} <= places
    incomplete = client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"])
    assert incomplete.status_code == 409 and incomplete.json["error"]["details"]["problems"]

    application = complete(client, "fi", person, application)
    assert client.get(f"{url}/check", headers=person["headers"]).json == {"complete": True, "problems": []}
    submitted = client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"])
    assert submitted.status_code == 201, submitted.json
    receipt = submitted.json
    assert receipt["sequence"] == 1 and receipt["receipt"].startswith(call["reference"])

    again = client.post(f"{url}/submit", json={"version": application["version"] + 1}, headers=person["headers"])
    assert again.status_code == 409
    assert save(client, "fi", person, client.get(url, headers=person["headers"]).json, title="x").status_code == 409

    snapshot = client.get(f"{url}/submissions/1", headers=person["headers"]).json
    assert snapshot["content"]["title"] == "Språkcafé"
    assert snapshot["content"]["budget"]["lines"][0]["amount"] == "112345.67"
    assert snapshot["content"]["attachments"][0]["filename"] == "Samverkansintyg åäö.pdf"

    # the receipt e-mail, by the background job, with the instant in Helsinki time and in Swedish
    assert run_jobs(app, "fi", "notifications.deliver")
    mail = [m for m in outbox(app) if m["To"] == person["email"]][-1]
    assert receipt["receipt"] in mail["Subject"] and mail["Content-Language"] == "sv"

    # the snapshot is immutable in the database itself
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        with pytest.raises(Exception, match="permission denied|append-only"):  # role grant, then trigger
            db.session.execute(text("UPDATE application_submissions SET receipt = 'x'"))
        db.session.rollback()


def test_after_the_closing_instant_submission_is_refused_and_the_draft_stays(app, client, open_call, applicant):
    call = open_call("se")
    person = applicant("se")
    application = complete(client, "se", person, start(client, "se", person, call))
    from service.calls.models import Call
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        db.session.get(Call, call["id"]).closes_at = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
        db.session.commit()
    url = f"/api/v1/se/applications/{application['id']}"
    late = client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"])
    assert late.status_code == 409
    kept = client.get(url, headers=person["headers"]).json
    assert kept["status"] == "draft" and kept["title"] == "Språkcafé" and kept["submissions"] == []


def test_calls_one_may_not_apply_to(client, open_call, applicant, admin_headers):
    """Eligible types, named organisations (numbers compared normalised), tenants, drafts, languages."""
    person = applicant("se", organisation_type="university")
    ngo_only = open_call("se", eligible_organisation_types=["ngo"])
    body = {"call_id": ngo_only["id"], "organisation_id": person["organisation_id"], "language": "sv"}
    assert client.post("/api/v1/se/applications", json=body, headers=person["headers"]).status_code == 409
    named = open_call("se", competitive=False, addressed_organisations=[{"number": "202100-2114", "name": "X"}])
    body["call_id"] = named["id"]
    assert client.post("/api/v1/se/applications", json=body, headers=person["headers"]).status_code == 409
    addressed = open_call(
        "se",
        competitive=False,
        addressed_organisations=[{"number": person_number(client.application, person), "name": "Universitetet"}],
    )
    body["call_id"] = addressed["id"]
    assert client.post("/api/v1/se/applications", json=body, headers=person["headers"]).status_code == 201
    fi_call = open_call("fi")
    body["call_id"] = fi_call["id"]  # another tenant's call
    assert client.post("/api/v1/se/applications", json=body, headers=person["headers"]).status_code == 404
    draft = client.post(
        "/api/v1/se/calls",
        json=call_body("se", f"DRAFT-{uuid.uuid4().hex[:6]}", eligible_organisation_types=["university"]),
        headers=admin_headers("se"),
    )
    body["call_id"] = draft.json["id"]  # an unpublished call does not exist for applicants
    assert client.post("/api/v1/se/applications", json=body, headers=person["headers"]).status_code == 404
    body["language"] = "fi"  # Finnish is not a language of the Swedish tenant
    body["call_id"] = open_call("se", eligible_organisation_types=["university"])["id"]
    refused = client.post("/api/v1/se/applications", json=body, headers=person["headers"])
    assert refused.status_code == 422 and "language" in refused.json["errors"]


def person_number(app, person) -> str:
    from service.extensions import db
    from service.organisations.models import Organisation
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        return db.session.get(Organisation, person["organisation_id"]).number.replace("-", "")  # typed without hyphen


def test_another_organisations_or_tenants_application_is_404_and_never_listed(client, open_call, applicant):
    call = open_call("fi")
    owner = applicant("fi")
    stranger = applicant("fi")
    application = start(client, "fi", owner, call)
    url = f"/api/v1/fi/applications/{application['id']}"
    assert client.get(url, headers=stranger["headers"]).status_code == 404
    assert save(client, "fi", stranger, application, title="x").status_code == 404
    assert (
        client.post(
            f"{url}/budget-lines", json={"year": 2027, "category": "other", "amount": "1"}, headers=stranger["headers"]
        ).status_code
        == 404
    )
    assert application["id"] not in [
        a["id"] for a in client.get("/api/v1/fi/applications", headers=stranger["headers"]).json
    ]
    swede = applicant("se")
    assert client.get(f"/api/v1/se/applications/{application['id']}", headers=swede["headers"]).status_code == 404
    assert client.get(url, headers=swede["headers"]).status_code == 404
    assert application["id"] not in [
        a["id"] for a in client.get("/api/v1/se/applications", headers=swede["headers"]).json
    ]


def test_drafts_are_not_shown_to_the_managing_authority(client, open_call, applicant, make_user, token_for):
    call = open_call("se")
    person = applicant("se")
    application = start(client, "se", person, call)
    officer_id, _ = make_user("se", "case_officer")
    officer = bearer(token_for("se", officer_id))
    assert client.get(f"/api/v1/se/applications/{application['id']}", headers=officer).status_code == 404
    assert application["id"] not in [a["id"] for a in client.get("/api/v1/se/applications", headers=officer).json]


def test_supplements_keep_every_version(app, client, open_call, applicant, make_user, token_for):
    call = open_call("se")
    person = applicant("se")
    application = complete(client, "se", person, start(client, "se", person, call))
    url = f"/api/v1/se/applications/{application['id']}"
    assert (
        client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"]).status_code
        == 201
    )
    officer_id, _ = make_user("se", "case_officer")
    officer = bearer(token_for("se", officer_id))
    asked = client.post(f"{url}/supplement-requests", json={"message": "Bifoga budgetspecifikation."}, headers=officer)
    assert asked.status_code == 201, asked.json
    deadline = datetime.fromisoformat(asked.json["deadline"])
    requested = datetime.fromisoformat(asked.json["requested_at"])
    from service.applications.deadlines import add_working_days

    local_day = requested.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Stockholm")).date()
    assert deadline.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Stockholm")).date() == add_working_days(
        local_day, 5, "SE"
    )
    assert client.post(f"{url}/supplement-requests", json={"message": "igen"}, headers=officer).status_code == 409
    current = client.get(url, headers=person["headers"]).json
    assert current["status"] == "supplement_requested"
    assert save(client, "se", person, current, summary="Kompletterad sammanfattning").status_code == 200
    current = client.get(url, headers=person["headers"]).json
    answered = client.post(f"{url}/submit", json={"version": current["version"]}, headers=person["headers"])
    assert answered.status_code == 201 and answered.json["sequence"] == 2 and answered.json["kind"] == "supplement"
    first = client.get(f"{url}/submissions/1", headers=officer).json["content"]["sections"]["summary"]
    second = client.get(f"{url}/submissions/2", headers=officer).json["content"]["sections"]["summary"]
    assert (first, second) == ("Text för summary", "Kompletterad sammanfattning")
    assert (
        client.post(f"{url}/supplement-requests", json={"message": "x"}, headers=person["headers"]).status_code == 403
    )


def test_the_closing_instant_is_kept_to_the_second(app, client, open_call, applicant):
    """Server clock: an instant before closes_at is accepted, closes_at itself is refused."""
    from service.accounts.models import User
    from service.applications.models import Application
    from service.applications.submission import submit
    from service.calls.models import Call
    from service.errors import Conflict
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    call = open_call("fi")
    person = applicant("fi")
    late = complete(client, "fi", person, start(client, "fi", person, call))
    in_time = complete(client, "fi", person, start(client, "fi", person, call))
    tid = tenant_id(app, "fi")
    with app.test_request_context("/fi/"), tenant_scope(tid):  # the scope's tenant is the current tenant
        closes_at = db.session.get(Call, call["id"]).closes_at
        user = db.session.get(User, person["id"])
        with pytest.raises(Conflict):
            submit(db.session.get(Application, late["id"]), user=user, now=closes_at)
        db.session.rollback()
        receipt = submit(db.session.get(Application, in_time["id"]), user=user, now=closes_at - timedelta(seconds=1))
        assert receipt.submitted_at == closes_at - timedelta(seconds=1)
        db.session.commit()
        assert db.session.get(Application, late["id"]).status == "draft"


def test_a_grant_over_the_call_maximum_or_a_period_outside_its_limits_is_listed_and_refused(
    client, open_call, applicant
):
    call = open_call("se", max_grant="100 000", min_grant=None)
    person = applicant("se")
    application = complete(client, "se", person, start(client, "se", person, call))  # 112 345,67 of travel
    outside = save(client, "se", person, application, project_start="2026-06-01", project_end="2030-06-30")
    assert outside.status_code == 200
    url = f"/api/v1/se/applications/{application['id']}"
    places = [p["place"] for p in client.get(f"{url}/check", headers=person["headers"]).json["problems"]]
    assert places.count("budget") >= 1 and "project_start" in places and "project_end" in places
    version = client.get(url, headers=person["headers"]).json["version"]
    refused = client.post(f"{url}/submit", json={"version": version}, headers=person["headers"])
    assert refused.status_code == 409
    assert {p["place"] for p in refused.json["error"]["details"]["problems"]} >= {"budget", "project_start"}
    assert client.get(url, headers=person["headers"]).json["status"] == "draft"


def test_working_days_skip_weekends_and_public_holidays():
    from datetime import date

    from service.applications.deadlines import add_working_days

    # Thursday 24 Dec 2026: 25 Dec (Fri) is Christmas Day in both countries, then a weekend.
    assert add_working_days(date(2026, 12, 24), 1, "SE") == date(2026, 12, 28)
    # Finland: 6 Dec is Independence Day; Friday 4 Dec 2026 + 1 -> Monday 7 Dec.
    assert add_working_days(date(2026, 12, 4), 1, "FI") == date(2026, 12, 7)
    assert add_working_days(date(2026, 11, 23), 5, "FI") == date(2026, 11, 30)


def test_listing_applications_does_not_query_per_application(app, client, open_call, applicant):
    """The list answers every application's parts with one query per kind of part, not per application."""
    from sqlalchemy import event

    from service.extensions import db

    call = open_call("fi")
    person = applicant("fi")

    def statements_for_list() -> int:
        count = 0

        def counter(*args):
            nonlocal count
            count += 1

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            assert client.get("/api/v1/fi/applications", headers=person["headers"]).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return count

    start(client, "fi", person, call)
    one = statements_for_list()
    for _ in range(3):
        start(client, "fi", person, call)
    assert statements_for_list() == one
