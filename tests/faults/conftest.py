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
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from service.app import create_app
from service.extensions import db
from tests.conftest import _admin_url, app_config, fresh_database, prepare
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
    with fresh_database(f"amif_faults_{uuid.uuid4().hex[:10]}") as urls:
        direct = make_url(urls["app"])
        # The application reaches PostgreSQL through the hop, which a test can cut.
        through_hop = direct.set(host="127.0.0.1", port=database_hop.port).render_as_string(hide_password=False)
        yield {**urls, "app": through_hop, "app_direct": urls["app"]}


@pytest.fixture(scope="package")
def app(database_urls, redis_url, tmp_path_factory):
    prefix = f"amif-faults-{uuid.uuid4().hex[:8]}"
    config = app_config(database_urls, redis_url, tmp_path_factory.mktemp("faults"), AMIF_QUEUE_PREFIX=prefix, **FAST)
    application = create_app(config)
    prepare(application, demo=False)
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
