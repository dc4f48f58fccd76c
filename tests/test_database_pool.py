"""DATABASE_POOL_SIZE: the connections each process keeps open (service/config.py).

A threaded server (gunicorn ``--threads 8``, as benchmarks/deadline_peak.py runs it) serves up to 8 requests at once,
each with a connection. SQLAlchemy's pool keeps 5 by default and closes the others when they are returned, so a busy
server opens PostgreSQL connections again and again (a new backend each time: 59 sessions in a 45 s benchmark run
where 16 would do). With the setting, as many stay open as it says.
"""

from __future__ import annotations

import pytest

from service import config
from service.app import create_app
from service.extensions import db
from tests.conftest import app_config

# SQLAlchemy's QueuePool keeps this many returned connections when no pool size is given.
SQLALCHEMY_DEFAULT_POOL_SIZE = 5


def _production(monkeypatch, **env) -> None:
    monkeypatch.setenv("AMIF_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@db/amif")
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_the_pool_keeps_the_connections_the_environment_asks_for(monkeypatch):
    _production(monkeypatch, DATABASE_POOL_SIZE="8")
    assert config.load()["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] == 8


def test_without_the_setting_the_pool_is_sqlalchemys_own(monkeypatch):
    _production(monkeypatch, DATABASE_POOL_SIZE="")
    assert "pool_size" not in config.load()["SQLALCHEMY_ENGINE_OPTIONS"]


@pytest.mark.parametrize("value", ["eight", "8.5", "0", "-1", "101"])
def test_a_pool_size_that_is_not_a_sensible_number_stops_the_start(monkeypatch, value):
    _production(monkeypatch, DATABASE_POOL_SIZE=value)
    with pytest.raises(config.ConfigurationError, match="DATABASE_POOL_SIZE"):
        config.load()


def _kept_after_busy_moment(app, at_once: int) -> int:
    """Open ``at_once`` connections together (requests served at the same moment), return them, and count how many
    the pool kept open."""
    with app.app_context():
        engine = db.engine
        connections = [engine.connect() for _ in range(at_once)]
        for connection in connections:
            connection.exec_driver_sql("SELECT 1")
        for connection in connections:
            connection.close()
        kept = engine.pool.checkedin()
        engine.dispose()
    return kept


def test_a_busy_moment_of_eight_requests_keeps_eight_connections_with_the_setting(database_urls, redis_url, tmp_path):
    sized = create_app(app_config(database_urls, redis_url, tmp_path / "sized", DATABASE_POOL_SIZE=8))
    assert _kept_after_busy_moment(sized, 8) == 8
    unsized = create_app(app_config(database_urls, redis_url, tmp_path / "unsized"))
    assert _kept_after_busy_moment(unsized, 8) == SQLALCHEMY_DEFAULT_POOL_SIZE  # 3 closed, opened again next time
