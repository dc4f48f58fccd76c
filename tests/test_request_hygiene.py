"""Requests that no person's browser sends on its own: text that is not text (a lone UTF-16 surrogate) and
state changes posted from another site. Each is refused before any handler runs and changes nothing."""

from __future__ import annotations

import json

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401
from tests.conftest import csrf_token, sign_in, tenant_id
from tests.test_applications_api import start

# "\ud800" in JSON is a lone high surrogate: valid JSON syntax (RFC 8259 §7 allows the escape) but not a
# Unicode scalar value, so it cannot be encoded as UTF-8 and PostgreSQL could never store it.
LONE_SURROGATE = '"a\\ud800b"'


def raw_json(client, method: str, url: str, body: str, headers: dict):
    return client.open(url, method=method, data=body, content_type="application/json", headers=headers)


def test_a_lone_surrogate_in_an_application_field_is_422_naming_the_field(client, open_call, applicant):
    call = open_call("se")
    person = applicant("se")
    application = start(client, "se", person, call)
    url = f"/api/v1/se/applications/{application['id']}"
    before = client.get(url, headers=person["headers"]).json
    body = f'{{"version": {before["version"]}, "fields": {{"title": {LONE_SURROGATE}}}}}'
    response = raw_json(client, "PATCH", url, body, person["headers"])
    assert response.status_code == 422
    assert "fields.title" in response.json["errors"]
    after = client.get(url, headers=person["headers"]).json
    assert after["title"] == before["title"]
    assert after["version"] == before["version"]


def test_a_lone_surrogate_in_a_partners_name_is_422_and_nothing_is_added(client, open_call, applicant):
    call = open_call("se")
    person = applicant("se")
    application = start(client, "se", person, call)
    url = f"/api/v1/se/applications/{application['id']}/partners"
    response = raw_json(client, "POST", url, '{"name": ' + LONE_SURROGATE + "}", person["headers"])
    assert response.status_code == 422 and "name" in response.json["errors"]
    assert client.get(f"/api/v1/se/applications/{application['id']}", headers=person["headers"]).json["partners"] == []


@pytest.mark.parametrize("escape", ["\\udfff", "\\udbff\\u0041", "x\\ud83d"])  # low, high before a letter, at end
def test_every_unpaired_surrogate_is_refused(app, client, make_user, token_for, escape):
    user_id, _ = make_user("se", "ma_admin")
    headers = {"Authorization": f"Bearer {token_for('se', user_id)}"}
    body = json.dumps({"email": "surrogate@se.test", "role": "applicant"})[:-1] + f', "name": "A{escape}B"}}'
    response = raw_json(client, "POST", "/api/v1/se/users", body, headers)
    assert response.status_code == 422 and "name" in response.json["errors"]
    assert not user_exists(app, "surrogate@se.test")


@pytest.mark.parametrize(
    "raw",
    [
        # Written as themselves, not as escapes: UTF-16 (json reads it, chosen by its NUL bytes), and UTF-8 bytes that
        # encode a surrogate (strict UTF-8 refuses them; json decodes with surrogatepass), and a NUL escape.
        '{"email": "raw@se.test", "role": "applicant", "name": "A\ud800B"}'.encode("utf-16-le", "surrogatepass"),
        '{"email": "raw@se.test", "role": "applicant", "name": "A\udc00B"}'.encode("utf-8", "surrogatepass"),
        b'{"email": "raw@se.test", "role": "applicant", "name": "A\\u0000B"}',
    ],
    ids=["utf-16", "utf-8-encoded-surrogate", "nul-escape"],
)
def test_a_character_that_is_not_text_is_refused_however_the_body_writes_it(app, client, make_user, token_for, raw):
    user_id, _ = make_user("se", "ma_admin")
    headers = {"Authorization": f"Bearer {token_for('se', user_id)}"}
    response = client.post("/api/v1/se/users", data=raw, content_type="application/json", headers=headers)
    assert response.status_code == 422 and "name" in response.json["errors"]
    assert not user_exists(app, "raw@se.test")


def user_exists(app, email: str) -> bool:
    from sqlalchemy import select

    from service.accounts.models import User
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        return db.session.scalar(select(User.id).where(User.email == email)) is not None


def test_a_paired_surrogate_is_an_ordinary_character(client, make_user, token_for):
    user_id, _ = make_user("se", "ma_admin")
    headers = {"Authorization": f"Bearer {token_for('se', user_id)}"}
    # \ud83d\ude00 is one character, U+1F600, written as a UTF-16 pair: allowed.
    body = '{"email": "pair@se.test", "role": "applicant", "name": "Glad \\ud83d\\ude00"}'
    response = raw_json(client, "POST", "/api/v1/se/users", body, headers)
    assert response.status_code == 201, response.json
    created = response.json["user"]
    assert created["name"] == "Glad \U0001f600"
    assert client.get(f"/api/v1/se/users/{created['id']}", headers=headers).json["name"] == "Glad \U0001f600"


@pytest.fixture
def signed_in(client, make_user, app):
    user_id, address = make_user("se", "case_officer")
    sign_in(client, "se", address)
    return user_id


def saved_language(app, user_id: int) -> str | None:
    from service.accounts.models import User
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        return db.session.get(User, user_id).language


def language_form(client, language: str) -> dict:
    return {"language-language": language, "csrf_token": csrf_token(client.get("/se/account").text)}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://localhost.evil.example"},
        {"Origin": "https://evil.example", "Referer": "http://localhost/se/account"},
    ],
)
def test_a_form_posted_from_another_site_is_refused_even_with_a_valid_csrf_token(client, app, signed_in, headers):
    before = saved_language(app, signed_in)
    response = client.post("/se/account/language", data=language_form(client, "en"), headers=headers)
    assert response.status_code == 403
    assert "annan webbplats" in response.text  # the Swedish tenant's default language
    assert saved_language(app, signed_in) == before


@pytest.mark.parametrize("headers", [{"Origin": "http://localhost"}, {"Referer": "http://localhost/se/account"}, {}])
def test_a_form_from_this_site_is_accepted(client, app, signed_in, headers):
    response = client.post("/se/account/language", data=language_form(client, "en"), headers=headers)
    assert response.status_code in (302, 303), response.text
    assert saved_language(app, signed_in) == "en"


def test_the_refusal_is_in_the_readers_language(client, signed_in):
    form = language_form(client, "en")
    response = client.post(
        "/se/account/language", data=form, headers={"Origin": "https://evil.example", "Accept-Language": "en"}
    )
    assert response.status_code == 403 and "another site" in response.text
