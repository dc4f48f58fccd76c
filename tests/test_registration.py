"""Self-registration: register, confirm the address by link (pages and API), sign in; personal API tokens."""

from __future__ import annotations

import email
import email.policy
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update

from service.accounts.models import EmailToken, User
from service.extensions import db
from service.jobs.models import JobRun
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.conftest import PASSWORD, app_config, bearer, csrf_token, sign_in, tenant_id, translated
from workers.runner import run_job

# --- helpers, also used by test_organisations ---------------------------------------------------


def new_address(code: str, who: str = "applicant") -> str:
    return f"{who}-{uuid.uuid4().hex[:10]}@{code}.register.test"


def run_jobs(app, code: str, name: str) -> int:
    """Run the tenant's queued jobs of one kind in this process, as a worker would; how many ran."""
    tid = tenant_id(app, code)
    with app.app_context(), tenant_scope(tid):
        ids = db.session.scalars(select(JobRun.id).where(JobRun.name == name, JobRun.status == "queued")).all()
    for job_id in ids:
        run_job(job_id, str(tid), app=app)
    return len(ids)


def mails_to(app, address: str) -> list[email.message.Message]:
    folder = Path(app.config["AMIF_OUTBOX_DIR"])
    found = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found.append(message)
    return found


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def link_token(message, code: str, kind: str) -> str:
    match = re.search(rf"/{code}/{kind}/([A-Za-z0-9_-]+)", body(message))
    assert match, body(message)
    return match.group(1)


def user_row(app, code: str, address: str) -> User | None:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        user = db.session.scalar(select(User).where(User.email == address))
        if user is not None:
            db.session.expunge(user)
        return user


def register_on_page(client, code: str, address: str, *, password: str = PASSWORD, language: str | None = None):
    page = client.get(f"/{code}/register")
    language = language or {"se": "sv", "fi": "fi"}[code]
    data = {"csrf_token": csrf_token(page.text), "name": "Anna Andersson", "email": address}
    data.update({"password": password, "confirm": password, "language": language})
    return client.post(f"/{code}/register", data=data)


def new_link(app, code: str, address: str, kind: str, action) -> str:
    """Do ``action``, run the mail jobs, and return the token of the one new link mailed to ``address``
    (files in the outbox may share a timestamp: compare sets, not positions)."""
    job = {"verify": "accounts.send_verification_email", "invitations": "organisations.send_invitation"}[kind]
    before = {link_token(m, code, kind) for m in mails_to(app, address)}
    action()
    run_jobs(app, code, job)
    [token] = {link_token(m, code, kind) for m in mails_to(app, address)} - before
    return token


def registered_and_mailed(app, client, code: str, address: str, **kwargs) -> str:
    """Register on the page and run the mail job; the link's token."""

    def register():
        assert register_on_page(client, code, address, **kwargs).status_code == 302

    return new_link(app, code, address, "verify", register)


# --- the whole path in the pages -----------------------------------------------------------------


