"""Users, server-side sign-in sessions and API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow


class _Person(UserMixin):
    """What tenant users and platform users share."""

    kind = "user"
    tenant_id: int | None

    def get_id(self):
        """Flask-Login keeps this in the cookie: the secret of the server-side session."""
        return getattr(self, "session_secret", None)

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None


class User(_Person, TenantOwned, db.Model):
    """A person in one tenant: MA staff or an applicant."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("tenant_id", "email"), UniqueConstraint("tenant_id", "id"))
    __audit_exclude__ = {"password_hash", "totp_secret", "version"}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the person proved the address (link in an e-mail, or created by an administrator).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class PlatformUser(_Person, db.Model):
    """A platform operator or a Commission reader: no tenant of their own."""

    __tablename__ = "platform_users"
    __audit_exclude__ = {"password_hash", "totp_secret"}
    kind = "platform_user"
    tenant_id = None

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuthSession(db.Model):
    """A server-side sign-in session. The cookie carries only a random id; the row decides.

    Logging out revokes the row, so a copied cookie is worthless afterwards (ISOLATION.md).
    Not tenant-owned: it is looked up by the hash of a secret before the tenant is known, and
    the tenant it names must then match the URL's.
    """

    __tablename__ = "auth_sessions"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    platform_user_id: Mapped[int | None] = mapped_column(ForeignKey("platform_users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(db.Model):
    """A Bearer token for the API, stored as a SHA-256 hash; revocable."""

    __tablename__ = "api_tokens"
    __audit_exclude__ = {"token_hash", "last_used_at"}

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # shown to tell tokens apart
    name: Mapped[str] = mapped_column(String(100), default="")
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    platform_user_id: Mapped[int | None] = mapped_column(ForeignKey("platform_users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EmailToken(TenantOwned, db.Model):
    """A single-use link sent to an address (``purpose`` "verify": confirm a registration; "reset": set a
    forgotten password, accounts.password_reset).

    Only the SHA-256 of the secret is stored; the job that sends the e-mail draws the secret, so
    it never sits in the database or in a job's arguments.
    """

    __tablename__ = "email_tokens"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "token_hash"),
    )
    __audit_exclude__ = {"token_hash"}

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16), default="verify")
    token_hash: Mapped[str | None] = mapped_column(String(64))  # set when the e-mail is sent
    user_id: Mapped[int]
    email: Mapped[str] = mapped_column(String(254))  # the address the link proves
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
