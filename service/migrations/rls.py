"""Row-level security for tenant-owned tables (PostgreSQL only; a no-op on SQLite).

``amif_current_tenant()`` reads the transaction's ``app.tenant_id`` and raises when it is
missing or empty, so a query without a tenant scope fails instead of returning 0 rows
(ISOLATION.md). In the platform scope it returns NULL: no tenant's rows match.
"""

from contextlib import contextmanager

from alembic import op

CURRENT_TENANT_FUNCTION = """
CREATE OR REPLACE FUNCTION amif_current_tenant() RETURNS integer
LANGUAGE plpgsql STABLE AS $$
DECLARE
    setting text := current_setting('app.tenant_id', true);
BEGIN
    IF setting IS NULL OR setting = '' THEN
        RAISE EXCEPTION 'no tenant scope: app.tenant_id is not set' USING ERRCODE = '42501';
    END IF;
    IF setting = 'platform' THEN
        RETURN NULL;
    END IF;
    RETURN setting::integer;
END
$$;
"""


def is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_tenant_function() -> None:
    if is_postgresql():
        op.execute(CURRENT_TENANT_FUNCTION)


def enable_tenant_rls(table: str, *, platform_rows: bool = False) -> None:
    if not is_postgresql():
        return
    condition = (
        "tenant_id IS NOT DISTINCT FROM amif_current_tenant()" if platform_rows else "tenant_id = amif_current_tenant()"
    )
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({condition}) WITH CHECK ({condition})")


def make_append_only(table: str) -> None:
    """Refuse UPDATE and DELETE on a table, for every role including the owner."""
    if is_postgresql():
        op.execute(
            "CREATE OR REPLACE FUNCTION amif_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501'; END $$;"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION amif_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def each_tenant():
    """Run a data step once per tenant, in its scope: forced row-level security binds the owner too
    (ISOLATION.md). Yields each tenant's id (once, None, on SQLite); leaves the transaction without a tenant."""
    import sqlalchemy as sa

    bind = op.get_bind()
    if not is_postgresql():
        yield None
        return
    for (tenant_id,) in bind.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        bind.execute(sa.text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
        yield tenant_id
    bind.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


@contextmanager
def append_only_suspended(table: str):
    """Let a migration fill a column it has just added to an append-only table, then refuse changes again.
    Only for columns new in that migration: recorded history is never rewritten."""
    if is_postgresql():
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        yield
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
    yield
    op.execute(
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}"
        f" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    )
