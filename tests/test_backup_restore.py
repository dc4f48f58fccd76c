"""Backup and restore under forced row-level security, exactly as helm/README.md "Backup and restore" says.

A backup role with BYPASSRLS dumps the test database with the real ``pg_dump``; the owner restores
it with the real ``pg_restore`` into a new database; ``amif db upgrade`` grants the application role
again; ``amif db census`` of both databases must be equal and not empty. The owner itself cannot
dump (forced RLS applies to it), which is why the backup role exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from service.platform.census import census_of_url
from tests.conftest import APP_ROLE, OWNER_ROLE, ROLE_PASSWORD

BACKUP_ROLE = "amif_test_backup"
PG_DUMP, PG_RESTORE = "/usr/bin/pg_dump", "/usr/bin/pg_restore"
AMIF = str(Path(sys.executable).with_name("amif"))


def libpq_url(database_urls, role: str, database: str) -> str:
    """A ``postgresql://role@host:port/database`` URL on the test server, password from PGPASSWORD."""
    url = make_url(database_urls["admin"]).set(drivername="postgresql", username=role, password=None)
    return url.set(database=database).render_as_string(hide_password=False)


def run(*command: str, **env: str) -> subprocess.CompletedProcess:
    ours = ("DATABASE_URL", "MIGRATION_DATABASE_URL", "REDIS_URL", "SECRET_KEY")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AMIF_") and k not in ours}
    return subprocess.run(
        command, env={**clean, "PGPASSWORD": ROLE_PASSWORD, **env}, capture_output=True, text=True, timeout=120
    )


