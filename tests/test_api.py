"""The API: tokens, bad input (422 in the caller's language), programme figures, Commission, catalogue."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from service.tenancy.model_base import utcnow
from tests.conftest import ROOT, bearer, csrf_token


@pytest.fixture
def admin_token(make_user, token_for):
    def make(code="se"):
        uid, _ = make_user(code, "ma_admin")
        return token_for(code, uid)

    return make


def _programme_file(code: str) -> dict:
    return tomllib.loads((ROOT / "tenants" / code / "programme.toml").read_text(encoding="utf-8"))


def test_tenant_profile_is_public(client):
    body = client.get("/api/v1/fi", headers={"Accept-Language": "sv"}).json
    assert body["currency"] == "EUR" and body["languages"] == ["fi", "sv", "en"]
    assert body["timezone"] == "Europe/Helsinki" and body["name"] == "Finland"
    assert client.get("/api/v1/se").json["currency"] == "SEK"


def test_programme_totals_equal_the_tenant_file(client, admin_token):
    data = client.get("/api/v1/se/programme", headers=bearer(admin_token("se"))).json
    source = _programme_file("se")
    eu = sum(Decimal(a["eu_contribution"]) for a in source["allocation"])
    national = sum(Decimal(a["national_cofinancing"]) for a in source["allocation"])
    assert Decimal(data["totals"]["eu_contribution"]) == eu
    assert Decimal(data["totals"]["total"]) == eu + national
    assert data["cci"] == source["cci"] and data["currency"] == "EUR"
    # FACTS.md: SO1 budget 126 822 kEUR in the evaluation's table 3
    so1 = next(a for a in data["allocations"] if a["objective"] == "SO1")
    assert Decimal(so1["total"]) == Decimal("126822000.00")
    targets = {i["code"]: i["target_2029"] for i in data["indicators"]}
    assert targets["O.1.1"] == 19400 and targets["R.4.4"] == 33500  # FACTS.md targets 2029


def test_missing_revoked_and_expired_tokens_are_401(client, make_user, token_for):
    uid, _ = make_user("fi", "case_officer")
    assert client.get("/api/v1/fi/programme").status_code == 401
    assert client.get("/api/v1/fi/programme", headers=bearer("amif_not-a-token")).status_code == 401
    expired = token_for("fi", uid, expires_at=utcnow() - timedelta(seconds=1))
    assert client.get("/api/v1/fi/programme", headers=bearer(expired)).status_code == 401
    live = token_for("fi", uid)
    assert client.get("/api/v1/fi/me", headers=bearer(live)).status_code == 200
    assert client.delete("/api/v1/fi/tokens/current", headers=bearer(live)).status_code == 204
    assert client.get("/api/v1/fi/me", headers=bearer(live)).status_code == 401


def test_role_escalation_is_refused(client, make_user, token_for):
    uid, _ = make_user("se", "applicant")
    token = token_for("se", uid)
    assert client.get("/api/v1/se/users", headers=bearer(token)).status_code == 403
    assert client.patch(f"/api/v1/se/users/{uid}", json={"role": "ma_admin"}, headers=bearer(token)).status_code == 403
    assert client.patch("/api/v1/se/me", json={"role": "ma_admin"}, headers=bearer(token)).status_code == 422


@pytest.mark.parametrize(
    "body, field",
    [
        ("{not json", "_body"),
        ("[1, 2]", "_body"),
        ('{"email": 42, "role": "applicant"}', "email"),
        ('{"email": "not-an-address", "role": "applicant"}', "email"),
        ('{"email": "a@b.se", "role": "emperor"}', "role"),
        ('{"email": "a@b.se"}', "role"),
        ('{"email": "a@b.se", "role": "applicant", "language": "fi"}', "language"),
        ('{"email": "a@b.se", "role": "applicant", "is_admin": true}', "is_admin"),
        ('{"email": "' + "x" * 300 + '@b.se", "role": "applicant"}', "email"),
        ('{"email": "a\\u0000@b.se", "role": "applicant"}', "email"),
    ],
)
def test_bad_user_bodies_are_422_with_field_messages(client, admin_token, body, field):
    token = admin_token("se")
    before = len(client.get("/api/v1/se/users?limit=200", headers=bearer(token)).json)
    response = client.post("/api/v1/se/users", data=body, content_type="application/json", headers=bearer(token))
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert all(isinstance(m, str) and m for m in response.json["errors"][field])
    assert len(client.get("/api/v1/se/users?limit=200", headers=bearer(token)).json) == before


def test_validation_messages_follow_the_callers_language(client, admin_token):
    token = admin_token("fi")
    messages = {}
    for language in ("en", "fi", "sv"):
        response = client.post(
            "/api/v1/fi/users",
            data='{"email": "x@y.fi"}',
            content_type="application/json",
            headers=bearer(token, **{"Accept-Language": language}),
        )
        messages[language] = response.json["errors"]["role"][0]
    assert messages["en"] == "Missing data for required field."
    assert len(set(messages.values())) == 3


def test_wrong_types_in_update_are_422(client, make_user, admin_token):
    token = admin_token("se")
    uid, _ = make_user("se", "applicant")
    for body in ({"active": "yes"}, {"version": "1"}, {"name": ["a"]}, {"language": 5}):
        response = client.patch(f"/api/v1/se/users/{uid}", json=body, headers=bearer(token))
        assert response.status_code == 422, body


def test_stale_version_is_409(client, make_user, admin_token):
    token = admin_token("se")
    uid, _ = make_user("se", "applicant")
    version = client.get(f"/api/v1/se/users/{uid}", headers=bearer(token)).json["version"]
    assert (
        client.patch(
            f"/api/v1/se/users/{uid}", json={"name": "A", "version": version}, headers=bearer(token)
        ).status_code
        == 200
    )
    stale = client.patch(f"/api/v1/se/users/{uid}", json={"name": "B", "version": version}, headers=bearer(token))
    assert stale.status_code == 409
    assert client.get(f"/api/v1/se/users/{uid}", headers=bearer(token)).json["name"] == "A"


def test_user_lifecycle_through_the_api(client, admin_token):
    token = admin_token("fi")
    created = client.post(
        "/api/v1/fi/users",
        json={"email": "Uusi.Kayttaja@fi.test", "role": "assessor", "language": "sv"},
        headers=bearer(token),
    )
    assert created.status_code == 201
    user = created.json["user"]
    assert user["email"] == "uusi.kayttaja@fi.test" and created.json["welcome_job"]
    again = client.post(
        "/api/v1/fi/users", json={"email": "uusi.kayttaja@fi.test", "role": "assessor"}, headers=bearer(token)
    )
    assert again.status_code == 422 and "email" in again.json["errors"]
    assert client.delete(f"/api/v1/fi/users/{user['id']}", headers=bearer(token)).status_code == 204
    assert client.get(f"/api/v1/fi/users/{user['id']}", headers=bearer(token)).json["active"] is False


@pytest.mark.parametrize("query", ["limit=abc", "limit=-1", "limit=0", "after=1e3", "after=" + "9" * 40])
def test_malformed_query_numbers_are_422(client, admin_token, query):
    response = client.get(f"/api/v1/se/users?{query}", headers=bearer(admin_token("se")))
    assert response.status_code == 422


def test_commission_sees_every_tenant_aggregated_in_euro(client, platform_token, admin_token):
    token = platform_token("commission@amif.demo")
    data = client.get("/api/v1/commission/programmes", headers=bearer(token)).json
    assert data["currency"] == "EUR"
    assert {p["tenant"] for p in data["programmes"]} >= {"se", "fi"}
    expected = sum(
        Decimal(a["eu_contribution"])
        for code in ("se", "fi")
        for a in _programme_file(code)["allocation"]
        if a["objective"] == "SO2"
    )
    in_test_tenants = sum(
        Decimal(p["by_objective"]["SO2"]["eu_contribution"]) for p in data["programmes"] if p["tenant"] in ("se", "fi")
    )
    assert in_test_tenants == expected
    # Commission users see aggregates only: no tenant's users, programme details or audit.
    for path in ("/api/v1/se/users", "/api/v1/se/programme", "/api/v1/fi/audit"):
        assert client.get(path, headers=bearer(token)).status_code == 404
    assert client.get("/api/v1/commission/programmes", headers=bearer(admin_token("se"))).status_code == 404


def test_catalogue_lists_every_common_indicator_with_three_languages(client):
    facts = Path(ROOT).parent / "shared" / "design" / "FACTS.md"
    rows = client.get("/api/v1/catalogue/indicators").json
    codes = {r["code"] for r in rows}
    if facts.exists():
        import re

        listed = set(re.findall(r"^\| ([OR]\.\d(?:\.\d+)+) \|", facts.read_text(encoding="utf-8"), re.M))
        assert listed and listed == codes
    for row in rows:
        assert set(row["labels"]) == {"en", "sv", "fi"} and all(row["labels"].values())
        if row["parent"]:
            assert row["parent"] in codes and row["code"].startswith(row["parent"] + ".")
        assert row["kind"] == ("output" if row["code"].startswith("O") else "result")
    objectives = client.get("/api/v1/catalogue/specific-objectives").json
    assert [o["code"] for o in objectives] == ["TA", "SO1", "SO2", "SO3", "SO4"]


def test_openapi_document_is_valid_and_covers_every_api_route(client, app):
    from openapi_spec_validator import validate

    from service.api.openapi import api_endpoints

    spec = client.get("/api/v1/openapi.json").json
    validate(spec)
    documented = {(path, method) for path, item in spec["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in api_endpoints(app):
            path = str(rule.rule).replace("<int:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method.lower()) in documented, (path, method)
    assert {"UserCreate", "User", "Programme"} <= set(spec["components"]["schemas"])


def test_health_probes(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"] == {"database": "ok", "redis": "ok"}


def test_nul_characters_are_refused_with_422_not_a_database_error(client, make_user, token_for):
    user_id, _ = make_user("se", "ma_admin")
    headers = bearer(token_for("se", user_id))
    response = client.post(
        "/api/v1/se/users", json={"email": "nul@se.test", "role": "applicant", "name": "A\x00B"}, headers=headers
    )
    assert response.status_code == 422 and "name" in response.json["errors"]
    assert client.get("/api/v1/se/users", headers=headers).json[-1]["email"] != "nul@se.test"
    token = csrf_token(client.get("/se/login").text)
    page = client.post("/se/login", data={"email": "x\x00@se.test", "password": "p", "csrf_token": token})
    assert page.status_code == 422
