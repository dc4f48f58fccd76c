"""Forgotten passwords: a link e-mailed to the address sets a new password (pages, mails, limits)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.accounts.models import AuthSession, EmailToken, User
from service.accounts.two_factor import new_secret
from service.audit.models import AuditEntry
from service.extensions import db
from service.tenancy.clock import played_at
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.conftest import PASSWORD, app_config, csrf_token, sign_in, tenant_id, translated
from tests.test_registration import body, link_token, mails_to, run_jobs

NEW_PASSWORD = "a long new passphrase 42"
SENT = (
    "If an account exists for that address, we have sent a link to set a new password. "
    "The link works once, within %(minutes)s minutes."
)


def ask_for_link(client, code: str, address: str, **environ):
    page = client.get(f"/{code}/password/forgot", environ_base=environ)
    data = {"csrf_token": csrf_token(page.text), "email": address}
    return client.post(f"/{code}/password/forgot", data=data, environ_base=environ)


def mailed_link(app, client, code: str, address: str) -> str:
    """Ask for a link on the page, run the mail jobs, and return the one new link's token."""
    before = {link_token(m, code, "password/reset") for m in mails_to(app, address) if "/password/reset/" in body(m)}
    assert ask_for_link(client, code, address).status_code == 302
    run_jobs(app, code, "accounts.send_reset_email")
    mailed = {link_token(m, code, "password/reset") for m in mails_to(app, address) if "/password/reset/" in body(m)}
    [token] = mailed - before
    return token


def post_new_password(client, code: str, token: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    page = client.get(f"/{code}/password/reset/{token}")
    assert page.status_code == 200, page.text
    data = {"csrf_token": csrf_token(page.text), "password": password, "confirm": confirm or password}
    return client.post(f"/{code}/password/reset/{token}", data=data)


def password_hash(app, code: str, address: str) -> str:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        return db.session.scalar(select(User.password_hash).where(User.email == address))


def test_the_whole_reset_through_the_pages(app, client, make_user):
    user_id, address = make_user("se", "applicant", language="sv")
    elsewhere = app.test_client()
    assert sign_in(elsewhere, "se", address).status_code == 302  # another session, to be closed

    login = client.get("/se/login")
    assert 'href="/se/password/forgot"' in login.text
    asked = ask_for_link(client, "se", address)
    assert asked.status_code == 302 and asked.headers["Location"] == "/se/password/forgot/sent"
    sent = client.get("/se/password/forgot/sent")
    assert translated(SENT, "sv") % {"minutes": 30} in sent.text
    assert run_jobs(app, "se", "accounts.send_reset_email") >= 1
    [message] = [m for m in mails_to(app, address) if "/password/reset/" in body(m)]
    assert message["Content-Language"] == "sv"
    assert message["Subject"] == translated("Set a new password for AMIF Hub", "sv")
    assert "30" in body(message)
    token = link_token(message, "se", "password/reset")
    with app.app_context(), tenant_scope(tenant_id(app, "se")):  # only the hash is stored
        row_id, stored = db.session.execute(
            select(EmailToken.id, EmailToken.token_hash).where(EmailToken.user_id == user_id)
        ).one()
        assert stored and stored != token

    before = password_hash(app, "se", address)
    weak = post_new_password(client, "se", token, password="short")
    assert weak.status_code == 422
    assert translated("The password must be at least 12 characters long.", "sv") in weak.text
    different = post_new_password(client, "se", token, confirm="another long passphrase")
    assert different.status_code == 422 and translated("The passwords do not match.", "sv") in different.text
    assert password_hash(app, "se", address) == before  # nothing changed on bad input
    assert elsewhere.get("/se/account").status_code == 200

    done = post_new_password(client, "se", token)
    assert done.status_code == 302 and done.headers["Location"] == "/se/login"
    assert elsewhere.get("/se/account").status_code == 401  # the other session was closed
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        live = select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        assert db.session.scalars(live).all() == []
    assert client.get("/se/account").status_code == 302  # not signed in by the link
    assert sign_in(app.test_client(), "se", address).status_code == 401  # the old password no longer works
    assert sign_in(app.test_client(), "se", address, password=NEW_PASSWORD).status_code == 302
    assert client.get(f"/se/password/reset/{token}").status_code == 404  # used once

    run_jobs(app, "se", "accounts.send_password_changed_email")
    [changed] = [m for m in mails_to(app, address) if m["Subject"] != message["Subject"]]
    assert changed["Subject"] == translated("Your AMIF Hub password was changed", "sv")
    assert changed["Content-Language"] == "sv" and token not in body(changed)

    with app.app_context(), tenant_scope(tenant_id(app, "se")):  # audited, never with the secret
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "email_tokens", AuditEntry.entity_id == str(row_id))
        ).all()
        assert [e.after["purpose"] for e in entries if e.action == "create"] == ["reset"]
        assert [e for e in entries if e.action == "update" and e.after.get("used_at")]  # the link used, and when
        for entry in entries:
            assert token not in str(entry.before) + str(entry.after) and stored not in str(entry.after)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client, make_user):
    _, known = make_user("fi", "applicant", language="fi")
    unknown = f"nobody-{known}"
    answers = [ask_for_link(app.test_client(), "fi", a) for a in (known, unknown)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].headers["Location"] == answers[1].headers["Location"] == "/fi/password/forgot/sent"
    assert answers[0].text == answers[1].text
    run_jobs(app, "fi", "accounts.send_reset_email")
    assert mails_to(app, unknown) == [] and len(mails_to(app, known)) == 1
    page = client.get("/fi/password/forgot/sent")
    assert translated(SENT, "fi") % {"minutes": 30} in page.text