def test_register_confirm_by_link_and_sign_in(app, client):
    address = new_address("se")
    response = register_on_page(client, "se", address, language="en")
    assert response.status_code == 302 and response.headers["Location"] == "/se/register/sent"
    user = user_row(app, "se", address)
    assert user.role == "applicant" and user.email_verified_at is None and user.language == "en"
    assert run_jobs(app, "se", "accounts.send_verification_email") >= 1
    [message] = mails_to(app, address)
    assert message["Content-Language"] == "en" and message["Subject"] == "Confirm your e-mail address for AMIF Hub"
    token = link_token(message, "se", "verify")
    with app.app_context(), tenant_scope(tenant_id(app, "se")):  # only the hash is stored
        assert db.session.scalar(select(EmailToken.token_hash).where(EmailToken.user_id == user.id)) != token

    refused = sign_in(app.test_client(), "se", address)
    assert refused.status_code == 403
    message = "Confirm your e-mail address first: open the link in the e-mail we sent when you registered."
    assert translated(message, "sv").split(":")[0] in refused.text
    assert 'href="/se/register/resend"' in refused.text  # a way to get a new link

    page = client.get(f"/se/verify/{token}")
    assert page.status_code == 200 and 'type="password"' in page.text
    wrong = client.post(f"/se/verify/{token}", data={"csrf_token": csrf_token(page.text), "password": "not it at all"})
    assert wrong.status_code == 422 and 'aria-invalid="true"' in wrong.text
    done = client.post(f"/se/verify/{token}", data={"csrf_token": csrf_token(page.text), "password": PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/se/organisations"
    assert client.get("/se/organisations").status_code == 200  # signed in
    assert user_row(app, "se", address).email_verified_at is not None
    assert sign_in(app.test_client(), "se", address).status_code == 302  # and can sign in from now on
    assert client.get(f"/se/verify/{token}").status_code == 404  # used up


def test_register_links_on_sign_in_and_calls_pages(client):
    for path in ("/se/login", "/se/calls", "/fi/login"):
        page = client.get(path)
        assert f'href="/{path[1:3]}/register"' in page.text, path


def test_registration_page_errors_are_tied_to_their_inputs(app, client):
    page = client.get("/fi/register")
    data = {"csrf_token": csrf_token(page.text), "name": "", "email": "not-an-address", "password": "short"}
    data.update({"confirm": "other", "language": "de"})
    response = client.post("/fi/register", data=data)
    assert response.status_code == 422
    for field in ("name", "email", "password", "confirm", "language"):
        assert f'id="{field}-error"' in response.text and f'aria-describedby="{field}-error"' in response.text
    assert user_row(app, "fi", "not-an-address") is None


# --- the API -------------------------------------------------------------------------------------


def test_api_registration_with_a_real_worker_in_the_callers_language(app, client, database_urls, redis_url):
    from tests.test_jobs import _run_worker, forget_queued_jobs

    forget_queued_jobs(app)
    address = new_address("fi")
    answer = client.post(
        "/api/v1/fi/registrations",
        json={"email": address, "name": "Sara Svensson", "password": PASSWORD},
        headers={"Accept-Language": "sv"},
    )
    assert answer.status_code == 202 and answer.json["message"]
    _run_worker(app, database_urls, redis_url)
    [message] = mails_to(app, address)
    assert message["Content-Language"] == "sv" and "/fi/verify/" in body(message)
    token = link_token(message, "fi", "verify")
    wrong = client.post("/api/v1/fi/registrations/verify", json={"token": token, "password": "wrong password!"})
    assert wrong.status_code == 422 and "password" in wrong.json["errors"]
    verified = client.post("/api/v1/fi/registrations/verify", json={"token": token, "password": PASSWORD})
    assert verified.status_code == 200 and verified.json["email"] == address and verified.json["email_verified_at"]
    again = client.post("/api/v1/fi/registrations/verify", json={"token": token, "password": PASSWORD})
    assert again.status_code == 422 and "token" in again.json["errors"]


def test_an_address_in_use_gets_the_same_answer_and_an_email_to_its_owner(app, client, make_user):
    _, taken = make_user("se", "applicant")
    fresh = new_address("se")
    answers = [
        client.post("/api/v1/se/registrations", json={"email": a, "name": "X", "password": "another passphrase"})
        for a in (taken.upper(), fresh)
    ]
    assert [a.status_code for a in answers] == [202, 202] and answers[0].json == answers[1].json
    run_jobs(app, "se", "accounts.send_account_exists_email")
    run_jobs(app, "se", "accounts.send_verification_email")
    [told] = mails_to(app, taken)
    assert "/se/login" in body(told) and "/verify/" not in body(told)
    assert sign_in(app.test_client(), "se", taken).status_code == 302  # the password did not change
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        assert db.session.query(User).filter(User.email == taken).count() == 1


def test_registering_an_unconfirmed_address_again_replaces_its_password(app, client):
    """Whoever registered first without proving the address cannot keep the account (pre-hijacking)."""
    address = new_address("se")
    first = registered_and_mailed(app, client, "se", address, password="the squatter's password")
    _age_tokens(app, "se", address, created=timedelta(minutes=5))
    second = registered_and_mailed(app, client, "se", address, password=PASSWORD)
    assert first != second
    stale = client.post("/api/v1/se/registrations/verify", json={"token": first, "password": "the squatter's password"})
    assert stale.status_code == 422 and "password" in stale.json["errors"]
    ok = client.post("/api/v1/se/registrations/verify", json={"token": first, "password": PASSWORD})
    assert ok.status_code == 200


@pytest.mark.parametrize("where", ["page", "api"])
def test_expired_link_is_refused(app, client, where):
    address = new_address("se")
    token = registered_and_mailed(app, client, "se", address)
    _age_tokens(app, "se", address, expires=timedelta(hours=-1))
    if where == "page":
        page = client.get(f"/se/verify/{token}")
        assert page.status_code == 404 and 'href="/se/register/resend"' in page.text
    else:
        answer = client.post("/api/v1/se/registrations/verify", json={"token": token, "password": PASSWORD})
        assert answer.status_code == 422 and "token" in answer.json["errors"]
    assert user_row(app, "se", address).email_verified_at is None


def test_link_of_another_tenant_is_refused(app, client):
    address = new_address("se")
    token = registered_and_mailed(app, client, "se", address)
    assert client.get(f"/fi/verify/{token}").status_code == 404
    answer = client.post("/api/v1/fi/registrations/verify", json={"token": token, "password": PASSWORD})
    assert answer.status_code == 422
    assert user_row(app, "se", address).email_verified_at is None
    for garbage in ("x", "a" * 129, "%00"):
        assert client.get(f"/se/verify/{garbage}").status_code == 404


def test_new_link_on_request_and_the_same_answer_for_unknown_addresses(app, client):
    address = new_address("fi")
    registered_and_mailed(app, client, "fi", address)
    _age_tokens(app, "fi", address, created=timedelta(minutes=5))
    unknown = new_address("fi", "nobody")
    answers = [client.post("/api/v1/fi/registrations/resend", json={"email": a}) for a in (address, unknown)]
    assert [a.status_code for a in answers] == [202, 202] and answers[0].json == answers[1].json
    page = client.get("/fi/register/resend")
    response = client.post("/fi/register/resend", data={"csrf_token": csrf_token(page.text), "email": unknown})
    assert response.status_code == 302
    run_jobs(app, "fi", "accounts.send_verification_email")
    assert len(mails_to(app, address)) == 2 and mails_to(app, unknown) == []
    # Asking again at once sends nothing more: no mail bombing.
    client.post("/api/v1/fi/registrations/resend", json={"email": address})
    run_jobs(app, "fi", "accounts.send_verification_email")
    assert len(mails_to(app, address)) == 2


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": "A", "password": PASSWORD}, "email"),
        ({"email": 42, "name": "A", "password": PASSWORD}, "email"),
        ({"email": "x" * 250 + "@a.se", "name": "A", "password": PASSWORD}, "email"),
        ({"email": "{new}", "name": "", "password": PASSWORD}, "name"),
        ({"email": "{new}", "name": "A" * 201, "password": PASSWORD}, "name"),
        ({"email": "{new}", "name": "A\u0000B", "password": PASSWORD}, "name"),
        ({"email": "{new}", "name": ["A"], "password": PASSWORD}, "name"),
        ({"email": "{new}", "name": "A", "password": "short"}, "password"),
        ({"email": "{new}", "name": "A", "password": 123456789012345}, "password"),
        ({"email": "{new}", "name": "A", "password": PASSWORD, "language": "fi"}, "language"),
        ({"email": "{new}", "name": "A", "password": PASSWORD, "role": "ma_admin"}, "role"),
    ],
)
def test_bad_registrations_are_422_and_change_nothing(app, client, payload, field):
    address = new_address("se")
    payload = {k: (address if v == "{new}" else v) for k, v in payload.items()}
    answer = client.post("/api/v1/se/registrations", json=payload)
    assert answer.status_code == 422 and field in answer.json["errors"], answer.json
    assert user_row(app, "se", address) is None


