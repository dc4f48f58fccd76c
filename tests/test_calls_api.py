"""Calls through the API: the managing authority creates, changes, publishes and closes; anyone reads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.calls_support import call_body, iso
from tests.conftest import bearer


@pytest.fixture
def admin(make_user, token_for):
    def make(code: str, language: str | None = None) -> dict:
        user_id, _ = make_user(code, "ma_admin", language=language)
        return bearer(token_for(code, user_id))

    return make


def ref() -> str:
    return f"T-{uuid.uuid4().hex[:8]}"


def create(client, code, headers, **overrides):
    response = client.post(f"/api/v1/{code}/calls", json=call_body(code, ref(), **overrides), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def publish(client, code, headers, call):
    response = client.post(
        f"/api/v1/{code}/calls/{call['id']}/publish", json={"version": call["version"]}, headers=headers
    )
    assert response.status_code == 200, response.json
    return response.json


def test_a_call_is_created_as_a_draft_with_the_tenant_defaults(client, admin):
    call = create(client, "se", admin("se"), cofinancing_rate=None)
    assert call["status"] == "draft"
    assert call["currency"] == "SEK"
    assert call["budget"] == "10800000.00"
    assert {"code": "SO2", "budget": "7800000.00"} in call["objectives"]
    # tenants/se/calls.toml: 75 % and the Swedish criteria (a)-(e), reject on 0 and under 65 (seed 000 §4.1).
    assert call["cofinancing_rate"] == "75"
    assert call["indirect_rate"] == "7"
    assert [c["key"] for c in call["assessment"]["criteria"]] == [
        "relevance",
        "feasibility",
        "cost_efficiency",
        "horizontal_principles",
        "dissemination",
    ]
    assert call["assessment"]["reject_on_zero"] is True
    assert call["assessment"]["minimum_total"] == 65
    horizontal = call["assessment"]["criteria"][3]
    assert horizontal["scale"] == [0, 5, 10]


def test_drafts_are_not_public_and_published_calls_are(client, admin):
    headers = admin("fi")
    call = create(client, "fi", headers)
    assert client.get(f"/api/v1/fi/calls/{call['id']}").status_code == 404
    assert call["id"] not in [c["id"] for c in client.get("/api/v1/fi/calls").json]
    publish(client, "fi", headers, call)
    public = client.get(f"/api/v1/fi/calls/{call['id']}").json
    assert public["status"] == "published" and public["is_open"] is True
    assert public["texts"]["sv"]["title"] == "Integration i kommuner"
    assert call["id"] in [c["id"] for c in client.get("/api/v1/fi/calls").json]


def test_local_times_without_offset_are_the_tenant_zone(client, admin):
    # 31 Oct 2027 16:15 in Helsinki is UTC+2 (EET, after the last Sunday of October): 14:15 UTC.
    call = create(client, "fi", admin("fi"), closes_at="2027-10-31T16:15:00")
    assert call["closes_at"].startswith("2027-10-31T14:15:00")
    call = create(client, "se", admin("se"), closes_at="2027-06-30T23:59:59")  # CEST, UTC+2
    assert call["closes_at"].startswith("2027-06-30T21:59:59")


@pytest.mark.parametrize(
    "local",
    ["2027-03-28T02:30:00", "2027-10-31T02:30:00"],  # skipped and repeated hours in Stockholm (CET/CEST)
)
def test_times_that_do_not_exist_or_repeat_are_refused(client, admin, local):
    response = client.post("/api/v1/se/calls", json=call_body("se", ref(), closes_at=local), headers=admin("se"))
    assert response.status_code == 422
    assert "closes_at" in response.json["errors"]


BAD = [
    ({"budget": "-5"}, "budget"),
    ({"budget": "NaN"}, "budget"),
    ({"budget": "Infinity"}, "budget"),
    ({"budget": "12,345"}, "budget"),  # three decimals? no: one comma, three digits -> 12.345, refused
    ({"budget": "1e30"}, "budget"),
    ({"budget": 10.5}, "budget"),
    ({"budget": "ten"}, "budget"),
    ({"budget": "99999999999999999"}, "budget"),
    ({"cofinancing_rate": "80"}, "cofinancing_rate"),
    ({"indirect_rate": "15"}, "indirect_rate"),
    ({"objectives": [{"code": "SO9"}]}, "objectives"),
    ({"objectives": []}, "objectives"),
    ({"texts": {"en": {"title": "Only English"}}}, "texts"),
    ({"texts": {"de": {"title": "Deutsch"}, "sv": {"title": "x"}}}, "texts"),
    ({"closes_at": "2020-01-01T00:00:00Z"}, "closes_at"),
    ({"closes_at": "tomorrow"}, "closes_at"),
    ({"min_grant": "3 000 000", "max_grant": "1 000"}, "min_grant"),
    ({"max_grant": "99 000 000"}, "max_grant"),
    ({"indicator_codes": ["O.3.1"]}, "indicator_codes"),
    ({"indicator_codes": ["X.1"]}, "indicator_codes"),
    ({"competitive": False, "addressed_organisations": []}, "addressed_organisations"),
    ({"competitive": "yes"}, "competitive"),
    (
        {"competitive": False, "addressed_organisations": [{"number": "202100-2115", "name": "X"}]},
        "addressed_organisations",
    ),  # wrong Luhn check digit
    ({"eligible_organisation_types": ["pirates"]}, "eligible_organisation_types"),
    ({"project_start_earliest": "2029-01-01", "project_end_latest": "2028-01-01"}, "project_end_latest"),
    ({"assessment": {"criteria": []}}, "assessment"),
    ({"assessment": {"criteria": [{"key": "a", "label": {"sv": "A"}, "scale": [5]}]}}, "assessment"),
    (
        {"assessment": {"criteria": [{"key": "a", "label": {"sv": "A"}, "scale": [0, 10]}], "minimum_total": 11}},
        "assessment",
    ),
    ({"tenant_id": 1}, "tenant_id"),
    ({"reference": ""}, "reference"),
]


@pytest.mark.parametrize(("change", "field"), BAD)
def test_bad_call_data_is_refused_naming_the_field(client, admin, change, field):
    headers = admin("se")
    before = len(client.get("/api/v1/se/calls", headers=headers).json)
    body = {**call_body("se", ref()), **change}
    response = client.post("/api/v1/se/calls", json=body, headers=headers)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert len(client.get("/api/v1/se/calls", headers=headers).json) == before


def test_a_reference_is_used_once_per_tenant(client, admin):
    call = create(client, "se", admin("se"))
    again = client.post("/api/v1/se/calls", json=call_body("se", call["reference"]), headers=admin("se"))
    assert again.status_code == 422 and "reference" in again.json["errors"]
    # the other tenant may use the same reference
    assert (
        client.post("/api/v1/fi/calls", json=call_body("fi", call["reference"]), headers=admin("fi")).status_code == 201
    )


def test_messages_are_in_the_callers_language(client, admin):
    headers = admin("fi")
    answers = {}
    for language in ("fi", "sv", "en"):
        response = client.post(
            "/api/v1/fi/calls",
            json=call_body("fi", ref(), budget="-1"),
            headers={**headers, "Accept-Language": language},
        )
        answers[language] = response.json["errors"]["budget"][0]
    assert len(set(answers.values())) == 3, answers


def test_a_published_call_keeps_what_applicants_rely_on(client, admin):
    headers = admin("se")
    call = publish(client, "se", headers, create(client, "se", headers))
    url = f"/api/v1/se/calls/{call['id']}"
    fixed = client.patch(url, json={"version": call["version"], "cofinancing_rate": "75"}, headers=headers)
    assert fixed.status_code == 422 and "cofinancing_rate" in fixed.json["errors"]
    earlier = client.patch(
        url,
        json={"version": call["version"], "closes_at": iso(datetime.now(UTC) + timedelta(days=2)), "reason": "x"},
        headers=headers,
    )
    assert earlier.status_code == 422 and "closes_at" in earlier.json["errors"]
    later = iso(datetime.now(UTC) + timedelta(days=60))
    no_reason = client.patch(url, json={"version": call["version"], "closes_at": later}, headers=headers)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    moved = client.patch(
        url,
        json={"version": call["version"], "closes_at": later, "budget": "12 000 000", "reason": "Fler ansökningar"},
        headers=headers,
    )
    assert moved.status_code == 200, moved.json
    public = client.get(url).json
    assert public["budget"] == "12000000.00"
    changes = {c["field"]: c for c in public["changes"]}
    assert changes["budget"]["before"] == "10800000.00" and changes["budget"]["after"] == "12000000.00"
    assert changes["closes_at"]["reason"] == "Fler ansökningar"
    stale = client.patch(url, json={"version": call["version"], "budget": "1"}, headers=headers)
    assert stale.status_code == 409


def test_publish_and_close(client, admin):
    headers = admin("fi")
    call = publish(client, "fi", headers, create(client, "fi", headers))
    again = client.post(f"/api/v1/fi/calls/{call['id']}/publish", json={"version": call["version"]}, headers=headers)
    assert again.status_code == 409
    url = f"/api/v1/fi/calls/{call['id']}/close"
    assert client.post(url, json={"version": call["version"]}, headers=headers).status_code == 422  # no reason
    closed = client.post(url, json={"version": call["version"], "reason": "Peruttu"}, headers=headers)
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    assert call["id"] not in [c["id"] for c in client.get("/api/v1/fi/calls").json]
    assert call["id"] in [c["id"] for c in client.get("/api/v1/fi/calls?include_closed=true").json]
    assert (
        client.patch(
            f"/api/v1/fi/calls/{call['id']}", json={"version": closed.json["version"], "budget": "1"}, headers=headers
        ).status_code
        == 409
    )


def test_another_tenants_call_is_404_and_never_listed(client, admin):
    se, fi = admin("se"), admin("fi")
    call = publish(client, "se", se, create(client, "se", se))
    assert client.get(f"/api/v1/fi/calls/{call['id']}").status_code == 404
    assert client.get(f"/api/v1/fi/calls/{call['id']}", headers=fi).status_code == 404
    assert client.patch(f"/api/v1/fi/calls/{call['id']}", json={"version": 1}, headers=fi).status_code == 404
    assert client.post(f"/api/v1/fi/calls/{call['id']}/close", json={"version": 1}, headers=fi).status_code == 404
    assert call["id"] not in [c["id"] for c in client.get("/api/v1/fi/calls", headers=fi).json]
    assert call["id"] not in [c["id"] for c in client.get("/api/v1/fi/calls?include_closed=1").json]
    # the se token on the fi URL: 404, not a peek
    assert client.get(f"/api/v1/fi/calls/{call['id']}", headers=se).status_code == 404


def test_only_the_managing_authority_administrator_manages_calls(client, make_user, token_for):
    user_id, _ = make_user("se", "applicant")
    headers = bearer(token_for("se", user_id))
    assert client.post("/api/v1/se/calls", json=call_body("se", ref()), headers=headers).status_code == 403
    assert client.post("/api/v1/se/calls", json=call_body("se", ref())).status_code == 401


def test_amounts_are_exact_decimals(app, client, admin):
    call = create(
        client, "se", admin("se"), budget="1 234 567,50", max_grant="1 234 567.50", objectives=[{"code": "SO2"}]
    )
    from service.calls.models import Call
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        stored = db.session.get(Call, call["id"])
        assert stored.budget == Decimal("1234567.50") and isinstance(stored.budget, Decimal)
        assert stored.max_grant == stored.budget