def test_a_link_expires_after_thirty_minutes(app, client, make_user):
    _, address = make_user("se", "applicant")
    token = mailed_link(app, client, "se", address)
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        row = db.session.scalar(select(EmailToken).where(EmailToken.email == address))
        assert timedelta(minutes=29) < row.expires_at - utcnow() <= timedelta(minutes=30)
    with played_at(utcnow() + timedelta(minutes=29)):  # the clock (service.tenancy.clock) moved on
        page = client.get(f"/se/password/reset/{token}")
        assert page.status_code == 200
    before = password_hash(app, "se", address)
    with played_at(utcnow() + timedelta(minutes=31)):
        assert client.get(f"/se/password/reset/{token}").status_code == 404
        data = {"csrf_token": csrf_token(page.text), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        refused = client.post(f"/se/password/reset/{token}", data=data)
    assert refused.status_code == 404 and 'href="/se/password/forgot"' in refused.text
    assert translated("The link is not valid", "sv") in refused.text
    assert password_hash(app, "se", address) == before
    assert client.get(f"/se/password/reset/{token}").status_code == 200  # the real clock: still within 30 minutes


def test_a_newer_link_or_a_changed_password_ends_a_link(app, client, make_user):
    _, address = make_user("se", "applicant", language="en")
    first = mailed_link(app, client, "se", address)
    second = mailed_link(app, client, "se", address)
    assert client.get(f"/se/password/reset/{first}").status_code == 404  # superseded
    assert client.get(f"/se/password/reset/{second}").status_code == 200

    signed = app.test_client()  # the password changed on the account page: the link no longer works
    sign_in(signed, "se", address)
    page = signed.get("/se/account")
    data = {"password-csrf_token": csrf_token(page.text), "password-current": PASSWORD}
    data.update({"password-new": NEW_PASSWORD, "password-confirm": NEW_PASSWORD})
    assert signed.post("/se/account/password", data=data).status_code == 302
    assert client.get(f"/se/password/reset/{second}").status_code == 404


def test_a_link_works_only_in_its_own_tenant(app, client, make_user):
    _, address = make_user("se", "applicant")
    token = mailed_link(app, client, "se", address)
    assert client.get(f"/fi/password/reset/{token}").status_code == 404
    page = client.get("/fi/password/forgot")
    data = {"csrf_token": csrf_token(page.text), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(f"/fi/password/reset/{token}", data=data).status_code == 404
    assert client.get(f"/se/password/reset/{token}").status_code == 200  # still good where it belongs
    assert ask_for_link(client, "fi", address).status_code == 302  # no account in Finland: no mail
    run_jobs(app, "fi", "accounts.send_reset_email")
    assert not [m for m in mails_to(app, address) if "/fi/password/reset/" in body(m)]


def test_bad_input_is_refused_in_the_readers_language_and_changes_nothing(app, client, make_user):
    _, address = make_user("fi", "applicant")
    page = client.get("/fi/password/forgot")
    refused = client.post("/fi/password/forgot", data={"csrf_token": csrf_token(page.text), "email": "not-an-address"})
    assert refused.status_code == 422
    assert translated("Enter an e-mail address such as name@example.org.", "fi") in refused.text
    huge = client.post("/fi/password/forgot", data={"csrf_token": csrf_token(page.text), "email": "a" * 5000})
    assert huge.status_code == 422
    for token in ("x" * 500, "nonsense", "%00"):
        assert client.get(f"/fi/password/reset/{token}").status_code == 404
    token = mailed_link(app, client, "fi", address)
    before = password_hash(app, "fi", address)
    page = client.get(f"/fi/password/reset/{token}")
    data = {"csrf_token": csrf_token(page.text), "password": "x" * 2000, "confirm": "x" * 2000}
    assert client.post(f"/fi/password/reset/{token}", data=data).status_code == 422
    assert client.post(f"/fi/password/reset/{token}", data={"csrf_token": csrf_token(page.text)}).status_code == 422
    assert password_hash(app, "fi", address) == before
    assert client.get(f"/fi/password/reset/{token}").status_code == 200  # bad input does not use up the link


def test_a_reset_does_not_bypass_two_factor(app, client, make_user):
    _, address = make_user("se", "applicant")
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        user = db.session.scalar(select(User).where(User.email == address))
        user.totp_secret, user.totp_enabled_at = new_secret(), utcnow()
        db.session.commit()
    token = mailed_link(app, client, "se", address)
    assert post_new_password(client, "se", token).status_code == 302
    assert client.get("/se/account").status_code == 302  # not signed in
    step = sign_in(app.test_client(), "se", address, password=NEW_PASSWORD)
    assert step.status_code == 302 and step.headers["Location"] == "/se/login/two-factor"


def test_asking_for_links_is_rate_limited_per_address_and_per_ip(database_urls, redis_url, tmp_path):
    from service.app import create_app

    limited = create_app(
        app_config(
            database_urls,
            redis_url,
            tmp_path,
            AMIF_LOGIN_RATE_LIMIT="3 per minute",
            AMIF_RESET_ADDRESS_RATE_LIMIT="2 per hour",
            RATELIMIT_KEY_PREFIX=tmp_path.name,
        )
    )
    client = limited.test_client()
    address = "Someone@se.test"
    statuses = [
        ask_for_link(client, "se", address.lower() if i else address, REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 429]  # the same address from three IPs
    statuses = [ask_for_link(client, "se", f"other-{i}@se.test", REMOTE_ADDR="10.0.1.1").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]  # one IP, four addresses
    with limited.app_context():
        db.engine.dispose()