def test_registration_messages_follow_the_callers_language(client):
    messages = {}
    for language in ("en", "fi", "sv"):
        answer = client.post(
            "/api/v1/fi/registrations", json={"name": "A", "password": PASSWORD}, headers={"Accept-Language": language}
        )
        messages[language] = answer.json["errors"]["email"][0]
    assert messages["en"] == "Missing data for required field." and len(set(messages.values())) == 3


def test_registration_is_rate_limited(database_urls, redis_url, tmp_path):
    from service.app import create_app

    limited = create_app(
        app_config(
            database_urls, redis_url, tmp_path, AMIF_LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_KEY_PREFIX=tmp_path.name
        )
    )
    client = limited.test_client()
    statuses = [client.post("/api/v1/se/registrations", json={}).status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    with limited.app_context():
        db.engine.dispose()


def test_users_created_by_an_administrator_count_as_confirmed(client, make_user, token_for):
    admin, _ = make_user("se", "ma_admin")
    created = client.post(
        "/api/v1/se/users",
        json={"email": new_address("se", "staff"), "role": "case_officer"},
        headers=bearer(token_for("se", admin)),
    )
    assert created.status_code == 201 and created.json["user"]["email_verified_at"]


# --- personal API tokens -----------------------------------------------------------------------


def test_a_person_creates_an_api_token_shown_once_and_can_revoke_it(app, client, make_user):
    _, address = make_user("se", "applicant")
    sign_in(client, "se", address)
    page = client.get("/se/account")
    created = client.post("/se/account/tokens", data={"token-csrf_token": csrf_token(page.text), "token-name": "CRM"})
    assert created.status_code == 200
    secret = re.search(r'<code id="new-token">([^<]+)</code>', created.text).group(1)
    me = client.get("/api/v1/se/me", headers=bearer(secret))
    assert me.status_code == 200 and me.json["email"] == address
    again = client.get("/se/account")
    assert secret not in again.text and secret[:12] in again.text  # listed by its prefix only
    assert client.get("/api/v1/fi/me", headers=bearer(secret)).status_code == 404
    token_id = re.search(r"/se/account/tokens/(\d+)/revoke", again.text).group(1)
    revoke_token = re.search(r'name="revoke-csrf_token" value="([^"]+)"', again.text).group(1)
    revoked = client.post(f"/se/account/tokens/{token_id}/revoke", data={"revoke-csrf_token": revoke_token})
    assert revoked.status_code == 302
    assert client.get("/api/v1/se/me", headers=bearer(secret)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(app, client, make_user, token_for):
    owner, _ = make_user("se", "applicant")
    secret = token_for("se", owner)
    _, other = make_user("se", "applicant")
    sign_in(client, "se", other)
    with app.app_context():
        from service.accounts.models import ApiToken

        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == owner))
    page = client.get("/se/account")
    revoke = re.search(r'name="token-csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)
    answer = client.post(f"/se/account/tokens/{token_id}/revoke", data={"revoke-csrf_token": revoke})
    assert answer.status_code == 404
    assert client.get("/api/v1/se/me", headers=bearer(secret)).status_code == 200


# --- the migration -----------------------------------------------------------------------------


def test_migration_counts_existing_users_as_confirmed_under_forced_rls(database_urls):
    """0004 updates users as the owner, whom forced row-level security binds too: tenant by tenant."""
    from alembic import command
    from sqlalchemy.engine import make_url

    from service.migrations.runner import alembic_config
    from tests.conftest import OWNER_ROLE

    admin = make_url(database_urls["admin"])
    name = f"amif_migration_{uuid.uuid4().hex[:8]}"
    server = create_engine(admin, isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}'))
    owner_url = make_url(database_urls["owner"]).set(database=name).render_as_string(hide_password=False)
    try:
        command.upgrade(alembic_config(owner_url), "0003")
        owner = create_engine(owner_url)
        with owner.begin() as c:
            tid = c.execute(
                text(
                    "INSERT INTO tenants (code, country, currency, languages, timezone, names, managing_authority,"
                    " settings, active, created_at, updated_at) VALUES ('ee', 'EE', 'EUR', '[\"en\"]',"
                    " 'Europe/Tallinn', '{}', '{}', '{}', true, now(), now()) RETURNING id"
                )
            ).scalar()
            c.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tid)})
            c.execute(
                text(
                    "INSERT INTO users (tenant_id, email, name, role, active, created_at, version)"
                    " VALUES (:t, 'old@ee.test', '', 'case_officer', true, '2025-01-02T03:04:05Z', 1)"
                ),
                {"t": tid},
            )
        command.upgrade(alembic_config(owner_url), "head")
        with owner.begin() as c:
            c.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tid)})
            verified, created = c.execute(text("SELECT email_verified_at, created_at FROM users")).one()
        assert verified == created
        owner.dispose()
    finally:
        with server.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _age_tokens(app, code: str, address: str, *, created: timedelta | None = None, expires: timedelta | None = None):
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        values = {}
        if created is not None:
            values["created_at"] = utcnow() - created
        if expires is not None:
            values["expires_at"] = utcnow() + expires
        db.session.execute(update(EmailToken).where(EmailToken.email == address).values(**values))
        db.session.commit()
