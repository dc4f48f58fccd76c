"""Migration 0011 fills the new typed financing of grants already decided: the cofinanced cost on the call's
basis and the rate the EU amount really is of it, and each project version's typed financing from the figures
it recorded. It runs as the owner under forced row-level security (tenant by tenant) and on an append-only table
(project versions), on PostgreSQL and on the embedded SQLite."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import text

from service.app import create_app
from service.extensions import db
from service.migrations.runner import alembic_config
from tests.conftest import app_config, embedded_config, fresh_database, prepare

DECISIONS = "SELECT id, cofinanced_cost, cofinancing_rate FROM decisions WHERE kind = 'grant' ORDER BY id"
VERSIONS = (
    "SELECT id, currency, eligible_cost, cofinanced_cost, eu_amount, cofinancing_rate FROM project_versions ORDER BY id"
)


def _figures(owner_url: str, tenant_ids: list[int] | None) -> tuple[list, list]:
    from sqlalchemy import create_engine

    engine = create_engine(owner_url)
    decisions, versions = [], []
    with engine.begin() as c:
        for tenant in tenant_ids or [None]:
            if tenant is not None:
                c.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant)})
            decisions += [tuple(row) for row in c.execute(text(DECISIONS))]
            versions += [tuple(row) for row in c.execute(text(VERSIONS))]
    engine.dispose()
    return decisions, versions


def _undo_and_redo(owner_url: str, tenant_ids: list[int] | None) -> None:
    before = _figures(owner_url, tenant_ids)
    assert before[0] and before[1]  # the demo's grants and projects
    assert all(row[1] is not None for row in before[0])
    command.downgrade(alembic_config(owner_url), "0010")  # the typed columns are gone …
    command.upgrade(alembic_config(owner_url), "head")  # … and filled again from what was recorded
    assert _figures(owner_url, tenant_ids) == before


def test_0011_fills_the_typed_financing_of_existing_grants_on_postgresql(redis_url, tmp_path):
    with fresh_database(f"amif_migration_{uuid.uuid4().hex[:8]}") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path))  # jobs wait in Redis: none is needed
        prepare(application, demo=True)
        with application.app_context():
            db.engine.dispose()
        from sqlalchemy import create_engine

        admin = create_engine(urls["admin"])
        with admin.connect() as c:
            tenants = [row[0] for row in c.execute(text("SELECT id FROM tenants ORDER BY id"))]
        admin.dispose()
        _undo_and_redo(urls["owner"], tenants)
        # the append-only rule holds again afterwards
        from sqlalchemy import create_engine
        from sqlalchemy.exc import DBAPIError

        owner = create_engine(urls["owner"])
        with owner.connect() as c:
            c.execute(text("SELECT set_config('app.tenant_id', :t, false)"), {"t": str(tenants[0])})
            try:
                c.execute(text("UPDATE project_versions SET reason = 'rewritten'"))
                refused = False
            except DBAPIError:
                refused = True
        owner.dispose()
        assert refused


def test_0011_fills_the_typed_financing_of_existing_grants_on_sqlite(tmp_path):
    config = embedded_config(tmp_path)
    url = config["SQLALCHEMY_DATABASE_URI"]
    application = create_app(config)
    prepare(application, demo=True)
    with application.app_context():
        db.engine.dispose()
    _undo_and_redo(url, None)
    import sqlite3

    connection = sqlite3.connect(tmp_path / "amif.sqlite")
    try:
        connection.execute("UPDATE project_versions SET reason = 'rewritten'")
        refused = False
    except sqlite3.DatabaseError:
        refused = True
    connection.close()
    assert refused
