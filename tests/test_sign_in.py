"""Sign-in, sessions, CSRF, rate limiting, two-factor, security headers."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from service.accounts.models import AuthSession, User
from service.extensions import db
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.conftest import PASSWORD, app_config, csrf_token, sign_in, tenant_id


def _age_sessions(app, email, *, idle=None, age=None):
    with app.app_context():
        with tenant_scope(tenant_id(app, email.split("@")[1].split(".")[0])):
            user = db.session.scalar(select(User).where(User.email == email))
        for row in db.session.scalars(select(AuthSession).where(AuthSession.user_id == user.id)):
            if idle:
                row.last_seen_at = utcnow() - idle
            if age:
                row.created_at = utcnow() - age
        db.session.commit()


def test_sign_in_and_out(client, make_user):
    _, email = make_user("se", "case_officer")
    response = sign_in(client, "se", email)
    assert response.status_code == 302 and response.headers["Location"] == "/se/"
    assert client.get("/se/").status_code == 200
    page = client.get("/se/account")
    assert client.post("/se/logout", data={"csrf_token": csrf_token(page.text)}).status_code == 302
    assert client.get("/se/").status_code == 302  # back to sign-in


def test_wrong_password_is_refused_without_saying_which_part(client, make_user):
    _, email = make_user("se", "case_officer")
    wrong = sign_in(client, "se", email, password="not the password")
    unknown = sign_in(client, "se", "nobody@se.test")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong e-mail address or password." in wrong.text or "Fel" in wrong.text


def test_copied_cookie_is_worthless_after_sign_out(app, make_user):
    _, email = make_user("fi", "case_officer")
    browser = app.test_client()
    sign_in(browser, "fi", email)
    cookie = browser.get_cookie("amif_session").value
    thief = app.test_client()
    thief.set_cookie("amif_session", cookie)
    assert thief.get("/fi/").status_code == 200  # a copied live cookie works, like the original
    page = browser.get("/fi/account")
    browser.post("/fi/logout", data={"csrf_token": csrf_token(page.text)})
    assert thief.get("/fi/").status_code == 401  # revoked server-side


def test_session_expires_after_30_idle_minutes(client, make_user, app):
    _, email = make_user("se", "auditor")
    sign_in(client, "se", email)
    _age_sessions(app, email, idle=timedelta(minutes=31))
    ended = client.get("/se/")
    assert ended.status_code == 401 and 'href="/se/login"' in ended.text
    assert client.get("/se/").status_code == 302  # the dead session is forgotten: plain sign-in from here


def test_session_ends_after_12_hours_even_when_active(client, make_user, app):
    _, email = make_user("se", "auditor")
    sign_in(client, "se", email)
    _age_sessions(app, email, age=timedelta(hours=12, minutes=1))
    assert client.get("/se/").status_code == 401


def test_form_post_without_csrf_token_is_400_and_changes_nothing(client, make_user, app):
    _, email = make_user("se", "case_officer")
    sign_in(client, "se", email)
    response = client.post("/se/account/language", data={"language-language": "en"})
    assert response.status_code == 400
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        assert db.session.scalar(select(User.language).where(User.email == email)) is None


def test_login_attempts_are_rate_limited(database_urls, redis_url, tmp_path, make_user):
    from service.app import create_app

    _, email = make_user("se", "case_officer")
    limited = create_app(
        app_config(
            database_urls,
            redis_url,
            tmp_path,
            AMIF_LOGIN_RATE_LIMIT="3 per minute",
            RATELIMIT_KEY_PREFIX=f"limit-{tmp_path.name}",
        )
    )
    client = limited.test_client()
    statuses = [sign_in(client, "se", email, password="wrong password!").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    with limited.app_context():
        db.engine.dispose()


def test_security_headers_and_cookie_flags(client, make_user):
    _, email = make_user("fi", "case_officer")
    response = sign_in(client, "fi", email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/fi/")
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert header in page.headers
    assert page.headers["X-Frame-Options"] == "DENY"


def test_secure_cookie_flag_in_production_config(monkeypatch):
    from service import config

    monkeypatch.setenv("AMIF_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@db/amif")
    loaded = config.load()
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_secret_or_database(monkeypatch, missing):
    from service import config

    monkeypatch.setenv("AMIF_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@db/amif")
    monkeypatch.delenv(missing)
    with pytest.raises(config.ConfigurationError, match=missing):
        config.load()


def test_two_factor_sign_in(client, make_user, app):
    _, email = make_user("fi", "ma_admin")
    sign_in(client, "fi", email)
    page = client.get("/fi/account")
    client.post("/fi/account/two-factor/start", data={"off-csrf_token": csrf_token(page.text)})
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        secret = db.session.scalar(select(User.totp_secret).where(User.email == email))
    page = client.get("/fi/account")
    assert secret in page.text  # the key is shown for manual entry
    wrong = client.post(
        "/fi/account/two-factor/confirm",
        data={"two_factor-csrf_token": csrf_token(page.text), "two_factor-code": "000000"},
    )
    assert wrong.status_code == 422
    page = client.get("/fi/account")
    client.post(
        "/fi/account/two-factor/confirm",
        data={"two_factor-csrf_token": csrf_token(page.text), "two_factor-code": pyotp.TOTP(secret).now()},
    )
    page = client.get("/fi/account")
    client.post("/fi/logout", data={"csrf_token": csrf_token(page.text)})

    first = sign_in(client, "fi", email)
    assert first.headers["Location"] == "/fi/login/two-factor"
    assert client.get("/fi/").status_code == 302  # the password alone does not sign in
    step = client.get("/fi/login/two-factor")
    bad = client.post("/fi/login/two-factor", data={"csrf_token": csrf_token(step.text), "code": "123456"})
    assert bad.status_code == 401
    done = client.post(
        "/fi/login/two-factor", data={"csrf_token": csrf_token(step.text), "code": pyotp.TOTP(secret).now()}
    )
    assert done.status_code == 302 and client.get("/fi/").status_code == 200


def test_password_change_signs_out_other_sessions(app, make_user):
    _, email = make_user("se", "case_officer")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "se", email)
    sign_in(elsewhere, "se", email)
    page = here.get("/se/account")
    response = here.post(
        "/se/account/password",
        data={
            "password-csrf_token": csrf_token(page.text),
            "password-current": PASSWORD,
            "password-new": "a brand new passphrase",
            "password-confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/se/").status_code == 200
    assert elsewhere.get("/se/").status_code == 401
