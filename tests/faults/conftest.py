"""The fault tests' own world: a database of their own (migrated, reference data and tenants, no demo),
reached through a :class:`TcpHop` that a test can cut, a Redis of their own that a test can stop or
freeze, and an app with short hand-off, sweep and lease times so that each fault resolves in seconds.

The fixtures keep the names of tests/conftest.py (``database_urls``, ``redis_url``, ``app``), so the
shared fixtures (``client``, ``make_user``, ``token_for``, ``applicant``, ``open_call``) work here on
this world. Every test leaves the hop mended and Redis running (the ``intact`` fixture).
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.app import create_app
from service.extensions import db
from tests.conftest import APP_ROLE, OWNER_ROLE, ROLE_PASSWORD, _admin_url, app_config
from tests.faults.servers import RedisServer, SmtpServer, TcpHop

# Short times so that each fault resolves in seconds (production: service/config.py).
FAST = {
    "AMIF_HANDOFF_TIMEOUT": 0.3,
    "AMIF_HANDOFF_PAUSE": 1.0,
    "AMIF_SWEEP_INTERVAL": 0.3,
    "AMIF_SWEEP_GRACE": 0.0,
    # Long enough that a loaded 2-core machine never lets a live job's lease lapse (a beat every 1.3 s).
    "AMIF_JOB_LEASE_SECONDS": 4.0,
    "AMIF_RETRY_AFTER": 7,
}


@pytest.fixture(scope="package")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture(scope="package")
def database_hop():
    admin = _admin_url()
    hop = TcpHop(admin.host or "127.0.0.1", admin.port or 5432).mend()
    yield hop
    hop.cut()


@pytest.fixture(scope="package")
def database_urls(database_hop):
    admin = _admin_url()
    name = f"amif_faults_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin.set(database=admin.database or "postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        for role in (OWNER_ROLE, APP_ROLE):
            if not c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                c.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{ROLE_PASSWORD}'"))
        c.execute(text(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}'))
    direct = admin.set(username=APP_ROLE, password=ROLE_PASSWORD, database=name)
    yield {
        "admin": admin.set(database=name).render_as_string(hide_password=False),
        "owner": admin.set(username=OWNER_ROLE, password=ROLE_PASSWORD, database=name).render_as_string(
            hide_password=False
        ),
        # The application reaches PostgreSQL through the hop, which a test can cut.
        "app": direct.set(host="127.0.0.1", port=database_hop.port).render_as_string(hide_password=False),
        "app_direct": direct.render_as_string(hide_password=False),
    }
    with engine.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="package")
def app(database_urls, redis_url, tmp_path_factory):
    from service.catalogue.sync import sync_reference_data
    from service.migrations.runner import upgrade
    from service.tenancy.sync import sync_all

    prefix = f"amif-faults-{uuid.uuid4().hex[:8]}"
    config = app_config(database_urls, redis_url, tmp_path_factory.mktemp("faults"), AMIF_QUEUE_PREFIX=prefix, **FAST)
    application = create_app(config)
    with application.app_context():
        upgrade(application)
        sync_reference_data()
        db.session.commit()
        sync_all(application.config["AMIF_TENANTS_DIR"])
        db.session.commit()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def intact(database_hop, redis_server):
    """Each test starts and ends with every server up."""
    yield
    if database_hop.is_cut:
        database_hop.mend()
    redis_server.thaw()
    if redis_server.process is None:
        redis_server.start()


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def admin_sql(database_urls):
    """A superuser connection to the faults database (its own, not through the hop)."""
    engine = create_engine(make_url(database_urls["admin"]).set(drivername="postgresql+psycopg"))
    yield engine
    engine.dispose()
