"""Base pieces of every model: the tenant-owned mixin and timestamp helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import DateTime, TypeDecorator

from service.tenancy import clock

MAX_ID = 2**31 - 1  # ids are PostgreSQL integers: a larger one in a URL is no object of ours


def utcnow() -> datetime:
    """Now, in UTC (service.tenancy.clock: the demo may play its history at an earlier instant)."""
    return clock.now()


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC instant on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give an aware UTC instant")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TenantOwned:
    """Mixin for every table whose rows belong to one tenant.

    Queries on these models are filtered to the current tenant automatically and raise
    outside a tenant scope (tenancy.scoping); on PostgreSQL, row-level security enforces
    the same (migrations: ``enable_tenant_rls``). Set ``__platform_rows__ = True`` on a model
    whose rows may also belong to the platform (tenant_id NULL), such as the audit trail.
    """

    __platform_rows__ = False

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        nullable = bool(getattr(cls, "__platform_rows__", False))
        return mapped_column(ForeignKey("tenants.id"), nullable=nullable, index=True)