def admin_connection(database_urls, database: str):
    url = make_url(database_urls["admin"]).set(database=database)
    return create_engine(url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")


# helm/README.md, "Backup and restore": the backup role reads every table and sequence, also later migrations'.
BACKUP_GRANTS = f"""
GRANT USAGE ON SCHEMA public TO {BACKUP_ROLE};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {BACKUP_ROLE};
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {BACKUP_ROLE};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} IN SCHEMA public GRANT SELECT ON TABLES TO {BACKUP_ROLE};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} IN SCHEMA public GRANT SELECT ON SEQUENCES TO {BACKUP_ROLE};
"""


def grant_backup_role(engine) -> None:
    with engine.connect() as c:
        for statement in filter(None, (line.strip().rstrip(";") for line in BACKUP_GRANTS.splitlines())):
            c.execute(text(statement))


@pytest.fixture(scope="module")
def restored(app, database_urls, tmp_path_factory):
    """Dump the test database as the backup role, restore it into amif_restore_<random> (dropped at the end)."""
    source = make_url(database_urls["admin"]).database
    target = f"amif_restore_{uuid.uuid4().hex[:10]}"
    server = admin_connection(database_urls, source)
    with server.connect() as c:
        exists = c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": BACKUP_ROLE}).scalar()
        verb = "ALTER" if exists else "CREATE"
        c.execute(
            text(
                f"{verb} ROLE {BACKUP_ROLE} LOGIN PASSWORD '{ROLE_PASSWORD}'"
                " NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS"
            )
        )
    grant_backup_role(server)
    dump = tmp_path_factory.mktemp("backup") / "amif.dump"
    try:
        backup_url = libpq_url(database_urls, BACKUP_ROLE, source)
        dumped = run(PG_DUMP, "--format=custom", f"--file={dump}", f"--dbname={backup_url}")
        assert dumped.returncode == 0, dumped.stderr
        source_census = census_of_url(backup_url)

        with server.connect() as c:
            c.execute(text(f'CREATE DATABASE "{target}" OWNER {OWNER_ROLE}'))
        target_admin = admin_connection(database_urls, target)
        with target_admin.connect() as c:
            c.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
            c.execute(text(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}"))
        restore = run(
            PG_RESTORE,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={libpq_url(database_urls, OWNER_ROLE, target)}",
            str(dump),
        )
        assert restore.returncode == 0, restore.stderr
        owner_url = make_url(libpq_url(database_urls, OWNER_ROLE, target)).set(password=ROLE_PASSWORD)
        upgrade = run(
            AMIF,
            "db",
            "upgrade",
            MIGRATION_DATABASE_URL=owner_url.render_as_string(hide_password=False),
            AMIF_APP_DB_ROLE=APP_ROLE,
            AMIF_INSTANCE_DIR=str(tmp_path_factory.mktemp("instance")),
        )
        assert upgrade.returncode == 0, upgrade.stderr
        grant_backup_role(target_admin)
        target_admin.dispose()
        yield {"source": source, "target": target, "source_census": source_census, "dump": dump}
    finally:
        with server.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        server.dispose()


def census_by_cli(app, database_urls, database: str) -> str:
    url = libpq_url(database_urls, BACKUP_ROLE, database)
    result = app.test_cli_runner().invoke(args=["db", "census", "--url", url], env={"PGPASSWORD": ROLE_PASSWORD})
    assert result.exit_code == 0, result.output
    return result.output


def test_the_restore_has_every_row_and_every_amount_of_the_source(app, database_urls, restored):
    source = census_by_cli(app, database_urls, restored["source"])
    target = census_by_cli(app, database_urls, restored["target"])
    assert source == target
    census = census_of_url(libpq_url(database_urls, BACKUP_ROLE, restored["target"]))
    assert census == restored["source_census"]
    for code in ("se", "fi"):  # an empty or partial dump cannot pass
        tables = census["tenants"][code]
        assert tables["applications"]["rows"] > 0 and tables["decisions"]["rows"] > 0
        assert tables["projects"]["rows"] > 0
        amounts = [amount for table in tables.values() for amount in table.get("sums", {}).values()]
        assert any(amount != "0.00" for amount in amounts)
    assert census["platform"]["audit_entries"]["rows"] > 0


def test_the_app_role_reads_the_restore_only_inside_a_tenant_scope(app, database_urls, restored):
    app_url = make_url(libpq_url(database_urls, APP_ROLE, restored["target"])).set(
        drivername="postgresql+psycopg", password=ROLE_PASSWORD
    )
    engine = create_engine(app_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as c:
            se = c.execute(text("SELECT id FROM tenants WHERE code = 'se'")).scalar_one()
            with pytest.raises(DBAPIError, match="no tenant scope"):
                c.execute(text("SELECT count(*) FROM applications"))
            c.rollback()
            c.execute(text("SELECT set_config('app.tenant_id', :t, false)"), {"t": str(se)})
            rows = c.execute(text("SELECT count(*) FROM applications")).scalar_one()
            assert rows == restored["source_census"]["tenants"]["se"]["applications"]["rows"] > 0
            assert c.execute(text("SELECT count(*) FROM applications WHERE tenant_id <> :t"), {"t": se}).scalar() == 0
    finally:
        engine.dispose()
    # ... and gets no census (an error, not the count of the rows it may see).
    census = app.test_cli_runner().invoke(args=["db", "census", "--url", app_url.render_as_string(hide_password=False)])
    assert census.exit_code != 0 and "row-level security" in census.output


def test_the_owner_can_neither_dump_nor_load_data_under_forced_rls(database_urls, restored):
    """Why the backup role exists: forced RLS applies to the owner, and amif_current_tenant() raises."""
    owner = libpq_url(database_urls, OWNER_ROLE, restored["source"])
    plain = run(PG_DUMP, "--format=custom", "--file=/dev/null", f"--dbname={owner}")
    assert plain.returncode != 0 and "row-level security" in plain.stderr
    with_rls = run(PG_DUMP, "--format=custom", "--file=/dev/null", "--enable-row-security", f"--dbname={owner}")
    assert with_rls.returncode != 0 and "no tenant scope" in with_rls.stderr  # an error, never an empty dump
    # Data into tables whose policies already exist (e.g. made by `amif db upgrade`) fails as the owner too;
    # one transaction, so nothing is loaded.
    data_only = run(
        PG_RESTORE,
        "--data-only",
        "--table=applications",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={libpq_url(database_urls, OWNER_ROLE, restored['target'])}",
        str(restored["dump"]),
    )
    assert data_only.returncode != 0 and "row-level security" in data_only.stderr
