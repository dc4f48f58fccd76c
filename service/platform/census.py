"""A census of a database: rows per tenant in every tenant-owned table, and the sums of its money.

It exists to compare a restore with its source (helm/README.md, "Backup and restore"): a dump
taken by the wrong role can fail or come out empty, and a restore can silently miss rows, so after
a restore ``amif db census`` runs against both databases and must print the same JSON.

Everything is derived from the database's own catalogue, so tables added later are counted
without code changes: a tenant-owned table is any table of the current schema with a
``tenant_id`` column, a money column is any ``numeric(p, 2)`` column of such a table (amounts;
rates and score totals with two decimals are summed too, which does no harm to a comparison).
Rows with ``tenant_id`` NULL are platform rows, counted for the tables where the column allows it.

It must run as a role that bypasses row-level security (the backup role, or a superuser).
``row_security`` is switched off for the transaction, so any other role gets an error rather
than a census of only the rows it may see.
"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import Connection, make_url

from service.money.display import wire

TABLES = text(
    "SELECT c.table_name, c.is_nullable = 'YES' AS platform_rows"
    " FROM information_schema.columns c JOIN information_schema.tables t"
    " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
    " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name = 'tenant_id'"
    " ORDER BY c.table_name"
)
MONEY_COLUMNS = text(
    "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema = current_schema() AND data_type = 'numeric' AND numeric_scale = 2"
    " ORDER BY table_name, column_name"
)


def census(connection: Connection) -> dict:
    """``{"tenants": {code: {table: {"rows": n, "sums": {column: "0.00"}}}}, "platform": {table: {...}}}``.

    Every tenant (from ``tenants``) gets every tenant-owned table, with 0 where it has no rows;
    ``sums`` appears for tables with money columns, as exact decimal strings. Read in the
    connection's current transaction (``row_security`` off for that transaction).
    """
    connection.execute(text("SELECT set_config('row_security', 'off', true)"))
    quote = connection.dialect.identifier_preparer.quote
    tables = dict(connection.execute(TABLES).tuples().all())
    money: dict[str, list[str]] = {}
    for table, column in connection.execute(MONEY_COLUMNS).tuples():
        if table in tables:
            money.setdefault(table, []).append(column)
    codes = dict(connection.execute(text("SELECT id, code FROM tenants")).tuples().all())

    def empty(table: str) -> dict:
        entry: dict = {"rows": 0}
        if table in money:
            entry["sums"] = {column: "0.00" for column in money[table]}
        return entry

    result: dict = {
        "tenants": {code: {table: empty(table) for table in tables} for code in codes.values()},
        "platform": {table: empty(table) for table, platform_rows in tables.items() if platform_rows},
    }
    for table in tables:
        sums = "".join(f", coalesce(sum({quote(column)}), 0)" for column in money.get(table, []))
        query = f"SELECT tenant_id, count(*){sums} FROM {quote(table)} GROUP BY tenant_id"
        for tenant_id, rows, *totals in connection.execute(text(query)).tuples():
            entry = result["platform"][table] if tenant_id is None else result["tenants"][codes[tenant_id]][table]
            entry["rows"] = rows
            if totals:
                entry["sums"] = {column: _amount(total) for column, total in zip(money[table], totals, strict=True)}
    return result


def census_of_url(url: str) -> dict:
    """The census of the database at ``url`` (``postgresql://`` or ``postgresql+psycopg://``; a
    password left out of the URL comes from PGPASSWORD), read in one read-only snapshot."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, poolclass=pool.NullPool)
    try:
        with engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        ) as connection:
            return census(connection)
    finally:
        engine.dispose()


def census_json(url: str) -> str:
    """The census as JSON with sorted keys, so two databases compare with ``diff``."""
    return json.dumps(census_of_url(url), indent=2, sort_keys=True)


def _amount(value) -> str:
    return wire(Decimal(value))
