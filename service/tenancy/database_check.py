"""Refuse to run as a database role that could bypass row-level security (ISOLATION.md).

On PostgreSQL the application must connect as a role that owns no tenant table, is not a
superuser and has no BYPASSRLS, and every tenant-owned table must have row-level security
enabled and forced. Checked by ``wsgi.py`` and ``amif worker`` before serving.
"""

from __future__ import annotations

from sqlalchemy import text

from service.extensions import db
from service.tenancy.model_base import TenantOwned


class UnsafeDatabaseRole(RuntimeError):
    """The database connection could read across tenants."""


def tenant_tables() -> list[str]:
    return sorted(m.class_.__table__.name for m in db.Model.registry.mappers if issubclass(m.class_, TenantOwned))


def verify_database_role(app) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "postgresql":
            return
        with engine.connect() as connection:
            role = connection.execute(
                text("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            ).one()
            if role.rolsuper or role.rolbypassrls:
                raise UnsafeDatabaseRole(f"database role {role.rolname} bypasses row-level security")
            rows = connection.execute(
                text(
                    "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                    " pg_has_role(current_user, c.relowner, 'USAGE') AS owns"
                    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).all()
        tables = {r.relname: r for r in rows}
        if not tables:
            raise UnsafeDatabaseRole("the database has no tables: run `amif db upgrade` first")
        owned = sorted(name for name, r in tables.items() if r.owns)
        if owned:
            raise UnsafeDatabaseRole(
                f"database role {role.rolname} owns tables ({', '.join(owned[:5])}); "
                "connect as the application role, not the owner"
            )
        for name in tenant_tables():
            r = tables.get(name)
            if r is None or not (r.relrowsecurity and r.relforcerowsecurity):
                raise UnsafeDatabaseRole(f"table {name} lacks forced row-level security")
