"""A refused request, counted: one row per person, method, path and answer in each minute (bounded flooding)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow


class SecurityEvent(TenantOwned, db.Model):
    __tablename__ = "security_events"
    __audit__ = False  # written beside the request's transaction, not a change of data
    __table_args__ = (
        UniqueConstraint("tenant_id", "actor", "method", "path", "status", "minute"),
        CheckConstraint("status IN (403, 404)", name="status"),
        CheckConstraint("count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minute: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # the UTC minute of the first one
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    count: Mapped[int] = mapped_column(Integer, default=1)
    # "user:12", "platform_user:3"; "foreign_session" / "foreign_token": a session or token of another tenant,
    # whose person this tenant is not told.
    actor: Mapped[str] = mapped_column(String(64))
    actor_label: Mapped[str] = mapped_column(String(254), default="")  # the e-mail of a person of this tenant
    actor_role: Mapped[str | None] = mapped_column(String(32))
    actor_tenant: Mapped[str | None] = mapped_column(String(8))  # the session's or token's tenant code
    via: Mapped[str] = mapped_column(String(8))  # page | api
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(500))  # never the query string
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(SmallInteger)
    ip: Mapped[str | None] = mapped_column(String(45))
