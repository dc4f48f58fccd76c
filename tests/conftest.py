"""Test fixtures: a fresh PostgreSQL database per run, real Redis, the two demo tenants.

The database is owned by a migration role; the application connects as a separate role that
owns nothing, exactly as in production, so row-level security is really in force.
DATABASE_URL / REDIS_URL point elsewhere when set (DATABASE_URL must allow creating roles
and databases); otherwise the local servers on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.app import create_app
from service.extensions import db

ROOT = Path(__file__).resolve().parent.parent
RUN = uuid.uuid4().hex[:10]
OWNER_ROLE, APP_ROLE, ROLE_PASSWORD = "amif_test_owner", "amif_test_app", "amif-test"
PASSWORD = "correct horse battery staple"


def _admin_url():
    return make_url(os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres").set(
        drivername="postgresql+psycopg"
    )


@contextmanager
def fresh_database(name: str):
    """A new database owned by the migration role, dropped afterwards: its admin, owner and app URLs."""
    admin = _admin_url()
    engine = create_engine(admin.set(database=admin.database or "postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        # The roles are the cluster's: test processes running side by side (pytest-xdist) create them one at a time.
        c.execute(text("SELECT pg_advisory_lock(hashtext('amif_test_roles'))"))
        try:
            for role in (OWNER_ROLE, APP_ROLE):
                if not c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                    c.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{ROLE_PASSWORD}'"))
        finally:
            c.execute(text("SELECT pg_advisory_unlock(hashtext('amif_test_roles'))"))
        c.execute(text(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}'))
    owner = admin.set(username=OWNER_ROLE, password=ROLE_PASSWORD, database=name)
    app_url = admin.set(username=APP_ROLE, password=ROLE_PASSWORD, database=name)
    try:
        yield {
            "admin": admin.set(database=name).render_as_string(hide_password=False),
            "owner": owner.render_as_string(hide_password=False),
            "app": app_url.render_as_string(hide_password=False),
        }
    finally:
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def database_urls():
    with fresh_database(f"amif_test_{RUN}") as urls:
        yield urls


def prepare(application, *, demo: bool) -> None:
    """Migrate, load the reference data and the tenants (and the demo users and data)."""
    from service.catalogue.sync import sync_reference_data
    from service.migrations.runner import upgrade
    from service.platform.demo import load_demo
    from service.tenancy.sync import sync_all

    with application.app_context():
        upgrade(application)
        sync_reference_data()
        db.session.commit()
        sync_all(application.config["AMIF_TENANTS_DIR"])
        db.session.commit()
        if demo:
            load_demo()


@pytest.fixture(scope="session")
def redis_url():
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def app_config(database_urls, redis_url, tmp_root: Path, **extra) -> dict:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_urls["app"],
        "MIGRATION_DATABASE_URL": database_urls["owner"],
        "AMIF_APP_DB_ROLE": APP_ROLE,
        "REDIS_URL": redis_url,
        "AMIF_RUN_JOBS_IN_PROCESS": False,
        "AMIF_QUEUE_PREFIX": f"amif-test-{RUN}",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": f"amif-test-{RUN}",
        "AMIF_LOGIN_RATE_LIMIT": "10000 per minute",
        "AMIF_OUTBOX_DIR": str(tmp_root / "outbox"),
        "AMIF_INSTANCE_DIR": str(tmp_root),
        "SMTP_HOST": "",  # never send real e-mail from tests
    }
    config.update(extra)
    return config


def embedded_config(root: Path) -> dict:
    """The embedded default (``make run``): SQLite in ``root``, jobs in process, no Redis."""
    url = f"sqlite:///{root / 'amif.sqlite'}"
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "MIGRATION_DATABASE_URL": url,
        "REDIS_URL": "",
        "AMIF_RUN_JOBS_IN_PROCESS": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "AMIF_OUTBOX_DIR": str(root / "outbox"),
        "AMIF_INSTANCE_DIR": str(root),
    }


@pytest.fixture(scope="session")
def app(database_urls, redis_url, tmp_path_factory):
    application = create_app(app_config(database_urls, redis_url, tmp_path_factory.mktemp("instance")))
    prepare(application, demo=True)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


def tenant_id(app, code: str) -> int:
    from service.tenancy.models import Tenant

    with app.app_context():
        return db.session.query(Tenant.id).filter(Tenant.code == code).scalar()


@pytest.fixture
def make_user(app):
    """Create a user in a tenant: make_user("se", "ma_admin", language="sv") -> (id, email).

    After the test its people are deactivated: the session's database keeps every test's users, and what tells
    "every member of staff who may approve" (service.decisions.notifications) or the administrators would otherwise
    tell, and e-mail, every earlier test's staff too (the suite's time grew with the square of its tests)."""
    from sqlalchemy import update

    from service.accounts.models import User
    from service.accounts.operations import create_user
    from service.tenancy.scope import tenant_scope

    made: dict[str, list[int]] = {}

    def make(
        code: str,
        role: str = "ma_admin",
        *,
        language: str | None = None,
        password: str = PASSWORD,
        email: str | None = None,
        welcome: bool = False,
    ):
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@{code}.test"
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            user = create_user(
                email=email, role=role, name=f"Test {role}", password=password, language=language, send_welcome=welcome
            )
            db.session.commit()
            made.setdefault(code, []).append(user.id)
            return user.id, email

    yield make
    for code, ids in made.items():
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            db.session.execute(update(User).where(User.id.in_(ids)).values(active=False))
            db.session.commit()


@pytest.fixture
def token_for(app):
    """An API token for a tenant user: token_for("se", user_id)."""
    from service.accounts.models import User
    from service.accounts.tokens import create_token
    from service.tenancy.scope import tenant_scope

    def make(code: str, user_id: int, **kwargs) -> str:
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            secret = create_token(db.session.get(User, user_id), **kwargs)
            db.session.commit()
            return secret

    return make


@pytest.fixture
def platform_token(app):
    from service.accounts.models import PlatformUser
    from service.accounts.tokens import create_token
    from service.tenancy.scope import platform_scope

    def make(email: str) -> str:
        with app.app_context(), platform_scope():
            person = db.session.query(PlatformUser).filter(PlatformUser.email == email).one()
            secret = create_token(person)
            db.session.commit()
            return secret

    return make


def sign_in(client, code: str, email: str, password: str = PASSWORD, **headers):
    page = client.get(f"/{code}/login", headers=headers)
    return client.post(
        f"/{code}/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
        headers=headers,
    )


def bearer(secret: str, **headers) -> dict:
    return {"Authorization": f"Bearer {secret}", **headers}


def translated(message: str, language: str) -> str:
    """The catalogue's translation of a source string, for asserting on pages in a tenant's language."""
    from babel.support import Translations

    return Translations.load(str(ROOT / "translations"), [language]).gettext(message)
