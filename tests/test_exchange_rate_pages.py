"""The platform administrator's page: signing in, loading the Commission's file, refusals that change nothing.

The rates are test inputs (made up); what is checked is how they are loaded, versioned and refused.
"""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest

from service.extensions import db
from tests.conftest import PASSWORD, csrf_token, sign_in, translated

PAGE = "/platform/exchange-rates"


@pytest.fixture
def platform_person(app):
    """platform_person(role) -> e-mail of a new platform user with the test password."""
    from service.accounts.operations import create_platform_user
    from service.tenancy.scope import platform_scope

    def make(role: str = "platform_admin", **extra) -> str:
        email = f"{role}-{uuid.uuid4().hex[:8]}@platform.test"
        with app.app_context(), platform_scope():
            person = create_platform_user(email=email, role=role, name="Test", password=PASSWORD)
            for key, value in extra.items():
                setattr(person, key, value)
            db.session.commit()
        return email

    return make


def platform_sign_in(client, email: str, password: str = PASSWORD, code: str = "", **headers):
    page = client.get("/platform/sign-in", headers=headers)
    return client.post(
        "/platform/sign-in",
        data={"email": email, "password": password, "code": code, "csrf_token": csrf_token(page.text)},
        headers=headers,
    )


def _upload(client, content: bytes, name: str = "rates.json", **fields):
    page = client.get(PAGE)
    data = {"csrf_token": csrf_token(page.text), "file": (io.BytesIO(content), name), **fields}
    return client.post(PAGE, data=data, content_type="multipart/form-data")


def _versions(app, currency: str, month: date) -> list[tuple[int, str]]:
    from service.exchange.util import rates

    with app.app_context():
        return [(r.version, f"{r.rate.normalize():f}") for r in rates(currency=currency, month=month)]


def test_the_page_needs_a_signed_in_platform_administrator(app, client, platform_person, make_user):
    assert client.get(PAGE).headers["Location"].startswith("/platform/sign-in")
    # A tenant's session is nothing here, and a platform session is nothing on the tenants' pages.
    _, officer = make_user("se", "ma_admin")
    assert sign_in(client, "se", officer).status_code == 302
    assert client.get(PAGE).headers["Location"].startswith("/platform/sign-in")

    other = app.test_client()
    assert platform_sign_in(other, platform_person("commission")).status_code == 303
    assert other.get(PAGE).status_code == 403

    admin = app.test_client()
    assert platform_sign_in(admin, platform_person(), password="not the password").status_code == 401
    signed_in = platform_sign_in(admin, platform_person())
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == PAGE
    assert admin.get(PAGE).status_code == 200
    assert admin.get("/se/").status_code == 302  # the tenant's home still asks for a tenant sign-in

    page = admin.get(PAGE)
    assert admin.post("/platform/sign-out", data={"csrf_token": csrf_token(page.text)}).status_code == 303
    assert admin.get(PAGE).headers["Location"].startswith("/platform/sign-in")


def test_two_factor_is_asked_of_those_who_turned_it_on(app, platform_person):
    import pyotp

    secret = pyotp.random_base32()
    from service.tenancy.model_base import utcnow

    email = platform_person(totp_secret=secret, totp_enabled_at=utcnow())
    client = app.test_client()
    assert platform_sign_in(client, email).status_code == 401
    assert platform_sign_in(client, email, code=pyotp.TOTP(secret).now()).status_code == 303


def test_loading_a_file_on_the_page(app, platform_person):
    client = app.test_client()
    platform_sign_in(client, platform_person())
    content = (
        b'[{"country": "Sweden", "currency": "Swedish krona", "isoA3Code": "SEK", "isoA2Code": "SE",'
        b' "value": 9.5, "comment": null}]'
    )
    loaded = _upload(client, content, month="2008-04")
    assert loaded.status_code == 303, loaded.text
    page = client.get(PAGE)
    assert "Rates loaded: 1 new, 0 corrected, 0 already loaded." in page.text
    assert "2008-04" in page.text and "9.5" in page.text and "upload: rates.json" in page.text
    assert _versions(app, "SEK", date(2008, 4, 1)) == [(1, "9.5")]

    changed = content.replace(b"9.5", b"9.6")
    refused = _upload(client, changed, month="2008-04")
    assert refused.status_code == 422
    assert "SEK 2008-04 is already loaded at 9.5; this says 9.6" in refused.text
    assert _versions(app, "SEK", date(2008, 4, 1)) == [(1, "9.5")]

    corrected = _upload(client, changed, month="2008-04", correct="y", reason="The Commission corrected April.")
    assert corrected.status_code == 303
    assert _versions(app, "SEK", date(2008, 4, 1)) == [(1, "9.5"), (2, "9.6")]
    listed = client.get(f"{PAGE}?currency=SEK").text
    assert "The Commission corrected April." in listed and "(replaced)" in listed


@pytest.mark.parametrize(
    ("content", "fields", "message"),
    [
        (b"ISO code,Value,Month\nNOK,abc,2008-05\n", {}, "Line 2: the rate “abc” is not a number"),
        (b"ISO code,Value,Month\nNOK,-1,2008-05\nNOK,9,2008-05\n", {}, "Line 2: the rate -1 must be more than zero"),
        (b"ISO code,Value,Month\nQQQ,1,2008-05\n", {}, "Line 2: “QQQ” is not a currency code (ISO 4217)."),
        (b"Country,Value\nNorway,9\n", {}, "Line 1: no column for the currency code"),
        (b'[{"isoA3Code": "NOK", "value": 9}]', {"month": "May 2008"}, "Write the month as YYYY-MM"),
    ],
)
def test_bad_files_on_the_page_say_where_and_load_nothing(app, platform_person, content, fields, message):
    client = app.test_client()
    platform_sign_in(client, platform_person())
    response = _upload(client, content, name="bad.csv", **fields)
    assert response.status_code == 422
    assert message in response.text
    assert _versions(app, "NOK", date(2008, 5, 1)) == []


def test_refusals_on_the_page_are_in_the_persons_language(app, platform_person):
    client = app.test_client()
    platform_sign_in(client, platform_person(), **{"Accept-Language": "fi"})
    page = client.get(PAGE, headers={"Accept-Language": "fi"})
    assert translated("Load the Commission's file", "fi") in page.text
    response = client.post(
        PAGE,
        data={"csrf_token": csrf_token(page.text), "file": (io.BytesIO(b"ISO code,Value\nNOK,x\n"), "x.csv")},
        content_type="multipart/form-data",
        headers={"Accept-Language": "fi"},
    )
    assert response.status_code == 422
    assert translated("Nothing was loaded. Correct the file and load it again:", "fi") in response.text


def test_an_upload_without_a_file_or_without_the_forms_token_changes_nothing(app, platform_person):
    client = app.test_client()
    platform_sign_in(client, platform_person())
    page = client.get(PAGE)
    empty = client.post(PAGE, data={"csrf_token": csrf_token(page.text)}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose a file to upload." in empty.text
    forged = client.post(
        PAGE,
        data={"file": (io.BytesIO(b'[{"isoA3Code": "NOK", "value": 9}]'), "r.json"), "month": "2008-06"},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 400
    assert _versions(app, "NOK", date(2008, 6, 1)) == []
