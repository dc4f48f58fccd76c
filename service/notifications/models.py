"""One notification to one person. The same key for the same person is the same notification, so
whatever enqueues it twice (a retried job, a repeated request) tells them once. The text is written
in the reader's language when it is read or e-mailed, from its kind and parameters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

# pending: to be e-mailed; sending: claimed by a delivery (reclaimed when stale); sent; failed (retried).
EMAIL_STATUSES = ("pending", "sending", "sent", "failed")


class Notification(TenantOwned, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "user_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[str] = mapped_column(String(16), default="pending")
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_to: Mapped[str] = mapped_column(String(254), default="")
    email_language: Mapped[str | None] = mapped_column(String(8))
    email_message_id: Mapped[str | None] = mapped_column(String(200))
    email_error: Mapped[str | None] = mapped_column(Text)
